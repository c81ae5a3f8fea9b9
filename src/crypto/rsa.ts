// RSA (RFC 8017) over src/crypto/bignum.ts: PKCS#1 v1.5 and PSS signature verification, PKCS#1 v1.5
// encryption (TLS RSA key exchange), and PKCS#1 v1.5 / PSS signing with CRT for client keys.
//
// Keys are DER-independent: big-endian Buffers (the x509 work parses SubjectPublicKeyInfo / RSAPrivateKey and
// fills these). Signature functions take the message digest (the caller hashes the signed data); PSS hashes
// internally for MGF1 and H'.
import { HashAlg } from "./hash"
import { hash, hashLen } from "./digest"
import { randomBytes } from "./drbg"
import {
    Mont,
    bitLength,
    fromBytes,
    toBytes,
    zeros,
    limbsFor,
    powPublic,
    powSecret,
    subMod,
    mulPlain,
    addTo,
    condSub,
} from "./bignum"
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
    // start on a fresh slice: the context build runs ~40k opcodes before its first budget check
    await relax()
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

/** MGF1 (RFC 8017 B.2.1): `len` bytes of mask from `seed`. */
export async function mgf1(alg: RsaHash, seed: Buffer, len: number): Promise<Buffer> {
    const hLen = hashLen(alg)
    const out = Buffer.alloc(len)
    const ctr = Buffer.alloc(4)
    let off = 0
    for (let c = 0; off < len; c++) {
        ctr[3] = c & 0xff
        ctr[2] = (c >> 8) & 0xff
        const h = await hash(alg, seed, ctr)
        const n = len - off < hLen ? len - off : hLen
        out.blitAt(off, h, 0, n)
        off += n
    }
    return out
}

/**
 * RSASSA-PSS verification (RFC 8017 8.1.2 / 9.1.2) with MGF1 over the same hash. `saltLen` is the expected
 * salt length (TLS 1.3: the hash length) or PSS_SALT_AUTO to accept any.
 */
export async function rsaVerifyPss(
    key: RsaPublicKey,
    alg: RsaHash,
    digest: Buffer,
    sig: Buffer,
    saltLen: number,
    mt?: Mont
): Promise<boolean> {
    const hLen = hashLen(alg)
    if (digest.length !== hLen) return false
    const m = await rsaPublicOp(key, sig, mt)
    if (!m) return false
    const modBits = bitLength(key.n)
    const emBits = modBits - 1
    const emLen = (emBits + 7) >> 3
    // m < n < 2^modBits; when emBits is a multiple of 8 the k-byte value has one leading zero byte
    if (m.length > emLen && m[0] !== 0) return false
    const em = m.length > emLen ? m.slice(m.length - emLen) : m
    if (emLen < hLen + 2 || (saltLen >= 0 && emLen < hLen + saltLen + 2)) return false
    if (em[emLen - 1] !== 0xbc) return false
    const dbLen = emLen - hLen - 1
    const h = em.slice(dbLen, dbLen + hLen)
    const topMask = 0xff >> (8 * emLen - emBits)
    if (em[0] & ~topMask & 0xff) return false
    const db = await mgf1(alg, h, dbLen)
    for (let i = 0; i < dbLen; i++) db[i] ^= em[i]
    db[0] &= topMask
    // DB = PS (zeros) || 0x01 || salt
    let i = 0
    while (i < dbLen && db[i] === 0) i++
    if (i >= dbLen || db[i] !== 1) return false
    const sLen = dbLen - i - 1
    if (saltLen >= 0 && sLen !== saltLen) return false
    const hh = await hash(alg, Buffer.alloc(8), digest, db.slice(i + 1))
    let bad = 0
    for (let j = 0; j < hLen; j++) bad |= hh[j] ^ h[j]
    if (charge(2 * dbLen)) await relax()
    return bad === 0
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
export async function rsaEncryptPkcs1(key: RsaPublicKey, msg: Buffer, mt?: Mont): Promise<Buffer> {
    const m = mt || (await publicContext(key))
    const k = m.byteLen
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
    const k = (bitLength(key.n) + 7) >> 3
    if (input.length !== k) throw new Error("rsa: bad input length")
    // the CRT state is dropped before the public context of n is built (peak heap)
    const out = await crtPrivate(key, input, k)
    // fault check: out^e must give the input back
    const back = await rsaPublicOp(key, out)
    if (!back || back.toString("hex") !== input.toString("hex")) throw new Error("rsa: private operation fault")
    return out
}

async function crtPrivate(key: RsaPrivateKey, input: Buffer, k: number): Promise<Buffer> {
    const pBits = bitLength(key.p)
    const qBits = bitLength(key.q)
    const hb = pBits > qBits ? pBits : qBits
    // both halves use the same limb count so values move between them without conversion
    const L = limbsFor(hb)
    await relax()
    const mp = new Mont(key.p, L)
    await mp.init()
    const mq = new Mont(key.q, L)
    await mq.init()
    // c as 2L limbs: c < n < 2^(pBits + qBits) <= R^2 / 16
    const c = fromBytes(input, 2 * L)
    if (charge(2 * k)) await relax()
    const cLo = c.slice(0, L)
    const cHi = c.slice(L, 2 * L)
    const m1 = await crtHalf(mp, cLo, cHi, key.dp, pBits)
    const m2 = await crtHalf(mq, cLo, cHi, key.dq, qBits)
    // h = qinv * (m1 - m2) mod p, all in p's Montgomery form; m2 < q < 2^hb, so m2 * R^2 * R^-1 < 2p
    const m2p = zeros(L)
    await mp.mul(m2p, m2, mp.rr)
    const m1p = zeros(L)
    await mp.mul(m1p, m1, mp.rr)
    subMod(mp, m1p, m1p, m2p)
    const qi = fromBytes(key.qinv, L)
    await mp.mul(qi, qi, mp.rr)
    await mp.mul(m1p, m1p, qi)
    const h = zeros(L)
    await mp.fromMont(h, m1p)
    // s = m2 + h * q
    const s = zeros(2 * L)
    await mulPlain(s, h, mq.n)
    addTo(s, m2)
    if (charge(4 * k)) await relax()
    return toBytes(s, k)
}

/** One CRT half: (c mod p)^dp mod p as a canonical (< p) plain value, c given as low/high L-limb halves. */
async function crtHalf(mp: Mont, cLo: number[], cHi: number[], dp: Buffer, pBits: number): Promise<number[]> {
    const L = mp.nl
    // c * R mod p = cHi * R^2 + cLo * R = mul(cHi, R^3) + mul(cLo, R^2)
    const r3 = zeros(L)
    await mp.mul(r3, mp.rr, mp.rr)
    condSub(r3, r3, mp.n, mp.t1)
    const a = zeros(L)
    await mp.mul(a, cHi, r3)
    const b = zeros(L)
    await mp.mul(b, cLo, mp.rr)
    // a + b < 4p: add as a - (-b), i.e. a - (2p - b) mod p keeps everything < 2p
    const nb = zeros(L)
    subMod(mp, nb, nb, b)
    subMod(mp, a, a, nb)
    const r = zeros(L)
    await powSecret(mp, r, a, dp, pBits)
    const out = zeros(L)
    await mp.fromMont(out, r)
    return out
}

/** EMSA-PKCS1-v1_5 encoding + RSASP1: a PKCS#1 v1.5 signature over a message with digest `digest`. */
export async function rsaSignPkcs1(key: RsaPrivateKey, alg: RsaHash, digest: Buffer): Promise<Buffer> {
    if (digest.length !== hashLen(alg)) throw new Error("rsa: bad digest length")
    const k = (bitLength(key.n) + 7) >> 3
    const prefix = digestInfoPrefix(alg)
    const tLen = prefix.length + digest.length
    if (k < tLen + 11) throw new Error("rsa: key too small")
    const em = Buffer.alloc(k)
    em[1] = 1
    const psEnd = k - tLen - 1
    for (let i = 2; i < psEnd; i++) em[i] = 0xff
    em.blitAt(psEnd + 1, prefix, 0, prefix.length)
    em.blitAt(psEnd + 1 + prefix.length, digest, 0, digest.length)
    return await rsaPrivateOp(key, em)
}

/**
 * EMSA-PSS encoding (RFC 8017 9.1.1, MGF1 with the same hash, random salt of `saltLen` bytes, default the
 * hash length as TLS 1.3 requires) + RSASP1.
 */
export async function rsaSignPss(key: RsaPrivateKey, alg: RsaHash, digest: Buffer, saltLen?: number): Promise<Buffer> {
    const hLen = hashLen(alg)
    if (digest.length !== hLen) throw new Error("rsa: bad digest length")
    const sLen = saltLen === undefined || saltLen < 0 ? hLen : saltLen
    const modBits = bitLength(key.n)
    const k = (modBits + 7) >> 3
    const emBits = modBits - 1
    const emLen = (emBits + 7) >> 3
    if (emLen < hLen + sLen + 2) throw new Error("rsa: key too small")
    const salt = randomBytes(sLen)
    const h = await hash(alg, Buffer.alloc(8), digest, salt)
    const dbLen = emLen - hLen - 1
    const db = Buffer.alloc(dbLen)
    db[dbLen - sLen - 1] = 1
    db.blitAt(dbLen - sLen, salt, 0, sLen)
    const mask = await mgf1(alg, h, dbLen)
    for (let i = 0; i < dbLen; i++) db[i] ^= mask[i]
    db[0] &= 0xff >> (8 * emLen - emBits)
    const em = Buffer.alloc(k)
    em.blitAt(k - emLen, db, 0, dbLen)
    em.blitAt(k - emLen + dbLen, h, 0, hLen)
    em[k - 1] = 0xbc
    if (charge(4 * k)) await relax()
    return await rsaPrivateOp(key, em)
}
