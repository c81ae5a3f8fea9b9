// TLS 1.3 handshake after the ServerHello (RFC 8446): handshake keys, EncryptedExtensions, optional
// CertificateRequest, Certificate (chain verified), CertificateVerify, Finished, application keys, then our
// compatibility CCS, Certificate + CertificateVerify if asked (empty Certificate without a client key), and
// Finished.
import { deriveSecret } from "../crypto/hkdf"
import { ByteReader } from "./bytes"
import { Alert, TlsError, failIf } from "./errors"
import { HandshakeType } from "./hello"
import { onlyExtensions, readExtensions } from "./client"
import { Hs } from "./handshake"
import { TlsSocket } from "./conn"
import { finishedData, nextStage, nextTrafficSecret } from "./keyschedule"
import { KeyShare, sharedSecret } from "./kex"
import { ContentType, RecordLayer } from "./record"
import { protection13 } from "./aead"
import { Suite, TLS13, groupName } from "./suites"
import { cvContent, sendCertificateVerify, sendClientCertificate, serverKey, verifyHandshakeSignature } from "./certs"

export async function handshake13(hs: Hs, share: KeyShare, serverPub: Buffer): Promise<TlsSocket> {
    const suite = hs.suite
    const alg = suite.hash
    const rl = hs.rl
    hs.info.group = groupName(share.group)

    // handshake secrets
    const hsSecret = await nextStage(alg, null, await sharedSecret(share, serverPub))
    let th = await hs.digest()
    const cHs = await deriveSecret(alg, hsSecret, "c hs traffic", th)
    const sHs = await deriveSecret(alg, hsSecret, "s hs traffic", th)
    hs.noPending("after ServerHello before the key change")
    rl.read = await protection13(suite, sHs)
    hs.allowCcs = true

    // EncryptedExtensions may only answer what we offered there: server_name and supported_groups
    let types: number[] = []
    readExtensions(new ByteReader(await hs.next(HandshakeType.EncryptedExtensions, "EncryptedExtensions"), "EncryptedExtensions", 4), "EncryptedExtensions", types)
    onlyExtensions(types, ",0,10,", "EncryptedExtensions")

    let m = await hs.next()
    let certCtx: Buffer = null
    let schemes: ByteReader = null
    if (m[0] === HandshakeType.CertificateRequest) {
        // context, extensions: signature_algorithms is required (RFC 8446 4.3.2), the others are not used
        const r = new ByteReader(m, "CertificateRequest", 4)
        certCtx = r.vec(1)
        types = []
        const bodies = readExtensions(r, "CertificateRequest", types)
        const i = types.indexOf(13) // signature_algorithms
        failIf(i < 0, Alert.MissingExtension, "CertificateRequest without signature_algorithms")
        schemes = bodies[i].sub(2)
        m = await hs.next()
    }
    failIf(m[0] !== HandshakeType.Certificate, Alert.UnexpectedMessage, "expected Certificate, got handshake message type " + m[0])
    const key = await serverKey(hs, m, true)
    m = null

    // CertificateVerify: signature over the transcript up to Certificate
    th = await hs.digest()
    const cv = await hs.next(HandshakeType.CertificateVerify, "CertificateVerify")
    await verifyHandshakeSignature(key, new ByteReader(cv, "CertificateVerify", 4), cvContent(th, "server"), true)

    // server Finished, then the application secrets from the transcript through it
    await hs.finished(await finishedData(alg, sHs, await hs.digest()))
    th = await hs.digest()
    const master = await nextStage(alg, hsSecret, null)
    const cAp = await deriveSecret(alg, master, "c ap traffic", th)
    const sAp = await deriveSecret(alg, master, "s ap traffic", th)
    // heap: no read keys during our flight (nothing is read before our Finished is sent): an RSA-2048
    // signature for client authentication needs the room of one AES-GCM key
    rl.read = null

    // our flight: compatibility CCS (we sent a session id), [Certificate + CertificateVerify], Finished
    await rl.writeRecord(ContentType.ChangeCipherSpec, hex`01`)
    rl.write = await protection13(suite, cHs)
    if (schemes) {
        const cs = await sendClientCertificate(hs, schemes, certCtx)
        if (cs) await sendCertificateVerify(hs, cs, true)
    }
    await hs.send(HandshakeType.Finished, await finishedData(alg, cHs, await hs.digest()))
    rl.write = await protection13(suite, cAp)
    rl.read = await protection13(suite, sAp)

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
