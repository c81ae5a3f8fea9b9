// TLS 1.2 ECDHE handshake after the ServerHello (RFC 5246, RFC 8422, RFC 7627 extended master secret,
// RFC 5746 renegotiation_info, AEAD suites RFC 5288 / RFC 7905): Certificate, ServerKeyExchange (signature
// verified), [CertificateRequest], ServerHelloDone; ClientKeyExchange, CCS, Finished; server CCS, Finished.
import { tls12Prf } from "../crypto/prf"
import { ByteReader, ByteWriter, bufEq } from "./bytes"
import { Alert, TlsError } from "./errors"
import { HandshakeType, ServerHello } from "./hello"
import { Hs } from "./client"
import { TlsSocket } from "./conn"
import { newKeyShare, sharedSecret } from "./kex"
import { ContentType, Protection } from "./record"
import { makeAead } from "./aead"
import { AEAD_CHACHA20_POLY1305, KX_ECDHE_ECDSA, SIG_SCHEMES, TLS12, groupName } from "./suites"
import { keyIsEc, verifyHandshakeSignature, verifyServerCertificates } from "./certs"

function parseCertificate12(msg: Buffer): Buffer[] {
    const r = new ByteReader(msg, "Certificate", 4)
    const list = r.sub(3, "certificate_list")
    r.done()
    const certs: Buffer[] = []
    while (list.remaining() > 0) {
        const der = list.vec(3)
        if (der.length === 0) throw new TlsError(Alert.DecodeError, "empty certificate entry")
        certs.push(der)
    }
    if (certs.length === 0) throw new TlsError(Alert.DecodeError, "server sent no certificate")
    return certs
}

export async function handshake12(hs: Hs, sh: ServerHello): Promise<TlsSocket> {
    const suite = hs.suite
    const alg = suite.hash
    const rl = hs.rl
    const info = hs.info
    if (sh.renegInfo !== null) {
        if (sh.renegInfo.length !== 0) throw new TlsError(Alert.HandshakeFailure, "non-empty renegotiation_info")
        info.secureReneg = true
    }
    info.ems = sh.ems

    const cert = await hs.expect(HandshakeType.Certificate, "Certificate")
    const key = await verifyServerCertificates(hs, parseCertificate12(cert))
    if (keyIsEc(key) !== (suite.kx === KX_ECDHE_ECDSA))
        throw new TlsError(Alert.UnsupportedCertificate, "server certificate key type does not match " + suite.name)

    // ServerKeyExchange: ECParameters (named curve) + point, signed with the certificate key
    const ske = await hs.expect(HandshakeType.ServerKeyExchange, "ServerKeyExchange")
    const r = new ByteReader(ske, "ServerKeyExchange", 4)
    if (r.int(1) !== 3) throw new TlsError(Alert.IllegalParameter, "ServerKeyExchange without a named curve")
    const group = r.int(2)
    if (hs.groups.indexOf(group) < 0) throw new TlsError(Alert.IllegalParameter, "server chose " + groupName(group) + ", not offered")
    const point = r.vec(1)
    const paramsEnd = r.pos
    const scheme = r.int(2)
    const sig = r.vec(2)
    r.done()
    if (SIG_SCHEMES.indexOf(scheme) < 0) throw new TlsError(Alert.IllegalParameter, "ServerKeyExchange signature scheme not offered")
    const signed = Buffer.alloc(64 + paramsEnd - 4)
    signed.blitAt(0, hs.clientRandom, 0, 32)
    signed.blitAt(32, hs.serverRandom, 0, 32)
    signed.blitAt(64, ske, 4, paramsEnd - 4)
    await verifyHandshakeSignature(key, scheme, signed, sig)
    info.group = groupName(group)

    let m = await hs.hr.next()
    let certRequested = false
    if (m[0] === HandshakeType.CertificateRequest) {
        certRequested = true // no client certificate configured: an empty Certificate answers (RFC 5246 7.4.6)
        await hs.tr.add(m)
        m = await hs.hr.next()
    }
    if (m[0] !== HandshakeType.ServerHelloDone || m.length !== 4)
        throw new TlsError(Alert.UnexpectedMessage, "expected ServerHelloDone, got handshake message type " + m[0])
    await hs.tr.add(m)

    // our key share and the premaster secret
    const share = await newKeyShare(group)
    const pms = await sharedSecret(share, point)
    if (certRequested) await hs.send(hex`0b000003000000`)
    const w = new ByteWriter(8 + share.pub.length)
    w.u8(HandshakeType.ClientKeyExchange)
    w.int(1 + share.pub.length, 3)
    w.vec(share.pub, 1)
    await hs.send(w.result())

    let master: Buffer
    if (sh.ems) master = await tls12Prf(alg, pms, "extended master secret", await hs.tr.digest(), 48)
    else master = await tls12Prf(alg, pms, "master secret", Buffer.concat(hs.clientRandom, hs.serverRandom), 48)
    // fixed IV from the key block: 4 bytes (GCM salt) or 12 (ChaCha20-Poly1305)
    const ivLen = suite.aead === AEAD_CHACHA20_POLY1305 ? 12 : 4
    const kb = await tls12Prf(alg, master, "key expansion", Buffer.concat(hs.serverRandom, hs.clientRandom), 2 * (suite.keyLen + ivLen))
    const k = suite.keyLen
    const cKey = kb.slice(0, k)
    const sKey = kb.slice(k, 2 * k)
    const cIv = kb.slice(2 * k, 2 * k + ivLen)
    const sIv = kb.slice(2 * k + ivLen, 2 * k + 2 * ivLen)

    await rl.writeRecord(ContentType.ChangeCipherSpec, Buffer.from([1]))
    rl.write = new Protection(TLS12, await makeAead(suite, cKey), cIv)
    const cvd = await tls12Prf(alg, master, "client finished", await hs.tr.digest(), 12)
    await hs.send(Buffer.concat(hex`1400000c`, cvd))

    await hs.hr.changeCipherSpec()
    rl.read = new Protection(TLS12, await makeAead(suite, sKey), sIv)
    const svd = await tls12Prf(alg, master, "server finished", await hs.tr.digest(), 12)
    const fin = await hs.hr.expect(HandshakeType.Finished, "Finished")
    if (fin.length !== 16 || !bufEq(fin.slice(4), svd)) throw new TlsError(Alert.DecryptError, "server Finished does not verify")
    if (!hs.hr.empty()) throw new TlsError(Alert.UnexpectedMessage, "handshake data after the server Finished")
    return new TlsSocket(rl, TLS12, suite, info)
}
