// ECDSA (FIPS 186-4) over P-256 / P-384: verification for certificate chains and TLS CertificateVerify,
// and signing with deterministic nonces (RFC 6979) for client keys. Hashing is the caller's: functions take
// the message hash; signing also takes the hash id that selects the RFC 6979 HMAC.
import { hmac as nativeHmac } from "@devicescript/crypto"
import { relax } from "../platform/budget"
import {
    WCurve,
    decodePoint,
    smul,
    doubleMulPublic,
    hashToScalar,
    scalarFromBytes,
    scalarInvMont,
    scalarMulCT,
    toAffine,
} from "./ec-weier"
import { balance, canonical, limbsLess, limbsToBytes, limbsZero, newLimbs } from "./ec-limbs"

export type HashId = "sha256" | "sha384" | "sha512"

/**
 * Verify (r, s) (big-endian integers, any length up to the curve size) over `hash` with the public key
 * pub (04 || X || Y). False for an invalid key, r or s outside [1, n-1], or a wrong signature.
 */
export async function ecdsaVerify(c: WCurve, pub: Buffer, hash: Buffer, r: Buffer, s: Buffer): Promise<boolean> {
    const n = c.n
    const q = newLimbs(3 * n)
    await relax() // start on a fresh slice: decoding runs ~9 kernel calls without yielding
    if (!decodePoint(c, pub, q)) return false
    const rl = newLimbs(n)
    const sl = newLimbs(n)
    if (!scalarFromBytes(c, padLeft(r, c.bytes), rl)) return false
    if (!scalarFromBytes(c, padLeft(s, c.bytes), sl)) return false
    const e = newLimbs(n)
    hashToScalar(c, hash, e)
    // w = s^-1 (Montgomery), u1 = e w, u2 = r w (plain: Montgomery product of a plain and a Montgomery value)
    const sm = newLimbs(n)
    smul(c, sm, sl, c.NR2)
    const w = newLimbs(n)
    await scalarInvMont(c, w, sm)
    const u1 = newLimbs(n)
    const u2 = newLimbs(n)
    smul(c, sm, e, w)
    canonical(u1, sm, c.N, n)
    smul(c, sm, rl, w)
    canonical(u2, sm, c.N, n)
    const pt = newLimbs(3 * n)
    await doubleMulPublic(c, pt, u1, u2, q)
    const x = newLimbs(n)
    if (!(await toAffine(c, pt, x, null))) return false
    // x mod n == r ; x < p < 2n, so x mod n is x or x - n
    if (!limbsLess(x, c.N, n)) {
        let borrow = 0
        for (let i = 0; i < n; i++) {
            const t = x[i] - c.N[i] + borrow
            borrow = t >> 24
            x[i] = t & 0xffffff
        }
    }
    for (let i = 0; i < n; i++) if (x[i] !== rl[i]) return false
    return true
}

/** big-endian integer left-padded with zeros to `len` bytes (leading zeros beyond len are stripped) */
function padLeft(b: Buffer, len: number): Buffer {
    let start = 0
    while (start < b.length - 1 && b[start] === 0 && b.length - start > len) start++
    const v = b.slice(start)
    if (v.length === len) return v
    if (v.length > len) return Buffer.alloc(0) // too large: rejected by the range check
    const r = Buffer.alloc(len)
    r.blitAt(len - v.length, v, 0, v.length)
    return r
}

/** HMAC for RFC 6979 by hash id (SHA-256 is native). */
function hmacFor(id: HashId): (key: Buffer, data: Buffer[]) => Buffer {
    if (id === "sha256") return (key, data) => nativeHmac(key, "sha256", concatAll(data))
    throw new RangeError("ecdsa: no HMAC for " + id)
}
function concatAll(parts: Buffer[]): Buffer {
    let r = parts[0]
    for (let i = 1; i < parts.length; i++) r = Buffer.concat(r, parts[i])
    return r
}
function hashLen(id: HashId) {
    return id === "sha256" ? 32 : id === "sha384" ? 48 : 64
}

/**
 * RFC 6979 section 3.2 nonce generation, with the retry loop driven by `accept` (called with each candidate
 * in canonical limbs; returns true when the candidate produced a valid signature).
 */
export async function rfc6979(
    c: WCurve,
    priv: Buffer,
    hash: Buffer,
    id: HashId,
    accept: (k: number[]) => Promise<boolean>,
) {
    const hmac = hmacFor(id)
    const hl = hashLen(id)
    const B = c.bytes
    const e = newLimbs(c.n)
    hashToScalar(c, hash, e)
    const h1 = Buffer.alloc(B)
    limbsToBytes(h1, 0, e, B) // bits2octets(h1)
    let V = Buffer.alloc(hl)
    for (let i = 0; i < hl; i++) V[i] = 1
    let K = Buffer.alloc(hl)
    const b0 = Buffer.alloc(1)
    const b1 = Buffer.alloc(1)
    b1[0] = 1
    K = hmac(K, [V, b0, priv, h1])
    V = hmac(K, [V])
    K = hmac(K, [V, b1, priv, h1])
    V = hmac(K, [V])
    const k = newLimbs(c.n)
    for (;;) {
        let T = Buffer.alloc(0)
        while (T.length < B) {
            V = hmac(K, [V])
            T = Buffer.concat(T, V)
        }
        if (scalarFromBytes(c, T.slice(0, B), k) && (await accept(k))) return
        K = hmac(K, [V, b0])
        V = hmac(K, [V])
    }
}

/**
 * Sign `hash` with the private scalar priv (big-endian, c.bytes bytes, 1 <= d < n). `id` names the hash
 * that produced `hash` (RFC 6979 uses its HMAC). Returns r || s (2 * c.bytes bytes), or null for an invalid key.
 * Secret-dependent work (k * G, k^-1, d * r) runs without branches on secret data.
 */
export async function ecdsaSign(c: WCurve, priv: Buffer, hash: Buffer, id: HashId): Promise<Buffer> {
    const n = c.n
    const B = c.bytes
    const d = newLimbs(n)
    await relax()
    if (!scalarFromBytes(c, priv, d)) return null
    const dm = newLimbs(n)
    smul(c, dm, d, c.NR2) // d R
    const e = newLimbs(n)
    hashToScalar(c, hash, e)
    balance(e, n)
    const out = Buffer.alloc(2 * B)
    const pt = newLimbs(3 * n)
    const x = newLimbs(n)
    const t = newLimbs(n)
    const km = newLimbs(n)
    const ki = newLimbs(n)
    await rfc6979(c, priv, hash, id, async k => {
        await relax()
        await scalarMulCT(c, pt, c.G, k)
        if (!(await toAffine(c, pt, x, null))) return false
        // r = x mod n
        if (!limbsLess(x, c.N, n)) {
            let borrow = 0
            for (let i = 0; i < n; i++) {
                const v = x[i] - c.N[i] + borrow
                borrow = v >> 24
                x[i] = v & 0xffffff
            }
        }
        if (limbsZero(x, n)) return false
        // s = k^-1 (e + r d)
        await relax()
        smul(c, km, k, c.NR2)
        await scalarInvMont(c, ki, km)
        smul(c, t, x, dm) // r d (plain)
        for (let i = 0; i < n; i++) t[i] += e[i]
        smul(c, t, t, ki) // (e + r d) k^-1 (plain)
        canonical(t, t, c.N, n)
        if (limbsZero(t, n)) return false
        limbsToBytes(out, 0, x, B)
        limbsToBytes(out, B, t, B)
        return true
    })
    return out
}

/**
 * DER ECDSA-Sig-Value (SEQUENCE { r INTEGER, s INTEGER }) -> { r, s } as unsigned big-endian bytes (sign
 * padding removed), or null if malformed (negative, non-minimal, trailing bytes).
 */
export function ecdsaSigFromDer(der: Buffer): { r: Buffer; s: Buffer } {
    if (!der || der.length < 8 || der[0] !== 0x30) return null
    let p = 1
    let len = der[p++]
    if (len === 0x81) len = der[p++]
    else if (len > 0x80) return null
    if (p + len !== der.length) return null
    const ints: Buffer[] = []
    for (let k = 0; k < 2; k++) {
        if (p + 2 > der.length || der[p] !== 0x02) return null
        const l = der[p + 1]
        p += 2
        if (l === 0 || l > 0x7f || p + l > der.length) return null
        if (der[p] & 0x80) return null // negative
        if (l > 1 && der[p] === 0 && !(der[p + 1] & 0x80)) return null // non-minimal
        ints.push(der[p] === 0 && l > 1 ? der.slice(p + 1, p + l) : der.slice(p, p + l)) // drop the sign pad
        p += l
    }
    if (p !== der.length) return null
    return { r: ints[0], s: ints[1] }
}

function derInt(v: Buffer): Buffer {
    let i = 0
    while (i < v.length - 1 && v[i] === 0) i++
    const body = v.slice(i)
    const pad = body[0] & 0x80 ? 1 : 0
    const out = Buffer.alloc(2 + pad + body.length)
    out[0] = 2
    out[1] = pad + body.length
    out.blitAt(2 + pad, body, 0, body.length)
    return out
}

/** r || s (equal halves) -> DER ECDSA-Sig-Value */
export function ecdsaSigToDer(rs: Buffer): Buffer {
    const h = rs.length >> 1
    const body = Buffer.concat(derInt(rs.slice(0, h)), derInt(rs.slice(h)))
    const head = body.length < 0x80 ? Buffer.alloc(2) : Buffer.alloc(3)
    head[0] = 0x30
    if (body.length < 0x80) head[1] = body.length
    else {
        head[1] = 0x81
        head[2] = body.length
    }
    return Buffer.concat(head, body)
}
