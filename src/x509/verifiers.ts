// The bridge from x509/TLS signature checks to the arithmetic of src/crypto.
//
// SignatureVerifier is the small interface sig.ts dispatches to (by the algorithm of the certificate or TLS
// signature); CryptoVerifier implements it with src/crypto. RSA: PKCS#1 v1.5 and PSS; ECDSA: P-256 and
// P-384.
import { rsaVerifyPkcs1, rsaVerifyPss, RsaHash } from "../crypto/rsa"
import { ecdsaVerify, ecdsaSigFromDer } from "../crypto/ecdsa"
import { P256 } from "../crypto/p256"
import { P384 } from "../crypto/p384"

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

export class CryptoVerifier implements SignatureVerifier {
    async rsa(n: Buffer, e: Buffer, hash: string, digest: Buffer, sig: Buffer, pss: boolean, salt: number): Promise<boolean> {
        const key = { n: n, e: e }
        return pss ? await rsaVerifyPss(key, hash as RsaHash, digest, sig, salt) : await rsaVerifyPkcs1(key, hash as RsaHash, digest, sig)
    }
    async ecdsa(curve: number, point: Buffer, digest: Buffer, sig: Buffer): Promise<boolean> {
        const rs = ecdsaSigFromDer(sig)
        return !!rs && (await ecdsaVerify(curve === 256 ? P256 : P384, point, digest, rs.r, rs.s))
    }
}
