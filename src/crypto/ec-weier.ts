// Short-Weierstrass curves with a = -3 (P-256, P-384) over the generated Montgomery field code: point
// decoding and validation, constant-time fixed-window scalar multiplication for secret scalars, interleaved
// (Shamir) double multiplication for public scalars, and affine conversion.
// Points are flat number[] of 3n limbs: projective X, Y, Z in Montgomery form; (0 : 1 : 0) is the identity.
// The complete formulas (Renes-Costello-Batina) have no exceptional cases, so secret-scalar loops never
// branch on the scalar or on intermediate points.
import { charge, relax } from "../platform/budget"
import { PowField, powPublic } from "./ec-inv"
import { ADD_PROG, DBL_PROG } from "./ec-point-gen"
import { MulK, runProg } from "./ec-prog"
import { canonical, copyLimbs, digit4, fresh, limbsFromBytes, limbsLess, limbsToBytes, limbsZero, newLimbs } from "./ec-limbs"

export interface WCurve {
    name: string
    /** limbs per field element */
    n: number
    /** multiplication kernel and its mode for arithmetic mod p */
    mulk: MulK
    mode: number
    /** b * R mod p */
    CB: number[]
    /** scratch for the formulas: 8 field elements */
    W: number[]
    /** bytes per coordinate / scalar */
    bytes: number
    /** 4-bit digits per scalar */
    digits: number
    P: number[]
    N: number[]
    /** R^2 mod p, R mod p, R^2 mod n, R mod n */
    R2: number[]
    ONE: number[]
    NR2: number[]
    NONE: number[]
    /** generator in Montgomery projective form */
    G: number[]
    /** kernel mode for arithmetic mod n */
    smode: number
    mulUnits: number
    addUnits: number
    dblUnits: number
    /** filled by initCurve */
    field?: PowField
    scalar?: PowField
    pMinus2?: number[]
    nMinus2?: number[]
    plainOne?: number[]
}

export function initCurve(c: WCurve) {
    const n = c.n
    c.field = { n: n, one: c.ONE, mulk: c.mulk, mode: c.mode, units: c.mulUnits }
    c.scalar = { n: n, one: c.NONE, mulk: c.mulk, mode: c.smode, units: c.mulUnits * 2 }
    c.pMinus2 = c.P.slice(0)
    c.pMinus2[0] -= 2 // p and n are odd with low limb > 2 for both curves
    c.nMinus2 = c.N.slice(0)
    c.nMinus2[0] -= 2
    c.plainOne = newLimbs(n)
    c.plainOne[0] = 1
    return c
}

/** r = x * y mod p (Montgomery) */
export function fmul(c: WCurve, r: number[], x: number[], y: number[]) {
    c.mulk(r, 0, x, 0, y, 0, c.mode)
}
/** r = x * y mod n (Montgomery) */
export function smul(c: WCurve, r: number[], x: number[], y: number[]) {
    c.mulk(r, 0, x, 0, y, 0, c.smode)
}

/** r = u + v (complete formula; r may alias u or v) */
export function wAdd(r: number[], u: number[], v: number[], c: WCurve) {
    runProg(ADD_PROG, u, v, c.W, c.CB, c.n, c.mulk, c.mode)
    copyLimbs(r, 0, c.W, 5 * c.n, 3 * c.n)
}

/** r = 2u (complete formula; r may alias u) */
export function wDbl(r: number[], u: number[], c: WCurve) {
    runProg(DBL_PROG, u, u, c.W, c.CB, c.n, c.mulk, c.mode)
    copyLimbs(r, 0, c.W, 5 * c.n, 3 * c.n)
}

/** the identity (0 : 1 : 0) */
function setIdentity(c: WCurve, r: number[]) {
    const n = c.n
    for (let i = 0; i < 3 * n; i++) r[i] = 0
    copyLimbs(r, n, c.ONE, 0, n)
}

/**
 * Decode an uncompressed SEC1 point (04 || X || Y) into Montgomery projective form. Rejects (returns false)
 * anything else: wrong length or prefix, coordinates >= p, or a point not on the curve. The identity has no
 * uncompressed encoding, so a valid result is never the point at infinity.
 */
export function decodePoint(c: WCurve, pub: Buffer, out: number[]): boolean {
    const n = c.n
    const B = c.bytes
    if (!pub || pub.length !== 1 + 2 * B || pub[0] !== 4) return false
    const x = newLimbs(n)
    const y = newLimbs(n)
    limbsFromBytes(x, pub, 1, B, n)
    limbsFromBytes(y, pub, 1 + B, B, n)
    if (!limbsLess(x, c.P, n) || !limbsLess(y, c.P, n)) return false
    const xm = newLimbs(n)
    const ym = newLimbs(n)
    fmul(c, xm, x, c.R2)
    fmul(c, ym, y, c.R2)
    // y^2 == x * (x^2 - 3) + b, compared after leaving Montgomery form and reducing
    const t = newLimbs(n)
    fmul(c, t, xm, xm)
    for (let i = 0; i < n; i++) t[i] -= 3 * c.ONE[i] // ONE = R mod p has small limbs for both curves
    fmul(c, t, t, xm)
    for (let i = 0; i < n; i++) t[i] += c.CB[i]
    fmul(c, t, t, c.plainOne)
    const l = newLimbs(n)
    fmul(c, l, ym, ym)
    fmul(c, l, l, c.plainOne)
    canonical(x, t, c.P, n)
    canonical(y, l, c.P, n)
    for (let i = 0; i < n; i++) if (x[i] !== y[i]) return false
    copyLimbs(out, 0, xm, 0, n)
    copyLimbs(out, n, ym, 0, n)
    copyLimbs(out, 2 * n, c.ONE, 0, n)
    return true
}

/** encode affine canonical limbs as 04 || X || Y */
export function encodePoint(c: WCurve, x: number[], y: number[]): Buffer {
    const B = c.bytes
    const out = Buffer.alloc(1 + 2 * B)
    out[0] = 4
    limbsToBytes(out, 1, x, B)
    limbsToBytes(out, 1 + B, y, B)
    return out
}

/**
 * Projective point -> canonical affine limbs (plain, unsigned). Returns false for the point at infinity.
 * `y` may be null when only x is needed.
 */
export async function toAffine(c: WCurve, pt: number[], x: number[], y: number[]): Promise<boolean> {
    const n = c.n
    if (charge(8 * c.mulUnits)) await fresh(8 * c.mulUnits)
    const z = pt.slice(2 * n, 3 * n)
    const t = newLimbs(n)
    fmul(c, t, z, c.plainOne)
    canonical(x, t, c.P, n)
    if (limbsZero(x, n)) return false
    const zi = newLimbs(n)
    await powPublic(zi, z, c.pMinus2, c.digits, c.field)
    if (charge(8 * c.mulUnits)) await fresh(8 * c.mulUnits)
    const a = pt.slice(0, n)
    fmul(c, a, a, zi)
    fmul(c, a, a, c.plainOne)
    canonical(x, a, c.P, n)
    if (y) {
        const b = pt.slice(n, 2 * n)
        fmul(c, b, b, zi)
        fmul(c, b, b, c.plainOne)
        canonical(y, b, c.P, n)
    }
    return true
}

/** T[j] = j * P for j = 0..15, flat (16 * 3n) */
async function buildTable(c: WCurve, p: number[]): Promise<number[]> {
    const L = 3 * c.n
    const T = newLimbs(16 * L)
    const a = newLimbs(L)
    const b = newLimbs(L)
    setIdentity(c, a)
    copyLimbs(T, 0, a, 0, L)
    copyLimbs(T, L, p, 0, L)
    for (let j = 2; j < 16; j++) {
        if (charge(c.addUnits)) await fresh(c.addUnits)
        if ((j & 1) === 0) {
            copyLimbs(a, 0, T, (j >> 1) * L, L)
            wDbl(b, a, c)
        } else {
            copyLimbs(a, 0, T, (j - 1) * L, L)
            wAdd(b, a, p, c)
        }
        copyLimbs(T, j * L, b, 0, L)
    }
    return T
}

/** r = T[d], reading every entry (no secret-dependent index or branch) */
function selectCT(r: number[], T: number[], d: number, L: number) {
    for (let i = 0; i < L; i++) r[i] = 0
    for (let j = 0; j < 16; j++) {
        const m = 1 - (((j ^ d) + 15) >> 4) // 1 when j === d, else 0
        const o = j * L
        for (let i = 0; i < L; i++) r[i] += m * T[o + i]
    }
}

/**
 * r = k * P for a secret scalar k (canonical unsigned limbs, any value < 2^(4 digits)). Fixed 4-bit
 * windows: the same sequence of 4 doublings, one table scan and one complete addition per digit.
 */
export async function scalarMulCT(c: WCurve, r: number[], p: number[], k: number[]) {
    const L = 3 * c.n
    const T = await buildTable(c, p)
    const acc = newLimbs(L)
    const sel = newLimbs(L)
    selectCT(acc, T, digit4(k, c.digits - 1), L)
    for (let w = c.digits - 2; w >= 0; w--) {
        for (let i = 0; i < 4; i++) {
            if (charge(c.dblUnits)) await fresh(c.dblUnits)
            wDbl(acc, acc, c)
        }
        if (charge(c.addUnits + 8 * L)) await fresh(c.addUnits + 8 * L)
        selectCT(sel, T, digit4(k, w), L)
        wAdd(acc, acc, sel, c)
    }
    copyLimbs(r, 0, acc, 0, L)
}

/** r = u1 * G + u2 * Q for public scalars (variable time: branches on the digits) */
export async function doubleMulPublic(c: WCurve, r: number[], u1: number[], u2: number[], q: number[]) {
    const L = 3 * c.n
    const TG = await buildTable(c, c.G)
    const TQ = await buildTable(c, q)
    const acc = newLimbs(L)
    const sel = newLimbs(L)
    setIdentity(c, acc)
    let started = false
    for (let w = c.digits - 1; w >= 0; w--) {
        if (started) {
            for (let i = 0; i < 4; i++) {
                if (charge(c.dblUnits)) await fresh(c.dblUnits)
                wDbl(acc, acc, c)
            }
        }
        const d1 = digit4(u1, w)
        const d2 = digit4(u2, w)
        if (d1 !== 0) {
            if (charge(c.addUnits)) await fresh(c.addUnits)
            copyLimbs(sel, 0, TG, d1 * L, L)
            wAdd(acc, acc, sel, c)
            started = true
        }
        if (d2 !== 0) {
            if (charge(c.addUnits)) await fresh(c.addUnits)
            copyLimbs(sel, 0, TQ, d2 * L, L)
            wAdd(acc, acc, sel, c)
            started = true
        }
    }
    copyLimbs(r, 0, acc, 0, L)
}

/** big-endian bytes -> canonical scalar limbs; returns false unless 1 <= k < n */
export function scalarFromBytes(c: WCurve, buf: Buffer, out: number[]): boolean {
    if (buf.length !== c.bytes) return false
    limbsFromBytes(out, buf, 0, c.bytes, c.n)
    if (limbsZero(out, c.n)) return false
    return limbsLess(out, c.N, c.n)
}

/**
 * bits2int(hash) mod n (SEC1 / RFC 6979): the leftmost `bytes` bytes of the hash, reduced by one
 * conditional subtraction (2^(8 bytes) < 2n for P-256 and P-384). Public input.
 */
export function hashToScalar(c: WCurve, hash: Buffer, out: number[]) {
    const B = c.bytes
    const h = hash.length > B ? hash.slice(0, B) : hash
    limbsFromBytes(out, h, 0, h.length, c.n)
    if (!limbsLess(out, c.N, c.n)) {
        let borrow = 0
        for (let i = 0; i < c.n; i++) {
            const t = out[i] - c.N[i] + borrow
            borrow = t >> 24
            out[i] = t & 0xffffff
        }
    }
}

/** scalar arithmetic helpers mod n: r = x^-1 (Montgomery form in, Montgomery form out) */
export async function scalarInvMont(c: WCurve, r: number[], xm: number[]) {
    await powPublic(r, xm, c.nMinus2, c.digits, c.scalar)
}

/** the fixed base point, affine public key of a private scalar */
export async function publicFromScalar(c: WCurve, k: number[]): Promise<Buffer> {
    await relax()
    const pt = newLimbs(3 * c.n)
    await scalarMulCT(c, pt, c.G, k)
    const x = newLimbs(c.n)
    const y = newLimbs(c.n)
    if (!(await toAffine(c, pt, x, y))) return null
    return encodePoint(c, x, y)
}
