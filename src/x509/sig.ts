// Public keys and signature verification, dispatched by algorithm.
//
// The arithmetic lives in src/crypto behind the SignatureVerifier interface of verifiers.ts; this module
// holds keys and algorithms as parsed from certificates, hashes the signed bytes and calls the verifier
// (CryptoVerifier by default; tests may install another). A missing implementation reports E_NO_VERIFIER:
// never a silent success.
import { digest } from "../crypto/native"
import { hash } from "../crypto/digest"
import { HashAlg } from "../crypto/hash"
import { E_BAD_SIGNATURE, errorCode } from "./errors"
import { SIG_RSA_PSS } from "./oids"
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

/**
 * A signature algorithm: SIG_* id, hash name, and for PSS the salt length (MGF1 uses the same hash), else -1.
 * Without a hash name, the hash of the (non-PSS) id.
 */
export class SigAlg {
    id: number
    hash: string
    salt: number
    constructor(id: number, hash: string, salt: number) {
        this.id = id
        // SIG_* ids: 1..4 RSA and 6..9 ECDSA with SHA-1/256/384/512
        const k = (id - 1) % 5
        this.hash = hash || (k ? "sha" + (128 + 128 * k) : "sha1")
        this.salt = salt
    }
    isRsa(): boolean {
        return this.id <= SIG_RSA_PSS
    }
}

// TLS SignatureScheme (2 bytes) → SIG_* id, or 0x50 + hash index (1 SHA-256 .. 3 SHA-512) for RSA-PSS
const TLS_SIGS = hex`020101 040102 050103 060104 020306 040307 050308 060309 080451 080552 080653 080951 080a52 080b53`

/**
 * TLS SignatureScheme (RFC 8446 4.2.3) → SigAlg, or undefined if unknown: rsa_pkcs1_*, ecdsa_*, and
 * rsa_pss_rsae_* / rsa_pss_pss_* (salt = hash length).
 */
export function sigAlgFromTls(scheme: number): SigAlg {
    for (let i = 0; i < TLS_SIGS.length; i += 3) {
        const v = TLS_SIGS[i + 2]
        if (((TLS_SIGS[i] << 8) | TLS_SIGS[i + 1]) === scheme)
            return v < 0x50 ? new SigAlg(v, null, -1) : new SigAlg(SIG_RSA_PSS, "sha" + (v * 128 - 0x2780), v * 16 - 0x4f0)
    }
    return undefined
}

let verifier: SignatureVerifier = new CryptoVerifier()

/** Replaces the signature arithmetic (tests). Returns the previous one. */
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
    if (key.kind !== (rsa ? KEY_RSA : KEY_EC)) return E_BAD_SIGNATURE
    // SHA-256 natively on one copy of the bytes; the others through src/crypto
    const m = msg.slice(ms, me)
    const dig = alg.hash === "sha256" ? digest("sha256", m) : await hash(alg.hash as HashAlg, m)
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
        return errorCode(e)
    }
}
