// Short-Weierstrass curves with a = -3 (P-256, P-384) over field.ts: point decoding and validation,
// constant-time fixed-window scalar multiplication for secret scalars, interleaved (Shamir) double
// multiplication for public scalars, and affine conversion.
// Points are flat number[] of 3n limbs: projective X, Y, Z in Montgomery form; (0 : 1 : 0) is the identity.
// The complete formulas (Renes-Costello-Batina) have no exceptional cases, so secret-scalar loops never
// branch on the scalar or on intermediate points.
import { charge, relax } from "../platform/budget"
import { ADD_PROG, DBL_PROG } from "./ec-gen"
import { Field, canonical, field, fmul, fpow, pick, limbsFromBytes, limbsLess, limbsToBytes, limbsZero, newLimbs, runProg } from "./field"

export interface WCurve {
    /** the field of coordinates (extras: b, then the generator) and the scalar field (mod the group order) */
    F: Field
    S: Field
    /** limbs per field element */
    n: number
    /** bytes per coordinate / scalar */
    bytes: number
    /** b in Montgomery form */
    CB: number[]
    /** generator in Montgomery projective form */
    G: number[]
    /** the field blobs */
    fh: Buffer
    sh: Buffer
}

/**
 * A curve from its two field blobs (ec-gen.ts). Its tables (both fields, b, G: ~1.5 KB of heap for P-256) are
 * built at its first use by wc(), not at start-up: the firmware starts with that heap free.
 */
export function curve(fh: Buffer, sh: Buffer, bytes: number): WCurve {
    return { F: null, S: null, n: fh.getAt(0, "i32"), bytes: bytes, CB: null, G: null, fh: fh, sh: sh }
}

/** c, with its tables built (once). Every exported entry point taking a curve calls it. */
export function wc(c: WCurve): WCurve {
    if (!c.F) {
        const F = field(c.fh)
        c.S = field(c.sh)
        c.CB = F.x.slice(0, c.n)
        c.G = F.x.slice(c.n, 4 * c.n)
        c.F = F
    }
    return c
}

/** r = u + v (ADD_PROG) or 2u (DBL_PROG, v = u), complete formulas; r may alias u or v; W: scratch of 8n limbs */
async function wOp(c: WCurve, W: number[], prog: Buffer, r: number[], u: number[], v: number[]) {
    await runProg(prog, u, v, W, c.CB, c.F)
    for (let i = 0; i < 3 * c.n; i++) r[i] = W[5 * c.n + i]
}

/**
 * runProg program of the curve equation's check over (out = X, Y; w; b; R mod p): w1 = X^2 - 1 - 1 - 1, w1 = w1 X,
 * w0 = Y^2 - w1 - b. Bounds as in the formulas: R mod p has small limbs for both curves, so X^2 - 3 stays within
 * the multiply's input bound, and |w0| < 3p with limbs below 2^27 is within canonical()'s.
 */
const ON_CURVE = hex`0021000002212160022121600221216000212100002001010220202102202040`

/**
 * Decode an uncompressed SEC1 point (04 || X || Y) into Montgomery projective form. Rejects (returns false)
 * anything else: wrong length or prefix, coordinates >= p, or a point not on the curve. The identity has no
 * uncompressed encoding, so a valid result is never the point at infinity.
 */
export async function decodePoint(c: WCurve, pub: Buffer, out: number[]): Promise<boolean> {
    const n = c.n
    const B = c.bytes
    const F = c.F
    if (!pub) return false
    if (pub.length !== 1 + 2 * B) return false
    if (pub[0] !== 4) return false
    // out = X, Y (t, l: plain; then Montgomery), Z = 1
    const t = newLimbs(n)
    const l = newLimbs(n)
    limbsFromBytes(t, pub, 1, B, 24)
    limbsFromBytes(l, pub, 1 + B, B, 24)
    if (!limbsLess(t, F.pu, n)) return false
    if (!limbsLess(l, F.pu, n)) return false
    if (charge(2 * F.units)) await relax()
    fmul(out, 0, t, 0, F.r2, 0, F)
    fmul(out, n, l, 0, F.r2, 0, F)
    for (let i = 0; i < n; i++) out[2 * n + i] = F.one[i]
    // y^2 - (x (x^2 - 3) + b) = 0, checked in Montgomery form
    const w = newLimbs(2 * n)
    await runProg(ON_CURVE, out, w, c.CB, F.one, F)
    canonical(w, w, F)
    return limbsZero(w, n)
}

/**
 * Projective point -> canonical affine x (and y if `withY`), big-endian into `out` at `off` (and off + c.bytes).
 * Returns false for the point at infinity.
 */
export async function toAffine(c: WCurve, pt: number[], out: Buffer, off: number, withY: boolean): Promise<boolean> {
    const n = c.n
    const F = c.F
    const z = pt.slice(2 * n, 3 * n)
    const t = newLimbs(n)
    fmul(t, 0, z, 0, F.plain1, 0, F)
    canonical(t, t, F)
    if (limbsZero(t, n)) return false
    const zi = newLimbs(n)
    await fpow(zi, z, F.pm2, F, true)
    for (let k = 0; k < (withY ? 2 : 1); k++) {
        if (charge(2 * F.units)) await relax()
        fmul(t, 0, pt, k * n, zi, 0, F)
        fmul(t, 0, t, 0, F.plain1, 0, F)
        canonical(t, t, F)
        limbsToBytes(out, off + k * c.bytes, t, c.bytes, 24)
    }
    return true
}

/** T[j] = j * P for j = 0..15, flat (16 * 3n): T[j] = T[j - 1] + P (the complete formulas also add P + P) */
async function buildTable(c: WCurve, W: number[], p: number[]): Promise<number[]> {
    const L = 3 * c.n
    const T = newLimbs(16 * L)
    const a = p.slice(0)
    for (let i = 0; i < c.n; i++) T[c.n + i] = c.F.one[i] // T[0] = (0 : 1 : 0)
    for (let j = 1; j < 16; j++) {
        if (j > 1) await wOp(c, W, ADD_PROG, a, a, p)
        for (let i = 0; i < L; i++) T[j * L + i] = a[i]
    }
    return T
}

/**
 * r = k * P, or with (k2, P2) r = k * P + k2 * P2 (ECDSA verification: one shared chain of doublings). Scalars:
 * canonical unsigned limbs, any value < 2^(8 c.bytes). Fixed 4-bit windows from the top digit: 4 doublings (none
 * before the first digit), then per scalar one scan of its table and one complete addition (identity included);
 * the table entry is read by a masked scan of all 16 entries, so neither the sequence of operations nor the
 * memory accesses depend on the scalars or the points.
 */
export async function scalarMul(c: WCurve, r: number[], k: number[], p: number[], k2?: number[], p2?: number[]) {
    const L = 3 * c.n
    const W = newLimbs(8 * c.n)
    const T = await buildTable(c, W, p)
    const T2 = k2 ? await buildTable(c, W, p2) : null
    const sel = newLimbs(L)
    for (let i = 0; i < L; i++) r[i] = T[i] // the identity
    const top = 2 * c.bytes - 1 // 4-bit digits per scalar, less one
    for (let w = top; w >= 0; w--) {
        if (w < top) for (let i = 0; i < 4; i++) await wOp(c, W, DBL_PROG, r, r, r)
        const li = Math.idiv(w, 6) // digit w: bits 4w..4w+3 of the 24-bit limbs
        for (let s = 0; s < (k2 ? 2 : 1); s++) {
            pick(sel, s ? T2 : T, ((s ? k2 : k)[li] >> (4 * (w - 6 * li))) & 15, L)
            await wOp(c, W, ADD_PROG, r, r, sel)
        }
    }
}

/** big-endian bytes (leading zeros allowed) -> canonical scalar limbs; returns false unless 1 <= k < n */
export function scalarFromBytes(c: WCurve, buf: Buffer, out: number[]): boolean {
    let s = 0
    while (s < buf.length && buf[s] === 0) s++
    if (buf.length - s > c.bytes) return false
    limbsFromBytes(out, buf, s, buf.length - s, 24)
    return !limbsZero(out, c.n) && limbsLess(out, c.S.pu, c.n)
}

/**
 * x = bits2int(hash) mod n (SEC1 / RFC 6979): the leftmost `bytes` bytes of hash (< 2^(8 bytes) < 2n for both
 * curves), reduced by canonical() (branch-free).
 */
export function modN(c: WCurve, x: number[], hash: Buffer) {
    limbsFromBytes(x, hash, 0, Math.min(hash.length, c.bytes), 24)
    canonical(x, x, c.S)
}
