// RSA (RFC 8017) over src/crypto/bignum.ts: PKCS#1 v1.5 and PSS signature verification.
//
// Keys are DER-independent: big-endian Buffers (the x509 work parses SubjectPublicKeyInfo / RSAPrivateKey and
// fills these). Signature checks take the message digest (the caller hashes the signed data); PSS hashes
// internally for MGF1 and H'.
import { Mont, bitLength, fromBytes, toBytes, zeros, powPublic } from "./bignum"
import { charge, relax } from "../platform/budget"

export interface RsaPublicKey {
    /** modulus, big-endian (a leading zero byte is allowed) */
    n: Buffer
    /** public exponent, big-endian */
    e: Buffer
}

export type RsaHash = "sha1" | "sha256" | "sha384" | "sha512"

/** smallest and largest modulus accepted */
export const RSA_MIN_BITS = 1024
export const RSA_MAX_BITS = 4096

/** DER DigestInfo prefixes (RFC 8017 9.2 note 1) */
function digestInfoPrefix(alg: RsaHash): Buffer {
    if (alg === "sha256") return hex`3031300d060960864801650304020105000420`
    if (alg === "sha384") return hex`3041300d060960864801650304020205000430`
    if (alg === "sha512") return hex`3051300d060960864801650304020305000440`
    if (alg === "sha1") return hex`3021300906052b0e03021a05000414`
    throw new Error("rsa: unknown hash")
}

export function hashLen(alg: RsaHash): number {
    if (alg === "sha256") return 32
    if (alg === "sha384") return 48
    if (alg === "sha512") return 64
    if (alg === "sha1") return 20
    throw new Error("rsa: unknown hash")
}

/** Modulus size in bits (leading zero bytes ignored). */
export function rsaBits(key: RsaPublicKey): number {
    return bitLength(key.n)
}

/** A Montgomery context for the key's modulus, with R^2 computed. Throws on an unsupported modulus. */
export async function publicContext(key: RsaPublicKey): Promise<Mont> {
    const bits = bitLength(key.n)
    if (bits < RSA_MIN_BITS || bits > RSA_MAX_BITS) throw new Error("rsa: unsupported modulus size")
    const eb = bitLength(key.e)
    if (eb < 2 || !(key.e[key.e.length - 1] & 1)) throw new Error("rsa: bad public exponent")
    const mt = new Mont(key.n)
    await mt.init()
    return mt
}

/**
 * RSAVP1/RSAEP: x^e mod n for an input of exactly k bytes (k = byte length of n). Returns the k-byte result,
 * or null if the input has the wrong length or is not below n.
 */
export async function rsaPublicOp(key: RsaPublicKey, input: Buffer, mt?: Mont): Promise<Buffer> {
    const m = mt || (await publicContext(key))
    const k = m.byteLen
    if (input.length !== k) return null
    const x = fromBytes(input, m.nl)
    if (charge(2 * k)) await relax()
    // input < n (variable time: public values)
    for (let i = m.nl - 1; i >= 0; i--) {
        if (x[i] !== m.n[i]) {
            if (x[i] > m.n[i]) return null
            break
        }
        if (i === 0) return null // equal to n
    }
    const r = zeros(m.nl)
    await powPublic(m, r, x, key.e)
    const out = toBytes(r, k)
    if (charge(2 * k)) await relax()
    return out
}

/**
 * RSASSA-PKCS1-v1_5 verification (RFC 8017 8.2.2) of `sig` over a message whose `alg` digest is `digest`.
 * The encoded message is rebuilt and compared whole (no DigestInfo parsing, so no parser leniency).
 */
export async function rsaVerifyPkcs1(
    key: RsaPublicKey,
    alg: RsaHash,
    digest: Buffer,
    sig: Buffer,
    mt?: Mont
): Promise<boolean> {
    if (digest.length !== hashLen(alg)) return false
    const em = await rsaPublicOp(key, sig, mt)
    if (!em) return false
    const k = em.length
    const prefix = digestInfoPrefix(alg)
    const tLen = prefix.length + digest.length
    if (k < tLen + 11) return false
    let bad = em[0] | (em[1] ^ 1)
    const psEnd = k - tLen - 1
    for (let i = 2; i < psEnd; i++) bad |= em[i] ^ 0xff
    bad |= em[psEnd]
    for (let i = 0; i < prefix.length; i++) bad |= em[psEnd + 1 + i] ^ prefix[i]
    const off = psEnd + 1 + prefix.length
    for (let i = 0; i < digest.length; i++) bad |= em[off + i] ^ digest[i]
    if (charge(k)) await relax()
    return bad === 0
}
