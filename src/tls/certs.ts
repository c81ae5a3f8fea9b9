// The server's certificates and signatures, through src/x509: chain validation against the CA file with the
// host name (registered by use-pathcheck.ts), the leaf's public key, and verification of handshake signatures
// (CertificateVerify in TLS 1.3, ServerKeyExchange in TLS 1.2). X.509 failures become the matching TLS alert
// with the exact reason.
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
import { chainImpl } from "./features"
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

export function keyIsEc(key: PublicKey): boolean {
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
