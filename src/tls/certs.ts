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
import { Alert, TlsError } from "./errors"
import { Hs } from "./client"
import { SIG_SCHEMES } from "./suites"

/** TLS alert for an X.509 validation failure */
export function certAlert(err: number): number {
    if (err === E_EXPIRED || err === E_NOT_YET_VALID) return Alert.CertificateExpired
    if (err === E_UNKNOWN_ISSUER) return Alert.UnknownCa
    if (err === E_UNSUPPORTED_ALG || err === E_KEY_SIZE || err === E_CRITICAL_EXT) return Alert.UnsupportedCertificate
    if (err === E_NO_VERIFIER || err === E_MEMORY) return Alert.InternalError
    return Alert.BadCertificate
}

function subjectOf(c: Certificate): string {
    const cn = commonName(c.buf, c.subjectS, c.subjectE)
    return cn ? "CN=" + cn : ""
}

/**
 * Validates the presented chain (leaf first) unless verification is off, records the verify result and the
 * peer subject in the connection info, and returns the leaf's public key.
 */
export async function verifyServerCertificates(hs: Hs, ders: Buffer[]): Promise<PublicKey> {
    const info = hs.info
    if (hs.opts.verify === false) {
        let leaf: Certificate
        try {
            leaf = await parseCertificate(ders[0])
        } catch (e) {
            throw new TlsError(Alert.BadCertificate, "server certificate unreadable: " + x509ErrorName(errorCode(e)))
        }
        info.verify = "off (unverified)"
        info.peerSubject = subjectOf(leaf)
        return leaf.key
    }
    if (!hs.opts.ca || hs.opts.ca.length === 0) {
        info.verify = "failed: no CA file"
        throw new TlsError(Alert.UnknownCa, "server certificate cannot be verified: no CA file set")
    }
    if (!chainImpl.run) throw new TlsError(Alert.InternalError, "certificate path validation not built in")
    const r = await chainImpl.run(ders, hs.opts.ca, hs.serverName)
    if (r.err) {
        info.verify = "failed: " + r.msg
        throw new TlsError(certAlert(r.err), "server certificate rejected: " + r.msg)
    }
    info.verify = "ok"
    info.peerSubject = subjectOf(r.leaf)
    return r.leaf.key
}

/** an EC key (public or private) */
export function keyIsEc(key: { kind: number }): boolean {
    return key.kind === KEY_EC
}

/** Verifies a handshake signature of the server; failure is decrypt_error, a wrong scheme illegal_parameter. */
export async function verifyHandshakeSignature(key: PublicKey, scheme: number, content: Buffer, sig: Buffer) {
    const alg = sigAlgFromTls(scheme)
    if (!alg || SIG_SCHEMES.indexOf(scheme) < 0)
        throw new TlsError(Alert.IllegalParameter, "server used a signature scheme we did not offer")
    if (alg.isRsa() !== (key.kind === KEY_RSA))
        throw new TlsError(Alert.IllegalParameter, "signature scheme does not match the server key")
    const err = await verifySignature(key, alg, content, 0, content.length, sig, 0, sig.length)
    if (err === E_BAD_SIGNATURE) throw new TlsError(Alert.DecryptError, "server handshake signature does not verify")
    if (err) throw new TlsError(certAlert(err), "server handshake signature: " + x509ErrorName(err))
}

/** what a TLS 1.3 CertificateVerify signs: 64 spaces, the context string of `side`, 0, the transcript hash */
export function cvContent(th: Buffer, side: string): Buffer {
    const ctx = Buffer.from("TLS 1.3, " + side + " CertificateVerify")
    const b = Buffer.alloc(64 + ctx.length + 1 + th.length)
    b.fillAt(0, 64, 0x20)
    b.blitAt(64, ctx, 0, ctx.length)
    b.blitAt(65 + ctx.length, th, 0, th.length)
    return b
}

/**
 * Answers a CertificateRequest with our Certificate message: the configured chain when a signature scheme the
 * server accepts fits our key (`offered` reads the u16 list of its request), else an empty one. `ctx` is the
 * TLS 1.3 certificate_request_context (null in TLS 1.2). Returns the scheme for the CertificateVerify that must
 * follow (sendCertificateVerify), 0 when the Certificate was empty. Schemes: SHA-256 only —
 * ecdsa_secp256r1_sha256 for a P-256 key; rsa_pss_rsae_sha256 for RSA, or in TLS 1.2 rsa_pkcs1_sha256 when the
 * server does not take PSS.
 */
export async function sendClientCertificate(hs: Hs, offered: ByteReader, ctx: Buffer): Promise<number> {
    const key = hs.opts.clientKey
    let scheme = 0
    if (key) {
        const want = key.kind === KEY_EC ? (key.curve === 256 ? 0x0403 : 0) : 0x0804
        let alt = key.kind === KEY_RSA && ctx === null ? 0x0401 : 0
        while (offered.remaining() > 1 && scheme !== want) {
            const s = offered.int(2)
            if (s === want || s === alt) scheme = s
        }
    }
    hs.info.clientAuth = scheme ? "sent" : key ? "empty: no signature scheme in common" : "empty: none configured"
    const chain = scheme ? hs.opts.clientChain : []
    const w = new ByteWriter(1024)
    w.int(HandshakeType.Certificate, 1)
    const end = w.lenField(3)
    if (ctx !== null) w.vec(ctx, 1)
    const list = w.lenField(3)
    for (let i = 0; i < chain.length; i++) {
        w.vec(chain[i], 3)
        if (ctx !== null) w.int(0, 2) // no per-certificate extensions
    }
    list()
    end()
    await hs.send(w.result())
    return scheme
}

/**
 * Our CertificateVerify with `scheme`: TLS 1.3 signs the context string + transcript hash, TLS 1.2 the
 * handshake messages so far (their SHA-256).
 */
export async function sendCertificateVerify(hs: Hs, scheme: number, tls13: boolean) {
    const digest = tls13 ? await hash("sha256", cvContent(await hs.tr.digest(), "client")) : await hs.tr.digest256()
    const sig = await signImpl.run(hs.opts.clientKey, scheme, digest)
    const v = new ByteWriter(8 + sig.length)
    v.int(HandshakeType.CertificateVerify, 1)
    v.int(4 + sig.length, 3)
    v.int(scheme, 2)
    v.vec(sig, 2)
    await hs.send(v.result())
}
