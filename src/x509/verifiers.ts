// The interface of the signature arithmetic behind x509/TLS signature checks (sig.ts): by default src/crypto
// (RSA PKCS#1 v1.5 and PSS, ECDSA P-256 and P-384, called directly by sig.ts verifySignature); tests may
// install another with setSignatureVerifier. Type only: this module has no code.

/** The arithmetic. Each returns true only for a valid signature. */
export interface SignatureVerifier {
    /**
     * RSA: modulus n, exponent e (big-endian magnitudes), `digest` = hash(message) with `hash`, `sig` exactly
     * as long as n. pss = false: PKCS#1 v1.5 (DigestInfo with `hash`); pss = true: EMSA-PSS with MGF1(hash)
     * and salt length `salt`.
     */
    rsa(n: Buffer, e: Buffer, hash: string, digest: Buffer, sig: Buffer, pss: boolean, salt: number): Promise<boolean>
    /** ECDSA on P-256 (curve 256) or P-384 (384): `point` = 04||X||Y, `sig` the DER Ecdsa-Sig-Value. */
    ecdsa(curve: number, point: Buffer, digest: Buffer, sig: Buffer): Promise<boolean>
}
