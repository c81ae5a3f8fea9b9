// Public keys and signature verification, dispatched by algorithm.
//
// The arithmetic lives in src/crypto behind the SignatureVerifier interface of verifiers.ts; this module
// holds keys and algorithms as parsed from certificates, hashes the signed bytes and calls the verifier
// (CryptoVerifier by default; tests may install another). A missing implementation reports E_NO_VERIFIER:
// never a silent success.
import { digest } from "@devicescript/crypto"
import { hash } from "../crypto/digest"
import { HashAlg } from "../crypto/hash"
import { E_BAD_SIGNATURE, x509Code } from "./errors"
import { SIG_RSA_PSS, SIG_RSA_SHA1, SIG_ECDSA_SHA1, SIG_RSA_SHA256, SIG_ECDSA_SHA256, SIG_RSA_SHA384, SIG_ECDSA_SHA384 } from "./oids"
import { CryptoVerifier, SignatureVerifier } from "./verifiers"

export const KEY_RSA = 1
export const KEY_EC = 2

/**
 * A public key as offsets into a buffer that holds it (usually the certificate's DER: no copy).
 * RSA: modulus buf[a, b) and exponent buf[c, d) (magnitudes, no leading zero). EC: the uncompressed point
 * 04||X||Y in buf[a, b), curve 256 or 384.
 */
export class PublicKey {
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
    constructor(kind: number, buf: Buffer, a: number, b: number, c: number, d: number, curve: number, bits: number) {
        this.kind = kind
        this.buf = buf
        this.a = a
        this.b = b
        this.c = c
        this.d = d
        this.curve = curve
        this.bits = bits
    }
}

/** A signature algorithm: SIG_* id, hash name, and for PSS the salt length (MGF1 uses the same hash), else -1. */
export class SigAlg {
    id: number
    hash: string
    salt: number
    constructor(id: number, hash: string, salt: number) {
        this.id = id
        this.hash = hash
        this.salt = salt
    }
    isRsa(): boolean {
        return this.id <= SIG_RSA_PSS
    }
}

/**
 * TLS SignatureScheme (RFC 8446 4.2.3) → SigAlg, or undefined if unknown: rsa_pkcs1_*, ecdsa_*, and
 * rsa_pss_rsae_* / rsa_pss_pss_* (salt = hash length).
 */
export function sigAlgFromTls(scheme: number): SigAlg {
    const lo = scheme & 0xff
    const hi = scheme >> 8
    if (hi === 8 && lo >= 4 && lo <= 11 && (lo < 7 || lo > 8)) {
        const k = (lo - 4) % 5
        return new SigAlg(SIG_RSA_PSS, ["sha256", "sha384", "sha512"][k], 32 + 16 * k)
    }
    // hi: 2 sha1, 4 sha256, 5 sha384, 6 sha512; lo: 1 RSA PKCS#1, 3 ECDSA
    if (hi < 2 || hi > 6 || hi === 3 || (lo !== 1 && lo !== 3)) return undefined
    const id = (lo === 1 ? SIG_RSA_SHA1 : SIG_ECDSA_SHA1) + (hi === 2 ? 0 : hi - 3)
    return new SigAlg(id, sigHash(id), -1)
}

/** The hash of a (non-PSS) signature algorithm id. */
export function sigHash(id: number): string {
    return id === SIG_RSA_SHA1 || id === SIG_ECDSA_SHA1
        ? "sha1"
        : id === SIG_RSA_SHA256 || id === SIG_ECDSA_SHA256
        ? "sha256"
        : id === SIG_RSA_SHA384 || id === SIG_ECDSA_SHA384
        ? "sha384"
        : "sha512"
}

let verifier: SignatureVerifier = new CryptoVerifier()

/** Replaces the signature arithmetic (tests). Returns the previous one. */
export function setSignatureVerifier(v: SignatureVerifier): SignatureVerifier {
    const old = verifier
    verifier = v
    return old
}

/**
 * Verifies a signature over an already computed digest. The signature is sigBuf[ss, se): for RSA the raw
 * signature, for ECDSA the DER Ecdsa-Sig-Value (as in certificates and TLS). Returns 0, E_BAD_SIGNATURE or
 * E_NO_VERIFIER.
 */
export async function verifyDigest(key: PublicKey, alg: SigAlg, dig: Buffer, sigBuf: Buffer, ss: number, se: number): Promise<number> {
    const rsa = alg.id <= SIG_RSA_PSS
    const kb = key.buf
    if (key.kind !== (rsa ? KEY_RSA : KEY_EC)) return E_BAD_SIGNATURE
    try {
        let ok: boolean
        if (rsa) {
            const k = key.b - key.a
            const len = se - ss
            if (len > k || len < 1) return E_BAD_SIGNATURE
            // left-padded to the modulus size (some signers drop leading zero bytes)
            const sig = Buffer.alloc(k)
            sig.blitAt(k - len, sigBuf, ss, len)
            ok = await verifier.rsa(kb.slice(key.a, key.b), kb.slice(key.c, key.d), alg.hash, dig, sig, alg.id === SIG_RSA_PSS, alg.salt)
        } else ok = await verifier.ecdsa(key.curve, kb.slice(key.a, key.b), dig, sigBuf.slice(ss, se))
        return ok ? 0 : E_BAD_SIGNATURE
    } catch (e) {
        return x509Code(e)
    }
}

/** Hashes msg[ms, me) with the algorithm's hash and verifies (see verifyDigest). */
export async function verifySignature(key: PublicKey, alg: SigAlg, msg: Buffer, ms: number, me: number, sigBuf: Buffer, ss: number, se: number): Promise<number> {
    // SHA-256 natively on one copy of the bytes; the others through src/crypto
    const m = msg.slice(ms, me)
    const dig = alg.hash === "sha256" ? digest("sha256", m) : await hash(alg.hash as HashAlg, m)
    return await verifyDigest(key, alg, dig, sigBuf, ss, se)
}
