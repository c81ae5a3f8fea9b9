// Public keys and signature verification, dispatched by algorithm.
//
// This module holds keys and algorithms as parsed from certificates, hashes the signed bytes and calls the
// arithmetic of src/crypto (RSA PKCS#1 v1.5 and PSS, ECDSA P-256/P-384), or the SignatureVerifier a test
// installed (verifiers.ts). A failure inside the arithmetic reports its code: never a silent success.
import { digest } from "../crypto/native"
import { hash } from "../crypto/digest"
import { HashAlg } from "../crypto/hash"
import { E_BAD_SIGNATURE, errorCode } from "./errors"
import { SIG_RSA_PSS } from "./oids"
import { SignatureVerifier } from "./verifiers"
import { rsaVerifyPkcs1, rsaVerifyPss, RsaHash } from "../crypto/rsa"
import { ecdsaVerify, ecdsaSigFromDer } from "../crypto/ecdsa"
import { P256 } from "../crypto/p256"
import { P384 } from "../crypto/p384"

export const KEY_RSA = 1
export const KEY_EC = 2

/**
 * A public key as offsets into a buffer that holds it (the certificate's DER: no copy; a Certificate is its own
 * key, cert.ts).
 * RSA: modulus buf[a, b) and exponent buf[c, d) (magnitudes, no leading zero). EC: the uncompressed point
 * 04||X||Y in buf[a, b), curve 256 or 384.
 */
export interface PublicKey {
    kind: number
    buf: Buffer
    a: number
    b: number
    c: number
    d: number
    /** 256 or 384 for EC, 0 for RSA */
    curve: number
    /** modulus size or curve size in bits */
    bits: number
}

/**
 * A signature algorithm: SIG_* id, hash name, and for PSS the salt length (MGF1 uses the same hash; salt = hash
 * length), else -1.
 */
export class SigAlg {
    id: number
    hash: string
    salt: number
    /** h: hash index, 0 SHA-1, 1 SHA-256, 2 SHA-384, 3 SHA-512 */
    constructor(id: number, h: number) {
        this.id = id
        this.hash = h ? "sha" + (128 + 128 * h) : "sha1"
        this.salt = id === SIG_RSA_PSS ? 16 + 16 * h : -1
    }
    isRsa(): boolean {
        return this.id <= SIG_RSA_PSS
    }
}

// TLS SignatureScheme (u16 little-endian) → SIG_* id * 4 + hash index
const TLS_SIGS = hex`010204 010409 01050e 010613 030218 03041d 030522 030627 040815 050816 060817 090815 0a0816 0b0817`

/**
 * TLS SignatureScheme (RFC 8446 4.2.3) → SigAlg, or undefined if unknown: rsa_pkcs1_*, ecdsa_*, and
 * rsa_pss_rsae_* / rsa_pss_pss_* (salt = hash length).
 */
export function sigAlgFromTls(scheme: number): SigAlg {
    for (let i = 0; i < TLS_SIGS.length; i += 3) {
        const v = TLS_SIGS[i + 2]
        if (TLS_SIGS.getAt(i, "u16") === scheme) return new SigAlg(v >> 2, v & 3)
    }
    return undefined
}

/** null: src/crypto (RSA PKCS#1 v1.5 and PSS, ECDSA P-256 and P-384) */
let verifier: SignatureVerifier = null

/** Replaces the signature arithmetic (tests; null: src/crypto). Returns the previous one. */
export function setSignatureVerifier(v: SignatureVerifier): SignatureVerifier {
    const old = verifier
    verifier = v
    return old
}

/**
 * Hashes msg[ms, me) with the algorithm's hash and verifies the signature sigBuf[ss, se): for RSA the raw
 * signature, for ECDSA the DER Ecdsa-Sig-Value (as in certificates and TLS). Returns 0, E_BAD_SIGNATURE or
 * E_NO_VERIFIER.
 */
export async function verifySignature(key: PublicKey, alg: SigAlg, msg: Buffer, ms: number, me: number, sigBuf: Buffer, ss: number, se: number): Promise<number> {
    const rsa = alg.id <= SIG_RSA_PSS
    const kb = key.buf
    const k = key.b - key.a
    const len = se - ss
    if (+(key.kind !== (rsa ? KEY_RSA : KEY_EC)) | +(rsa && (len - 1) >>> 0 >= k)) return E_BAD_SIGNATURE
    // SHA-256 natively on one copy of the bytes; the others through src/crypto
    const m = msg.slice(ms, me)
    const h = alg.hash
    const dig = h === "sha256" ? digest("sha256", m) : await hash(h as HashAlg, m)
    const pub = kb.slice(key.a, key.b)
    const v = verifier
    let sig = sigBuf.slice(ss, se)
    let ok: boolean
    try {
        if (rsa) {
            // left-padded to the modulus size (some signers drop leading zero bytes)
            sig = Buffer.alloc(k)
            sig.blitAt(k - len, sigBuf, ss, len)
        }
        if (v) ok = await v(key, alg, dig, sig)
        else if (rsa) {
            const rk = { n: pub, e: kb.slice(key.c, key.d) }
            ok = alg.id === SIG_RSA_PSS ? await rsaVerifyPss(rk, h as RsaHash, dig, sig, alg.salt) : await rsaVerifyPkcs1(rk, h as RsaHash, dig, sig)
        } else {
            const rs = ecdsaSigFromDer(sig)
            ok = !!rs && (await ecdsaVerify(key.curve === 256 ? P256 : P384, pub, dig, rs.r, rs.s))
        }
    } catch (e) {
        return errorCode(e)
    }
    return ok ? 0 : E_BAD_SIGNATURE
}
