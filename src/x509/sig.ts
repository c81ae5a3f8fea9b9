// Public keys and signature verification, dispatched by algorithm.
//
// The arithmetic lives in src/crypto, behind the SignatureVerifier interface of verifiers.ts; this module
// turns X.509/TLS algorithm identifiers into (scheme, hash, salt), hashes the signed bytes and calls the
// verifier (CryptoVerifier by default; tests may install another). A scheme or hash whose implementation is
// not linked reports E_NO_VERIFIER: never a silent success.
import { digest } from "@devicescript/crypto"
import { bytesEqual } from "./der"
import { X509Error, E_BAD_SIGNATURE, E_NO_VERIFIER, x509Code } from "./errors"
import { CryptoVerifier, SignatureVerifier, HashFn, cryptoHash } from "./verifiers"
import {
    SIG_ECDSA_SHA1,
    SIG_ECDSA_SHA256,
    SIG_ECDSA_SHA384,
    SIG_ECDSA_SHA512,
    SIG_RSA_PSS,
    SIG_RSA_SHA1,
    SIG_RSA_SHA256,
    SIG_RSA_SHA384,
    SIG_RSA_SHA512,
} from "./oids"

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
    /** true if both keys are the same key */
    equals(o: PublicKey): boolean {
        if (o.kind !== this.kind || o.curve !== this.curve) return false
        if (!bytesEqual(this.buf, this.a, this.b, o.buf, o.a, o.b)) return false
        return this.kind !== KEY_RSA || bytesEqual(this.buf, this.c, this.d, o.buf, o.c, o.d)
    }
}

/** A signature algorithm: scheme, hash, and for PSS the salt length (MGF1 uses the same hash). */
export class SigAlg {
    /** SIG_* of oids.ts */
    id: number
    /** "sha1" | "sha256" | "sha384" | "sha512" */
    hash: string
    /** PSS salt length in bytes, -1 for the other schemes */
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

/** The hash of a (non-PSS) signature algorithm id. */
export function sigHash(id: number): string {
    if (id === SIG_RSA_SHA1 || id === SIG_ECDSA_SHA1) return "sha1"
    if (id === SIG_RSA_SHA256 || id === SIG_ECDSA_SHA256) return "sha256"
    if (id === SIG_RSA_SHA384 || id === SIG_ECDSA_SHA384) return "sha384"
    if (id === SIG_RSA_SHA512 || id === SIG_ECDSA_SHA512) return "sha512"
    return undefined
}

export function hashLen(hash: string): number {
    return hash === "sha1" ? 20 : hash === "sha256" ? 32 : hash === "sha384" ? 48 : hash === "sha512" ? 64 : 0
}

/**
 * TLS SignatureScheme (RFC 8446 4.2.3) → SigAlg, or undefined if unknown. rsa_pss_rsae_* and rsa_pss_pss_*
 * both map to PSS with salt = hash length.
 */
export function sigAlgFromTls(scheme: number): SigAlg {
    switch (scheme) {
        case 0x0201:
            return new SigAlg(SIG_RSA_SHA1, "sha1", -1)
        case 0x0401:
            return new SigAlg(SIG_RSA_SHA256, "sha256", -1)
        case 0x0501:
            return new SigAlg(SIG_RSA_SHA384, "sha384", -1)
        case 0x0601:
            return new SigAlg(SIG_RSA_SHA512, "sha512", -1)
        case 0x0203:
            return new SigAlg(SIG_ECDSA_SHA1, "sha1", -1)
        case 0x0403:
            return new SigAlg(SIG_ECDSA_SHA256, "sha256", -1)
        case 0x0503:
            return new SigAlg(SIG_ECDSA_SHA384, "sha384", -1)
        case 0x0603:
            return new SigAlg(SIG_ECDSA_SHA512, "sha512", -1)
        case 0x0804:
        case 0x0809:
            return new SigAlg(SIG_RSA_PSS, "sha256", 32)
        case 0x0805:
        case 0x080a:
            return new SigAlg(SIG_RSA_PSS, "sha384", 48)
        case 0x0806:
        case 0x080b:
            return new SigAlg(SIG_RSA_PSS, "sha512", 64)
    }
    return undefined
}

let verifier: SignatureVerifier = new CryptoVerifier()
let hasher: HashFn = cryptoHash

export { SignatureVerifier, HashFn }

/** Replaces the signature arithmetic (tests). Returns the previous one. */
export function setSignatureVerifier(v: SignatureVerifier): SignatureVerifier {
    const old = verifier
    verifier = v
    return old
}

/** Replaces SHA-1/384/512 (SHA-256 is native) (tests). Returns the previous one. */
export function setHashFn(h: HashFn): HashFn {
    const old = hasher
    hasher = h
    return old
}

/** hash(buf[s, e)); throws X509Error(E_NO_VERIFIER) if that hash is not linked. */
export async function hashRange(hash: string, buf: Buffer, s: number, e: number): Promise<Buffer> {
    if (hash === "sha256") return digest("sha256", s === 0 && e === buf.length ? buf : buf.slice(s, e))
    if (!hasher) throw new X509Error(E_NO_VERIFIER, "no " + hash + " implementation linked")
    return await hasher(hash, buf, s, e)
}

/**
 * Verifies a signature over an already computed digest. The signature is sigBuf[ss, se): for RSA the raw
 * signature, for ECDSA the DER Ecdsa-Sig-Value (as in certificates and TLS). Returns 0, E_BAD_SIGNATURE or
 * E_NO_VERIFIER.
 */
export async function verifyDigest(key: PublicKey, alg: SigAlg, dig: Buffer, sigBuf: Buffer, ss: number, se: number): Promise<number> {
    const rsa = alg.isRsa()
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
export async function verifySignature(
    key: PublicKey,
    alg: SigAlg,
    msg: Buffer,
    ms: number,
    me: number,
    sigBuf: Buffer,
    ss: number,
    se: number
): Promise<number> {
    let dig: Buffer
    try {
        dig = await hashRange(alg.hash, msg, ms, me)
    } catch (e) {
        return x509Code(e)
    }
    return await verifyDigest(key, alg, dig, sigBuf, ss, se)
}

