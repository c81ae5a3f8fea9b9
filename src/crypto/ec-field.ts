// Field arithmetic for X25519, P-256 and P-384 (and their scalar fields): one looped Montgomery multiply for
// every field, the interpreter of the formula programs, inversion, and limb conversions.
//
// Field elements are number[] of n 24-bit *signed* limbs held in doubles (tools/ec-gen.mjs explains the
// representation and proves the bounds); Montgomery form uses R = 2^(24 n). A carry is
// `q = (c * 2^-24 + M) - M` with M = 1.5 * 2^52 (round to nearest without a call).
// One multiply is one call whose loops make no further calls: in this VM a call costs as much as ~50 loop
// iterations, and the whole firmware's bytecode must fit in 64 KB, so there are no unrolled kernels.
import { charge, relax } from "../platform/budget"

/** A prime field (from a blob of ec-gen.ts): every constant a limb array of n entries. */
export interface Field {
    n: number
    /** n' = -p^-1 mod 2^24 (balanced) */
    ni: number
    /** p as signed 24-bit digits (the Montgomery reduction reads these) */
    p: number[]
    /** p as unsigned 24-bit limbs (canonical reduction, comparisons) */
    pu: number[]
    /** R mod p (1 in Montgomery form), R^2 mod p (to Montgomery form), 1 (plain: leaves Montgomery form) */
    one: number[]
    r2: number[]
    plain1: number[]
    /** p - 2 (the inversion exponent), unsigned limbs */
    pm2: number[]
    /** constants in Montgomery form that follow in the blob (curve b and generator, or a24) */
    x: number[]
    /** window of column sums (scratch of fmul) */
    t: number[]
    /** budget units of one fmul */
    units: number
}

/** Reads a field blob: little-endian int32 [n, n', p digits, p limbs, R mod p, R^2 mod p, extras...]. */
export function field(h: Buffer): Field {
    const v: number[] = []
    for (let i = 0; i < h.length; i += 4) v.push(h.getAt(i, "i32"))
    const n = v[0]
    const pu = v.slice(2 + n, 2 + 2 * n)
    const pm2 = pu.slice(0)
    pm2[0] -= 2 // the low limb of every prime here is > 2
    const plain1 = newLimbs(n)
    plain1[0] = 1
    return {
        n: n,
        ni: v[1],
        p: v.slice(2, 2 + n),
        pu: pu,
        one: v.slice(2 + 2 * n, 2 + 3 * n),
        r2: v.slice(2 + 3 * n, 2 + 4 * n),
        plain1: plain1,
        pm2: pm2,
        x: v.slice(2 + 4 * n),
        t: newLimbs(n),
        // measured (bench, in calib-loop iterations): 470-570 for n = 11, ~1,090 for n = 17; ~30 % margin
        units: 4 * n * n + 12 * n + 50,
    }
}

/**
 * r[ro..ro+n) = x[xo..] * y[yo..] / R mod p (Montgomery), for inputs with limbs within 2^24 + 2 and
 * |value| < 8p; the result has limbs 0..n-2 within 2^23 + 1 and |value| < p. r may alias x or y.
 * Row i adds x_i * y and m * p to the window t of column sums (m = the low digit times n', so that the low
 * column becomes divisible by 2^24), then the window shifts down by one column. Synchronous: callers charge
 * `f.units` per call.
 */
export function fmul(r: number[], ro: number, x: number[], xo: number, y: number[], yo: number, f: Field) {
    const n = f.n
    const p = f.p
    const t = f.t
    const ni = f.ni
    const y0 = y[yo]
    const p0 = p[0]
    for (let j = 0; j < n; j++) t[j] = 0
    for (let i = 0; i < n; i++) {
        const a = x[xo + i]
        const c = t[0] + a * y0
        let m = (c - (c * 5.9604644775390625e-8 + 6755399441055744 - 6755399441055744) * 16777216) * ni
        m -= (m * 5.9604644775390625e-8 + 6755399441055744 - 6755399441055744) * 16777216
        t[1] += (c + m * p0) * 5.9604644775390625e-8 // exact: c + m p0 is divisible by 2^24
        for (let j = 1; j < n; j++) t[j - 1] = t[j] + a * y[yo + j] + m * p[j]
        t[n - 1] = 0
    }
    for (let j = 0; j < n - 1; j++) {
        const c = t[j]
        const q = c * 5.9604644775390625e-8 + 6755399441055744 - 6755399441055744
        r[ro + j] = c - q * 16777216
        t[j + 1] += q
    }
    r[ro + n - 1] = t[n - 1]
}

/**
 * Runs a formula program of ec-gen.ts: 4-byte ops [op, dst, x, y]; an operand byte (array << 5) | slot
 * designates the field element at slot * n of one of four arrays. Ops: 0 = multiply (fmul), 1 = add,
 * 2 = subtract (limb loops, no carry), 3 = carry pass of dst (balanced limbs, value unchanged, top limb keeps
 * the rest). The generator checked every intermediate bound, so fmul's input contract holds for every op.
 * Yields on the step budget between ops (a P-384 point addition is ~100k opcodes).
 */
export async function runProg(prog: Buffer, a0: number[], a1: number[], a2: number[], a3: number[], f: Field) {
    const n = f.n
    let work = 0
    for (let pc = 0; pc < prog.length; pc += 4) {
        const op = prog[pc]
        const d = prog[pc + 1]
        const x = prog[pc + 2]
        const y = prog[pc + 3]
        const da = d >> 5
        const D = da === 0 ? a0 : da === 1 ? a1 : da === 2 ? a2 : a3
        const od = (d & 31) * n
        const xa = x >> 5
        const X = xa === 0 ? a0 : xa === 1 ? a1 : xa === 2 ? a2 : a3
        const ox = (x & 31) * n
        const ya = y >> 5
        const Y = ya === 0 ? a0 : ya === 1 ? a1 : ya === 2 ? a2 : a3
        const oy = (y & 31) * n
        if (op === 0) {
            fmul(D, od, X, ox, Y, oy, f)
            work += f.units
        } else {
            if (op === 3) {
                let cy = 0
                for (let i = 0; i < n - 1; i++) {
                    const t = D[od + i] + cy
                    cy = t * 5.9604644775390625e-8 + 6755399441055744 - 6755399441055744 // round(t / 2^24)
                    D[od + i] = t - cy * 16777216
                }
                D[od + n - 1] += cy
            } else if (op === 1) for (let i = 0; i < n; i++) D[od + i] = X[ox + i] + Y[oy + i]
            else for (let i = 0; i < n; i++) D[od + i] = X[ox + i] - Y[oy + i]
            work += 2 * n + 10
        }
        if (work >= 400) {
            if (charge(work)) await relax()
            work = 0
        }
    }
    if (charge(work)) await relax()
}

/**
 * r = x^e (Montgomery form in and out; Fermat inversion with e = p - 2), e as unsigned 24-bit limbs, `digits`
 * 4-bit digits. The exponent is public, so the windows may branch on it; the sequence of operations does not
 * depend on x. r must not alias x.
 */
export async function fpow(r: number[], x: number[], e: number[], digits: number, f: Field) {
    const n = f.n
    const u = f.units
    // table[j] = x^j, j = 0..15, flat
    const t = newLimbs(16 * n)
    for (let i = 0; i < n; i++) {
        t[i] = f.one[i]
        t[n + i] = x[i]
        r[i] = f.one[i]
    }
    for (let j = 2; j < 16; j++) {
        if (charge(u)) await relax()
        fmul(t, j * n, t, (j - 1) * n, x, 0, f)
    }
    for (let k = digits - 1; k >= 0; k--) {
        if (charge(5 * u)) await relax()
        for (let i = 0; i < 4; i++) fmul(r, 0, r, 0, r, 0, f)
        const d = digit4(e, k)
        if (d !== 0) fmul(r, 0, r, 0, t, d * n, f)
    }
}

/** big-endian `len` bytes at `off` -> n unsigned 24-bit limbs (len <= 3n) */
export function limbsFromBytes(out: number[], buf: Buffer, off: number, len: number, n: number) {
    for (let i = 0; i < n; i++) out[i] = 0
    for (let k = 0; k < len; k++) {
        const bit = 8 * k // position of byte (len-1-k), counted from the end
        const li = Math.idiv(bit, 24)
        out[li] += buf[off + len - 1 - k] << (bit - 24 * li)
    }
}

/** canonical unsigned limbs (value < 2^(8 len)) -> big-endian `len` bytes at `off` */
export function limbsToBytes(buf: Buffer, off: number, x: number[], len: number) {
    for (let k = 0; k < len; k++) {
        const bit = 8 * k
        const li = Math.idiv(bit, 24)
        buf[off + len - 1 - k] = (x[li] >> (bit - 24 * li)) & 0xff
    }
}

/**
 * out = x mod p in canonical unsigned limbs (p: unsigned limbs). x: signed limbs as produced by fmul and the
 * programs, with |x| < 4p and every limb below 2^27 in magnitude. Branch-free (fixed number of masked
 * subtractions).
 */
export function canonical(out: number[], x: number[], p: number[], n: number) {
    // t = x + 4p, unsigned carries (values are ints below 2^31)
    let c = 0
    for (let i = 0; i < n; i++) {
        let t = x[i] + 4 * p[i] + c
        if (i < n - 1) {
            c = t >> 24
            t = t & 0xffffff
        }
        out[i] = t
    }
    // now 0 <= t < 8p: subtract p when t >= p, 8 times, by masks
    const d = newLimbs(n)
    for (let round = 0; round < 8; round++) {
        let borrow = 0
        for (let i = 0; i < n; i++) {
            const t = out[i] - p[i] + borrow
            borrow = t >> 24 // 0 or -1 (limbs < 2^24; the top limb of t is < 2^24 too)
            d[i] = t & 0xffffff
        }
        // borrow = -1: out < p, keep out
        const keep = -borrow
        for (let i = 0; i < n; i++) out[i] = d[i] + keep * (out[i] - d[i])
    }
}

/** true if canonical unsigned limbs a < b (public values only: branches) */
export function limbsLess(a: number[], b: number[], n: number) {
    for (let i = n - 1; i >= 0; i--) {
        if (a[i] !== b[i]) return a[i] < b[i]
    }
    return false
}

/** true if all n limbs are 0 (no early exit) */
export function limbsZero(a: number[], n: number) {
    let acc = 0
    for (let i = 0; i < n; i++) acc |= a[i]
    return acc === 0
}

export function newLimbs(n: number) {
    const r: number[] = []
    for (let i = 0; i < n; i++) r.push(0)
    return r
}

/** 4-bit digit k (bits 4k..4k+3) of unsigned 24-bit limbs */
export function digit4(x: number[], k: number) {
    const li = Math.idiv(k, 6)
    return (x[li] >> (4 * (k - 6 * li))) & 15
}
