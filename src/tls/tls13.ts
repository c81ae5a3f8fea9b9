// TLS 1.3 handshake after the ServerHello (RFC 8446): handshake keys, EncryptedExtensions, optional
// CertificateRequest, Certificate (chain verified), CertificateVerify, Finished, application keys, then our
// compatibility CCS, (empty) Certificate if asked, and Finished.
import { deriveSecret } from "../crypto/hkdf"
import { ByteReader, ByteWriter, bufEq } from "./bytes"
import { Alert, TlsError } from "./errors"
import { HandshakeType } from "./hello"
import { Hs, onlyExtensions } from "./client"
import { TlsSocket } from "./conn"
import { earlySecret, finishedData, nextStage, nextTrafficSecret } from "./keyschedule"
import { KeyShare, sharedSecret } from "./kex"
import { ContentType, RecordLayer } from "./record"
import { protection13 } from "./aead"
import { Suite, TLS13, groupName } from "./suites"
import { verifyHandshakeSignature, verifyServerCertificates } from "./certs"

/** the 64 spaces + context string + 0 that precede the transcript hash in a server CertificateVerify */
function cvContent(th: Buffer): Buffer {
    const ctx = Buffer.from("TLS 1.3, server CertificateVerify")
    const b = Buffer.alloc(64 + ctx.length + 1 + th.length)
    b.fillAt(0, 64, 0x20)
    b.blitAt(64, ctx, 0, ctx.length)
    b.blitAt(65 + ctx.length, th, 0, th.length)
    return b
}

/** EncryptedExtensions may only answer what we offered there: server_name and supported_groups */
function checkEncryptedExtensions(msg: Buffer) {
    const r = new ByteReader(msg, "EncryptedExtensions", 4)
    const exts = r.sub(2, "EncryptedExtensions")
    r.done()
    const types: number[] = []
    while (exts.remaining() > 0) {
        const t = exts.int(2)
        exts.vec(2)
        if (types.indexOf(t) >= 0) throw new TlsError(Alert.IllegalParameter, "EncryptedExtensions repeats extension " + t)
        types.push(t)
    }
    onlyExtensions(types, ",0,10,", "EncryptedExtensions")
}

/** Certificate (TLS 1.3): the DER certificates, leaf first */
function parseCertificate13(msg: Buffer): Buffer[] {
    const r = new ByteReader(msg, "Certificate", 4)
    if (r.vec(1).length !== 0) throw new TlsError(Alert.IllegalParameter, "server Certificate has a request context")
    const list = r.sub(3, "certificate_list")
    r.done()
    const certs: Buffer[] = []
    while (list.remaining() > 0) {
        const der = list.vec(3)
        if (der.length === 0) throw new TlsError(Alert.DecodeError, "empty certificate entry")
        certs.push(der)
        list.vec(2) // per-certificate extensions (none offered: OCSP/SCT not requested)
    }
    if (certs.length === 0) throw new TlsError(Alert.DecodeError, "server sent no certificate")
    return certs
}

function finishedMessage(verify: Buffer): Buffer {
    const w = new ByteWriter(4 + verify.length)
    w.u8(HandshakeType.Finished)
    w.int(verify.length, 3)
    w.bytes(verify)
    return w.result()
}

export async function handshake13(hs: Hs, share: KeyShare, serverPub: Buffer): Promise<TlsSocket> {
    const suite = hs.suite
    const alg = suite.hash
    const rl = hs.rl
    hs.info.group = groupName(share.group)

    // handshake secrets
    const ecdhe = await sharedSecret(share, serverPub)
    const hsSecret = await nextStage(alg, await earlySecret(alg), ecdhe)
    let th = await hs.tr.digest()
    const cHs = await deriveSecret(alg, hsSecret, "c hs traffic", th)
    const sHs = await deriveSecret(alg, hsSecret, "s hs traffic", th)
    if (!hs.hr.empty()) throw new TlsError(Alert.UnexpectedMessage, "handshake data after ServerHello before the key change")
    rl.read = await protection13(suite, sHs)
    hs.hr.allowCcs = true

    checkEncryptedExtensions(await hs.expect(HandshakeType.EncryptedExtensions, "EncryptedExtensions"))

    let m = await hs.hr.next()
    let certRequest: Buffer = null
    if (m[0] === HandshakeType.CertificateRequest) {
        // client authentication is not configured here: we answer with an empty Certificate (RFC 8446 4.4.2)
        const r = new ByteReader(m, "CertificateRequest", 4)
        certRequest = r.vec(1)
        await hs.tr.add(m)
        m = await hs.hr.next()
    }
    if (m[0] !== HandshakeType.Certificate)
        throw new TlsError(Alert.UnexpectedMessage, "expected Certificate, got handshake message type " + m[0])
    await hs.tr.add(m)
    const key = await verifyServerCertificates(hs, parseCertificate13(m))
    m = null

    // CertificateVerify: signature over the transcript up to Certificate
    th = await hs.tr.digest()
    const cv = await hs.hr.expect(HandshakeType.CertificateVerify, "CertificateVerify")
    const cr = new ByteReader(cv, "CertificateVerify", 4)
    const scheme = cr.int(2)
    const sig = cr.vec(2)
    cr.done()
    if ((scheme & 0xff) === 0x01 || (scheme & 0xff) === 0x02)
        throw new TlsError(Alert.IllegalParameter, "RSA PKCS#1 / SHA-1 signature scheme in a TLS 1.3 CertificateVerify")
    await verifyHandshakeSignature(key, scheme, cvContent(th), sig)
    await hs.tr.add(cv)

    // server Finished
    th = await hs.tr.digest()
    const fin = await hs.hr.expect(HandshakeType.Finished, "Finished")
    const expected = await finishedData(alg, sHs, th)
    if (fin.length !== 4 + expected.length || !bufEq(fin.slice(4), expected))
        throw new TlsError(Alert.DecryptError, "server Finished does not verify")
    await hs.tr.add(fin)

    // application secrets from the transcript through the server Finished
    th = await hs.tr.digest()
    const master = await nextStage(alg, hsSecret, null)
    const cAp = await deriveSecret(alg, master, "c ap traffic", th)
    const sAp = await deriveSecret(alg, master, "s ap traffic", th)
    if (!hs.hr.empty()) throw new TlsError(Alert.UnexpectedMessage, "handshake data after the server Finished")
    rl.read = await protection13(suite, sAp)

    // our flight: compatibility CCS (we sent a session id), [Certificate], Finished
    await rl.writeRecord(ContentType.ChangeCipherSpec, Buffer.from([1]))
    rl.write = await protection13(suite, cHs)
    if (certRequest !== null) {
        const w = new ByteWriter(16)
        w.u8(HandshakeType.Certificate)
        const end = w.lenField(3)
        w.vec(certRequest, 1)
        w.int(0, 3)
        end()
        await hs.send(w.result())
    }
    th = await hs.tr.digest()
    await hs.send(finishedMessage(await finishedData(alg, cHs, th)))
    rl.write = await protection13(suite, cAp)

    const sock = new TlsSocket(rl, TLS13, suite, hs.info)
    sock.keyUpdate = keyUpdater(rl, suite, sAp, cAp)
    return sock
}

/**
 * KeyUpdate (RFC 8446 4.6.3): the next traffic secret for reading, and for writing when the server asks. (A
 * function of its own: a closure inside handshake13 would keep the whole handshake state alive.)
 */
function keyUpdater(rl: RecordLayer, suite: Suite, readSecret: Buffer, writeSecret: Buffer) {
    return async (requested: boolean) => {
        readSecret = await nextTrafficSecret(suite.hash, readSecret)
        rl.read = await protection13(suite, readSecret)
        if (requested) {
            await rl.writeRecord(ContentType.Handshake, hex`1800000100`)
            writeSecret = await nextTrafficSecret(suite.hash, writeSecret)
            rl.write = await protection13(suite, writeSecret)
        }
    }
}
