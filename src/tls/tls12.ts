// TLS 1.2 ECDHE handshake after the ServerHello (RFC 5246, RFC 8422, RFC 7627 extended master secret,
// RFC 5746 renegotiation_info, AEAD suites RFC 5288 / RFC 7905): Certificate, ServerKeyExchange (signature
// verified), [CertificateRequest], ServerHelloDone; [Certificate], ClientKeyExchange, [CertificateVerify], CCS,
// Finished; server CCS, Finished.
import { tls12Prf } from "../crypto/prf"
import { ByteReader } from "./bytes"
import { Alert, TlsError, failIf } from "./errors"
import { HandshakeType } from "./hello"
import { Hs } from "./handshake"
import { TlsSocket } from "./conn"
import { newKeyShare, sharedSecret } from "./kex"
import { ContentType } from "./record"
import { protection } from "./aead"
import { AEAD_CHACHA20_POLY1305, KX_ECDHE_ECDSA, TLS12, groupName } from "./suites"
import { sendCertificateVerify, sendClientCertificate, serverKey, verifyHandshakeSignature } from "./certs"
import { KEY_EC } from "../x509/sig"

export async function handshake12(hs: Hs): Promise<TlsSocket> {
    const suite = hs.suite
    const alg = suite.hash
    const rl = hs.rl
    const info = hs.info
    const cr = hs.clientRandom
    const sr = hs.serverRandom

    const key = await serverKey(hs, await hs.next(HandshakeType.Certificate, "Certificate"), false)
    failIf((key.kind === KEY_EC) !== (suite.kx === KX_ECDHE_ECDSA), Alert.UnsupportedCertificate, "server certificate key type does not match " + suite.name)

    // ServerKeyExchange: ECParameters (named curve) + point, signed with the certificate key
    const ske = await hs.next(HandshakeType.ServerKeyExchange, "ServerKeyExchange")
    let r = new ByteReader(ske, "ServerKeyExchange", 4)
    failIf(r.int(1) !== 3, Alert.IllegalParameter, "ServerKeyExchange without a named curve")
    const group = r.int(2)
    failIf(hs.groups.indexOf(group) < 0, Alert.IllegalParameter, "server chose " + groupName(group) + ", not offered")
    const point = r.vec(1)
    await verifyHandshakeSignature(key, r, Buffer.concat(cr, sr, ske.slice(4, r.pos)), false)
    info.group = groupName(group)

    let m = await hs.next()
    let certReq: Buffer = null
    if (m[0] === HandshakeType.CertificateRequest) {
        certReq = m
        m = await hs.next()
    }
    failIf(m[0] !== HandshakeType.ServerHelloDone, Alert.UnexpectedMessage, "expected ServerHelloDone, got handshake message type " + m[0], m.length !== 4)

    // our key share and the premaster secret
    const share = await newKeyShare(group)
    const pms = await sharedSecret(share, point)
    let cs = 0
    if (certReq) {
        // CertificateRequest (RFC 5246 7.4.4): certificate types, signature schemes, CA names (not used: the
        // server judges our chain); our key's type must be among the types (rsa_sign 1, ecdsa_sign 64)
        r = new ByteReader(certReq, "CertificateRequest", 4)
        const types = r.vec(1)
        const schemes = r.sub(2)
        r.vec(2)
        r.done()
        const k = hs.clientKey
        cs = await sendClientCertificate(hs, k && types.indexOf(k.kind === KEY_EC ? 64 : 1) >= 0 ? schemes : null, null)
    }
    await hs.send(HandshakeType.ClientKeyExchange, Buffer.concat(Buffer.from([share.pub.length]), share.pub))

    // the extended master secret's session hash ends with the ClientKeyExchange (RFC 7627 3)
    const master = hs.ems
        ? await tls12Prf(alg, pms, "extended master secret", await hs.digest(), 48)
        : await tls12Prf(alg, pms, "master secret", Buffer.concat(cr, sr), 48)
    if (cs) await sendCertificateVerify(hs, cs, false)
    // fixed IV from the key block: 4 bytes (GCM salt) or 12 (ChaCha20-Poly1305)
    const iv = suite.aead === AEAD_CHACHA20_POLY1305 ? 12 : 4
    const k = suite.keyLen
    const kb = await tls12Prf(alg, master, "key expansion", Buffer.concat(sr, cr), 2 * (k + iv))

    await rl.writeRecord(ContentType.ChangeCipherSpec, hex`01`)
    rl.write = await protection(suite, TLS12, kb.slice(0, k), kb.slice(2 * k, 2 * k + iv))
    await hs.send(HandshakeType.Finished, await tls12Prf(alg, master, "client finished", await hs.digest(), 12))

    // the server's change_cipher_spec (nothing may be pending before it) switches to its keys, then its Finished
    hs.noPending("before change_cipher_spec")
    hs.ccsRead = await protection(suite, TLS12, kb.slice(k, 2 * k), kb.slice(2 * k + iv, 2 * k + 2 * iv))
    await hs.finished(await tls12Prf(alg, master, "server finished", await hs.digest(), 12))
    return new TlsSocket(rl, TLS12, suite, info)
}
