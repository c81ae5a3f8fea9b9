// RSA (RFC 8017) over the Montgomery arithmetic of src/crypto/field.ts (22-bit limbs): PKCS#1 v1.5 and PSS signature verification, PKCS#1 v1.5
// encryption (TLS RSA key exchange), and PKCS#1 v1.5 / PSS signing with CRT for client keys.
//
// Keys are DER-independent: big-endian Buffers (the x509 work parses SubjectPublicKeyInfo / RSAPrivateKey and
// fills these). Signature functions take the message digest (the caller hashes the signed data); PSS hashes
// internally for MGF1 and H'.
import { HashAlg } from "./hash"
import { hash, hashLen } from "./digest"
import { randomBytes } from "./drbg"
import { ctEqual } from "./bytes"
import { Field, canonical, fpow, limbsFromBytes, limbsLess, limbsToBytes, modField, mulA, newLimbs } from "./field"
import { charge, relax } from "../platform/budget"

export interface RsaPublicKey {
    /** modulus, big-endian (a leading zero byte is allowed) */
    n: Buffer
    /** public exponent, big-endian */
    e: Buffer
}

export interface RsaPrivateKey extends RsaPublicKey {
    /** private exponent (kept for completeness; the CRT parameters below are what signing uses) */
    d: Buffer
    p: Buffer
    q: Buffer
    /** d mod (p - 1) */
    dp: Buffer
    /** d mod (q - 1) */
    dq: Buffer
    /** q^-1 mod p */
    qinv: Buffer
}

export type RsaHash = HashAlg

/** PSS salt length: recover it from the encoding (verification only) */
export const PSS_SALT_AUTO = -1

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

/** Bit length of a big-endian byte string (leading zero bytes ignored). */
export function bitLength(b: Buffer): number {
    let bits = 8 * b.length
    for (let i = 0; i < b.length; i++) {
        if (b[i]) {
            for (let top = b[i]; top < 128; top <<= 1) bits--
            return bits
        }
        bits -= 8
    }
    return 0
}

/** Modulus size in bits (leading zero bytes ignored). */
export function rsaBits(key: RsaPublicKey): number {
    return bitLength(key.n)
}

/** A Montgomery context for the key's modulus, with R^2 computed. Throws on an unsupported modulus. */
export async function publicContext(key: RsaPublicKey): Promise<Field> {
    const bits = bitLength(key.n)
    if (bits < RSA_MIN_BITS || bits > RSA_MAX_BITS || !(key.n[key.n.length - 1] & 1))
        throw new Error("rsa: unsupported modulus size")
    if (bitLength(key.e) < 2 || !(key.e[key.e.length - 1] & 1)) throw new Error("rsa: bad public exponent")
    await relax()
    return await modField(key.n, Math.idiv(bits + 23, 22)) // 22-bit limbs, R = 2^(22 n) > 4 n
}

/** x^e mod m for x in Montgomery form, e public or (`secret`) not: canonical limbs */
async function modExp(f: Field, x: number[], e: Buffer, secret: boolean): Promise<number[]> {
    const r = newLimbs(f.n)
    await fpow(r, x, e, f, secret)
    await mulA(r, 0, r, 0, f.plain1, 0, f)
    if (charge(16 * f.n)) await relax()
    canonical(r, r, f)
    return r
}

/**
 * RSAVP1/RSAEP: x^e mod n for an input of exactly k bytes (k = byte length of n). Returns the k-byte result,
 * or null if the input has the wrong length or is not below n.
 */
export async function rsaPublicOp(key: RsaPublicKey, input: Buffer, mt?: Field): Promise<Buffer> {
    const f = mt || (await publicContext(key))
    const k = (bitLength(key.n) + 7) >> 3
    if (input.length !== k) return null
    if (charge(2 * k)) await relax()
    const x = limbsFromBytes(newLimbs(f.n), input, 0, k, 22)
    // input < n (variable time: public values)
    if (!limbsLess(x, f.pu, f.n)) return null
    await mulA(x, 0, x, 0, f.r2, 0, f)
    const r = await modExp(f, x, key.e, false)
    if (charge(4 * k)) await relax()
    return limbsToBytes(Buffer.alloc(k), 0, r, k, 22)
}

/** EMSA-PKCS1-v1_5 encoding (RFC 8017 9.2) of a digest into k bytes; null if k is too small or the digest size wrong. */
function pkcs1Em(alg: RsaHash, digest: Buffer, k: number): Buffer {
    const prefix = digestInfoPrefix(alg)
    const tLen = prefix.length + digest.length
    if (digest.length !== hashLen(alg)) return null
    if (k < tLen + 11) return null
    const em = Buffer.alloc(k)
    em[1] = 1
    const psEnd = k - tLen - 1
    em.fillAt(2, psEnd - 2, 0xff)
    em.blitAt(psEnd + 1, prefix, 0, prefix.length)
    em.blitAt(psEnd + 1 + prefix.length, digest, 0, digest.length)
    return em
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
    mt?: Field
): Promise<boolean> {
    if (digest.length !== hashLen(alg)) return false
    const em = await rsaPublicOp(key, sig, mt)
    const want = em ? pkcs1Em(alg, digest, em.length) : null
    if (charge(em ? 2 * em.length : 1)) await relax()
    return !!want && ctEqual(em, 0, want, 0, em.length)
}

/** MGF1 (RFC 8017 B.2.1): `len` bytes of mask from `seed`. */
export async function mgf1(alg: RsaHash, seed: Buffer, len: number): Promise<Buffer> {
    const out = Buffer.alloc(len)
    const ctr = Buffer.alloc(4)
    for (let off = 0; off < len; ) {
        const h = await hash(alg, seed, ctr)
        out.blitAt(off, h, 0, Math.min(h.length, len - off))
        off += h.length
        const c = off / h.length // the next counter, big-endian
        ctr[2] = c >> 8
        ctr[3] = c
    }
    return out
}

/**
 * EMSA-PSS-ENCODE (RFC 8017 9.1.1, MGF1 over the same hash) of `digest` with `salt`, as the k-byte input of the
 * RSA operation for a modulus of modBits bits (a leading zero byte when emLen < k); null if the key is too small.
 */
async function pssEncode(alg: RsaHash, digest: Buffer, salt: Buffer, modBits: number): Promise<Buffer> {
    const hLen = digest.length
    const sLen = salt.length
    const k = (modBits + 7) >> 3
    const emLen = (modBits + 6) >> 3 // emBits = modBits - 1
    const o = k - emLen
    const dbLen = emLen - hLen - 1
    if (dbLen < sLen + 1) return null
    const h = await hash(alg, Buffer.alloc(8), digest, salt)
    const em = Buffer.alloc(k)
    // DB = PS (zeros) || 0x01 || salt, masked with MGF1(H), its bits above emBits cleared; then H, 0xbc
    em[o + dbLen - sLen - 1] = 1
    em.blitAt(o + dbLen - sLen, salt, 0, sLen)
    const mask = await mgf1(alg, h, dbLen)
    for (let i = 0; i < dbLen; i++) em[o + i] = em[o + i] ^ mask[i]
    em[o] = em[o] & (0xff >> (8 * emLen - modBits + 1))
    em.blitAt(o + dbLen, h, 0, hLen)
    em[k - 1] = 0xbc
    if (charge(4 * k)) await relax()
    return em
}

/**
 * RSASSA-PSS verification (RFC 8017 8.1.2 / 9.1.2) with MGF1 over the same hash. `saltLen` is the expected
 * salt length (TLS 1.3: the hash length) or PSS_SALT_AUTO to accept any. The salt is read from the unmasked
 * DB (after its first non-zero byte); then the whole encoded message must be exactly pssEncode(digest, salt):
 * that one comparison checks the leading byte, the top bits, PS, the 0x01, H and the 0xbc.
 */
export async function rsaVerifyPss(
    key: RsaPublicKey,
    alg: RsaHash,
    digest: Buffer,
    sig: Buffer,
    saltLen: number,
    mt?: Field
): Promise<boolean> {
    const hLen = hashLen(alg)
    if (digest.length !== hLen) return false
    const m = await rsaPublicOp(key, sig, mt)
    if (!m) return false
    const k = m.length
    const modBits = bitLength(key.n)
    const emLen = (modBits + 6) >> 3
    const dbLen = emLen - hLen - 1
    if (dbLen < 1) return false
    // DB = maskedDB xor MGF1(H), H = the hLen bytes before the final 0xbc
    const db = await mgf1(alg, m.slice(k - hLen - 1, k - 1), dbLen)
    for (let i = 0; i < dbLen; i++) db[i] = db[i] ^ m[k - emLen + i]
    db[0] = db[0] & (0xff >> (8 * emLen - modBits + 1))
    let i = 0
    while (i < dbLen - 1) {
        if (db[i]) break
        i++
    }
    const salt = db.slice(i + 1)
    if (saltLen >= 0) if (salt.length !== saltLen) return false
    const em = await pssEncode(alg, digest, salt, modBits)
    return em ? ctEqual(em, 0, m, 0, k) : false
}

/** Random bytes with no zero byte (PKCS#1 v1.5 padding string), from the process-wide CSPRNG-seeded DRBG. */
function nonZeroRandom(len: number): Buffer {
    const out = randomBytes(len)
    for (let i = 0; i < len; i++) {
        while (out[i] === 0) out[i] = randomBytes(1)[0]
    }
    return out
}

/**
 * RSAES-PKCS1-v1_5 encryption (RFC 8017 7.2.1) of `msg` (at most k - 11 bytes; TLS: the 48-byte
 * premaster secret). Returns the k-byte ciphertext.
 */
export async function rsaEncryptPkcs1(key: RsaPublicKey, msg: Buffer, mt?: Field): Promise<Buffer> {
    const m = mt || (await publicContext(key))
    const k = (bitLength(key.n) + 7) >> 3
    if (msg.length > k - 11) throw new Error("rsa: message too long")
    const em = Buffer.alloc(k)
    em[1] = 2
    const psLen = k - msg.length - 3
    em.blitAt(2, nonZeroRandom(psLen), 0, psLen)
    em.blitAt(k - msg.length, msg, 0, msg.length)
    const c = await rsaPublicOp(key, em, m)
    if (!c) throw new Error("rsa: encryption failed")
    return c
}

/**
 * RSASP1 with CRT (RFC 8017 5.2.1, second form): input^d mod n for a k-byte input < n. The result is checked
 * with the public exponent before it is returned (a computation fault must not leak a signature that
 * reveals p or q). Constant shape in the secret values: fixed-window exponentiations, masked selects and
 * subtractions.
 */
export async function rsaPrivateOp(key: RsaPrivateKey, input: Buffer): Promise<Buffer> {
    const bits = bitLength(key.n)
    const k = (bits + 7) >> 3
    if (input.length !== k) throw new Error("rsa: bad input length")
    const pBits = bitLength(key.p)
    const qBits = bitLength(key.q)
    // both halves use the same limb count so values move between them without conversion
    const L = Math.idiv((pBits > qBits ? pBits : qBits) + 23, 22)
    await relax()
    // c as 2L limbs: c < n < 2^(pBits + qBits) <= R^2 / 16
    const c = limbsFromBytes(newLimbs(2 * L), input, 0, k, 22)
    const cLo = c.slice(0, L)
    const cHi = c.slice(L, 2 * L)
    const m2 = await crtHalf(await modField(key.q, L), cLo, cHi, key.dq)
    // h = qinv * (m1 - m2) mod p: the Montgomery product of (m1 - m2) and qinv * R is the plain value
    const fp = await modField(key.p, L)
    const m1 = await crtHalf(fp, cLo, cHi, key.dp)
    for (let i = 0; i < L; i++) m1[i] = m1[i] - m2[i]
    const qi = limbsFromBytes(newLimbs(L), key.qinv, 0, key.qinv.length, 22)
    await mulA(qi, 0, qi, 0, fp.r2, 0, fp)
    await mulA(m1, 0, m1, 0, qi, 0, fp)
    if (charge(16 * L + k)) await relax()
    canonical(m1, m1, fp)
    // s = m2 + h * q (< n), computed mod n: (h R^2 / R) q / R... = h q by two Montgomery products, then + m2
    const fn = await modField(key.n, Math.idiv(bits + 23, 22))
    const N = fn.n
    const h = newLimbs(N) // N >= L
    for (let i = 0; i < L; i++) h[i] = m1[i]
    const q = limbsFromBytes(newLimbs(N), key.q, 0, key.q.length, 22)
    await mulA(h, 0, h, 0, fn.r2, 0, fn)
    await mulA(h, 0, h, 0, q, 0, fn)
    for (let i = 0; i < L; i++) h[i] = h[i] + m2[i]
    if (charge(16 * N + 2 * k)) await relax()
    canonical(h, h, fn)
    const out = limbsToBytes(Buffer.alloc(k), 0, h, k, 22)
    // fault check: out^e must give the input back (a computation fault must not leak a signature that
    // reveals p or q)
    const back = await rsaPublicOp(key, out, fn)
    if (!(back ? ctEqual(back, 0, input, 0, k) : false)) throw new Error("rsa: private operation fault")
    return out
}

/**
 * One CRT half in the field f of p (L limbs): (c mod p)^dp mod p as canonical limbs, c given as low/high L-limb halves:
 * c R mod p = cHi R^2 + cLo R = mul(cHi, R^3) + mul(cLo, R^2), then Montgomery exponentiation.
 */
async function crtHalf(f: Field, cLo: number[], cHi: number[], dp: Buffer): Promise<number[]> {
    const L = f.n
    const r3 = newLimbs(L)
    await mulA(r3, 0, f.r2, 0, f.r2, 0, f)
    const a = newLimbs(L)
    await mulA(a, 0, cHi, 0, r3, 0, f)
    await mulA(r3, 0, cLo, 0, f.r2, 0, f)
    for (let i = 0; i < L; i++) a[i] = a[i] + r3[i]
    return await modExp(f, a, dp, true)
}

/** EMSA-PKCS1-v1_5 encoding + RSASP1: a PKCS#1 v1.5 signature over a message with digest `digest`. */
export async function rsaSignPkcs1(key: RsaPrivateKey, alg: RsaHash, digest: Buffer): Promise<Buffer> {
    const em = pkcs1Em(alg, digest, (bitLength(key.n) + 7) >> 3)
    if (!em) throw new Error("rsa: bad digest length or key too small")
    return await rsaPrivateOp(key, em)
}

/**
 * EMSA-PSS encoding (RFC 8017 9.1.1, MGF1 with the same hash, random salt of `saltLen` bytes, default the
 * hash length as TLS 1.3 requires) + RSASP1.
 */
export async function rsaSignPss(key: RsaPrivateKey, alg: RsaHash, digest: Buffer, saltLen?: number): Promise<Buffer> {
    const hLen = hashLen(alg)
    if (digest.length !== hLen) throw new Error("rsa: bad digest length")
    const salt = randomBytes(saltLen === undefined || saltLen < 0 ? hLen : saltLen)
    const em = await pssEncode(alg, digest, salt, bitLength(key.n))
    if (!em) throw new Error("rsa: key too small")
    return await rsaPrivateOp(key, em)
}
