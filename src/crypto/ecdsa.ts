// ECDSA (FIPS 186-4) over P-256 / P-384: verification for certificate chains and TLS CertificateVerify,
// and signing with deterministic nonces (RFC 6979) for client keys. Hashing is the caller's: functions take
// the message hash; signing also takes the hash id that selects the RFC 6979 HMAC.
import { charge, relax } from "../platform/budget"
import { WCurve, wc, decodePoint, modN, scalarFromBytes, scalarMul, toAffine } from "./ec-weier"
import { HmacDrbg } from "./drbg"
import { canonical, fmul, fpow, limbsFromBytes, limbsToBytes, limbsZero, newLimbs } from "./field"

export type HashId = "sha256" | "sha384" | "sha512"

/**
 * Verify (r, s) (big-endian integers, any length up to the curve size) over `hash` with the public key
 * pub (04 || X || Y). False for an invalid key, r or s outside [1, n-1], or a wrong signature.
 */
export async function ecdsaVerify(c: WCurve, pub: Buffer, hash: Buffer, r: Buffer, s: Buffer): Promise<boolean> {
    const n = c.n
    const S = wc(c).S
    const q = newLimbs(3 * n)
    if (!(await decodePoint(c, pub, q))) return false
    const rl = newLimbs(n)
    const sl = newLimbs(n)
    if (!scalarFromBytes(c, r, rl)) return false
    if (!scalarFromBytes(c, s, sl)) return false
    const e = newLimbs(n)
    modN(c, e, hash)
    // w = s^-1 (Montgomery), u1 = e w, u2 = r w (plain: Montgomery product of a plain and a Montgomery value)
    if (charge(S.units)) await relax()
    fmul(sl, 0, sl, 0, S.r2, 0, S)
    const w = newLimbs(n)
    await fpow(w, sl, S.pm2, S, true)
    if (charge(2 * S.units)) await relax()
    fmul(e, 0, e, 0, w, 0, S)
    canonical(e, e, S)
    fmul(w, 0, rl, 0, w, 0, S)
    canonical(w, w, S)
    const pt = newLimbs(3 * n)
    await scalarMul(c, pt, e, c.G, w, q)
    const x = Buffer.alloc(c.bytes)
    if (!(await toAffine(c, pt, x, 0, false))) return false
    // x mod n == r ; x < p < 2n, so x mod n is x or x - n
    modN(c, e, x)
    for (let i = 0; i < n; i++) e[i] = e[i] - rl[i]
    return limbsZero(e, n)
}

/**
 * Sign `hash` with the private scalar priv (big-endian, c.bytes bytes, 1 <= d < n). `id` names the hash
 * that produced `hash`; the nonce is RFC 6979's (section 3.2) with HMAC-SHA-256, the only HMAC the runtime
 * has, so `id` must be "sha256". Returns r || s (2 * c.bytes bytes), or null for an invalid key.
 * Secret-dependent work (k * G, k^-1, d * r) runs without branches on secret data.
 */
export async function ecdsaSign(c: WCurve, priv: Buffer, hash: Buffer, id: HashId): Promise<Buffer> {
    if (id !== "sha256") throw new RangeError("ecdsa: no HMAC for " + id)
    const n = c.n
    const B = c.bytes
    const S = wc(c).S
    const d = newLimbs(n)
    await relax()
    if (!scalarFromBytes(c, priv, d)) return null
    const x = limbsToBytes(Buffer.alloc(B), 0, d, B, 24) // int2octets(x): exactly B bytes
    fmul(d, 0, d, 0, S.r2, 0, S) // d R
    const e = newLimbs(n)
    modN(c, e, hash)
    const h1 = Buffer.alloc(B)
    limbsToBytes(h1, 0, e, B, 24) // bits2octets(h1)
    // balanced limbs, so that e + (a field product) stays within the multiply's input bound
    for (let i = 0; i < n - 1; i++) {
        const cy = (e[i] + 0x800000) >> 24
        e[i] = e[i] - (cy << 24)
        e[i + 1] = e[i + 1] + cy
    }
    const out = Buffer.alloc(2 * B)
    const pt = newLimbs(3 * n)
    const t = newLimbs(n)
    const k = newLimbs(n)
    const ki = newLimbs(n)
    // RFC 6979 3.2 is HMAC-DRBG (SP 800-90A) with HMAC-SHA-256: steps b-g are its instantiation with seed x || h1
    // (K = 0, V = 1, update), each candidate T is a generate() of B bytes, and step h.3 (K = HMAC_K(V || 0x00),
    // V = HMAC_K(V) before the next candidate) is the update that ends every generate()
    const drbg = new HmacDrbg(x, h1)
    for (;;) {
        if (scalarFromBytes(c, drbg.generate(B), k)) {
            await scalarMul(c, pt, k, c.G)
            // r = x mod n
            if (await toAffine(c, pt, out, 0, false)) {
                modN(c, t, out)
                limbsToBytes(out, 0, t, B, 24)
                if (!limbsZero(t, n)) {
                    // s = k^-1 (e + r d)
                    if (charge(S.units)) await relax()
                    fmul(k, 0, k, 0, S.r2, 0, S)
                    await fpow(ki, k, S.pm2, S, true)
                    if (charge(3 * S.units)) await relax()
                    fmul(t, 0, t, 0, d, 0, S) // r d (plain)
                    for (let i = 0; i < n; i++) t[i] = t[i] + e[i]
                    fmul(t, 0, t, 0, ki, 0, S) // (e + r d) k^-1 (plain)
                    canonical(t, t, S)
                    if (!limbsZero(t, n)) {
                        limbsToBytes(out, B, t, B, 24)
                        return out
                    }
                }
            }
        }
    }
}

/**
 * DER ECDSA-Sig-Value (SEQUENCE { r INTEGER, s INTEGER }) -> { r, s } as unsigned big-endian bytes (sign
 * padding removed), or null if malformed (negative, non-minimal, trailing bytes).
 */
export function ecdsaSigFromDer(der: Buffer): { r: Buffer; s: Buffer } {
    // (one test per `if`: a chain of || costs the compiler a temporary per term)
    if (!der) return null
    const n = der.length
    if (n < 8) return null
    if (der[0] !== 0x30) return null
    if (der[1] > 0x81) return null
    let p = der[1] === 0x81 ? 3 : 2
    if (p + der[p - 1] !== n) return null
    const ints: Buffer[] = []
    for (let k = 0; k < 2; k++) {
        // an INTEGER: short length, not empty, in bounds, not negative, minimal
        if (p + 2 > n) return null
        if (der[p] !== 2) return null
        const l = der[p + 1]
        p += 2
        if (l === 0) return null
        if (l > 0x7f) return null
        if (p + l > n) return null
        if (der[p] & 0x80) return null
        const z = der[p] === 0 && l > 1 ? 1 : 0 // the sign pad
        if (z && !(der[p + 1] & 0x80)) return null
        ints.push(der.slice(p + z, p + l))
        p += l
    }
    return p === n ? { r: ints[0], s: ints[1] } : null
}

/** r || s (equal halves) -> DER ECDSA-Sig-Value (minimal INTEGERs, a 0x81 length form past 127 bytes) */
export function ecdsaSigToDer(rs: Buffer): Buffer {
    const h = rs.length >> 1
    const out = Buffer.alloc(rs.length + 9)
    let p = 3 // after room for the longest SEQUENCE header
    for (let k = 0; k < 2 * h; k += h) {
        let i = k
        while (i < k + h - 1) {
            if (rs[i]) break
            i++
        }
        const pad = rs[i] >> 7
        out[p] = 2
        out[p + 1] = pad + k + h - i
        out.blitAt(p + 2 + pad, rs, i, k + h - i)
        p += 2 + pad + k + h - i
    }
    const s = p < 0x83 ? 1 : 0
    out[s] = 0x30
    out[1] = s ? 0x30 : 0x81
    out[2] = p - 3
    return out.slice(s, p)
}
