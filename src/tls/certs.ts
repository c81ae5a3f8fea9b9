// The server's certificates and signatures, through src/x509: chain validation against the CA file with the
// host name (registered by use-pathcheck.ts), the leaf's public key, and verification of handshake signatures
// (CertificateVerify in TLS 1.3, ServerKeyExchange in TLS 1.2). X.509 failures become the matching TLS alert
// with the exact reason. And our side of client authentication: the Certificate and CertificateVerify we send
// when the server asks (TLS 1.3 and 1.2 alike).
import { Certificate, commonName, parseCertificate } from "../x509/cert"
import {
    E_BAD_SIGNATURE,
    E_CRITICAL_EXT,
    E_EXPIRED,
    E_KEY_SIZE,
    E_MEMORY,
    E_NO_VERIFIER,
    E_NOT_YET_VALID,
    E_UNKNOWN_ISSUER,
    E_UNSUPPORTED_ALG,
    errorCode,
    x509ErrorName,
} from "../x509/errors"
import { chainImpl, signImpl } from "./features"
import { hash } from "../crypto/digest"
import { PrivateKey } from "../x509/keys"
import { ByteReader, ByteWriter } from "./bytes"
import { HandshakeType } from "./hello"
import { KEY_EC, KEY_RSA, PublicKey, sigAlgFromTls, verifySignature } from "../x509/sig"
import { Alert, TlsError, failIf } from "./errors"
import { Hs } from "./handshake"
import { SIG_SCHEMES } from "./suites"

/** TLS alert for an X.509 validation failure */
export function certAlert(err: number): number {
    if (err === E_EXPIRED || err === E_NOT_YET_VALID) return Alert.CertificateExpired
    if (err === E_UNKNOWN_ISSUER) return Alert.UnknownCa
    if (err === E_UNSUPPORTED_ALG || err === E_KEY_SIZE || err === E_CRITICAL_EXT) return Alert.UnsupportedCertificate
    if (err === E_NO_VERIFIER || err === E_MEMORY) return Alert.InternalError
    return Alert.BadCertificate
}

/**
 * The server's Certificate message (`tls13`: with request context and per-certificate extensions): validates
 * the chain (leaf first) unless verification is off, records the verify result and the peer subject in the
 * connection info, and returns the leaf's public key.
 */
export async function serverKey(hs: Hs, msg: Buffer, tls13: boolean): Promise<PublicKey> {
    const r = new ByteReader(msg, "Certificate", 4)
    failIf(tls13 && r.vec(1).length !== 0, Alert.IllegalParameter, "server Certificate has a request context")
    const list = r.sub(3)
    r.done()
    const ders: Buffer[] = []
    while (list.pos < list.end) {
        const der = list.vec(3)
        failIf(der.length === 0, Alert.DecodeError, "empty certificate entry")
        ders.push(der)
        if (tls13) list.vec(2) // per-certificate extensions (none offered: OCSP/SCT not requested)
    }
    failIf(ders.length === 0, Alert.DecodeError, "server sent no certificate")
    const info = hs.info
    const opts = hs.opts
    let leaf: Certificate
    if (opts.verify === false) {
        try {
            leaf = await parseCertificate(ders[0])
        } catch (e) {
            throw new TlsError(Alert.BadCertificate, "server certificate unreadable: " + x509ErrorName(errorCode(e)))
        }
        info.verify = "off (unverified)"
    } else {
        if (!opts.ca || opts.ca.length === 0) {
            info.verify = "failed: no CA file"
            throw new TlsError(Alert.UnknownCa, "server certificate cannot be verified: no CA file set")
        }
        failIf(!chainImpl.run, Alert.InternalError, "certificate path validation not built in")
        const v = await chainImpl.run(ders, opts.ca, hs.serverName)
        if (v.err) {
            info.verify = "failed: " + v.msg
            throw new TlsError(certAlert(v.err), "server certificate rejected: " + v.msg)
        }
        info.verify = "ok"
        leaf = v.leaf
    }
    const cn = commonName(leaf.buf, leaf.subjectS, leaf.subjectE)
    info.peerSubject = cn ? "CN=" + cn : ""
    return leaf.key
}

/**
 * Verifies a handshake signature of the server (scheme and signature read from `r`, which must end there) over
 * `content`; failure is decrypt_error, a wrong scheme illegal_parameter (RSA PKCS#1 and SHA-1 never in TLS 1.3).
 */
export async function verifyHandshakeSignature(key: PublicKey, r: ByteReader, content: Buffer, tls13: boolean) {
    const scheme = r.int(2)
    const sig = r.vec(2)
    r.done()
    failIf(tls13 && ((scheme & 0xff) === 0x01 || (scheme & 0xff) === 0x02), Alert.IllegalParameter, "RSA PKCS#1 / SHA-1 signature scheme in a TLS 1.3 CertificateVerify")
    const alg = sigAlgFromTls(scheme)
    failIf(!alg, Alert.IllegalParameter, "server used a signature scheme we did not offer", SIG_SCHEMES.indexOf(scheme) < 0)
    failIf(alg.isRsa() !== (key.kind === KEY_RSA), Alert.IllegalParameter, "signature scheme does not match the server key")
    const err = await verifySignature(key, alg, content, 0, content.length, sig, 0, sig.length)
    failIf(err === E_BAD_SIGNATURE, Alert.DecryptError, "server handshake signature does not verify")
    failIf(err, certAlert(err), "server handshake signature: " + x509ErrorName(err))
}

/** what a TLS 1.3 CertificateVerify signs: 64 spaces, the context string of `side`, 0, the transcript hash */
export function cvContent(th: Buffer, side: string): Buffer {
    return Buffer.concat(CV_SPACES, Buffer.from("TLS 1.3, " + side + " CertificateVerify"), hex`00`, th)
}

const CV_SPACES = hex`20202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020`

/**
 * Answers a CertificateRequest with our Certificate message: the configured chain when a signature scheme the
 * server accepts fits our key (`offered` reads the u16 list of its request; null: none fits), else an empty
 * one. `ctx` is the TLS 1.3 certificate_request_context (null in TLS 1.2). Returns the scheme for the
 * CertificateVerify that must follow (sendCertificateVerify), 0 when the Certificate was empty. Schemes:
 * SHA-256 only — ecdsa_secp256r1_sha256 for a P-256 key; rsa_pss_rsae_sha256 for RSA, or in TLS 1.2
 * rsa_pkcs1_sha256 when the server does not take PSS.
 */
export async function sendClientCertificate(hs: Hs, offered: ByteReader, ctx: Buffer): Promise<number> {
    const key = hs.clientKey
    let scheme = 0
    if (key) {
        const want = key.kind === KEY_EC ? (key.curve === 256 ? 0x0403 : 0) : 0x0804
        const alt = key.kind === KEY_RSA && ctx === null ? 0x0401 : 0
        while (offered && offered.pos < offered.end - 1 && scheme !== want) {
            const s = offered.int(2)
            if (s === want || s === alt) scheme = s
        }
    }
    hs.info.clientAuth = scheme ? "sent" : key ? "empty: no signature scheme in common" : "empty: none configured"
    const chain = scheme ? hs.opts.clientChain : []
    const w = new ByteWriter(1024)
    if (ctx !== null) w.vec(ctx, 1)
    const list = w.put(0, 3)
    for (let i = 0; i < chain.length; i++) {
        w.vec(chain[i], 3)
        if (ctx !== null) w.put(0, 2) // no per-certificate extensions
    }
    w.close(list, 3)
    await hs.send(HandshakeType.Certificate, w.result())
    return scheme
}

/**
 * Our CertificateVerify with `scheme`: TLS 1.3 signs the context string + transcript hash, TLS 1.2 the
 * handshake messages so far (their SHA-256).
 */
export async function sendCertificateVerify(hs: Hs, scheme: number, tls13: boolean) {
    const digest = tls13 ? await hash("sha256", cvContent(await hs.digest(), "client")) : await (hs.h256 || hs.h).digest()
    const sig = await signImpl.run(hs.clientKey, scheme, digest)
    const w = new ByteWriter(4 + sig.length)
    w.put(scheme, 2)
    w.vec(sig, 2)
    await hs.send(HandshakeType.CertificateVerify, w.result())
}
