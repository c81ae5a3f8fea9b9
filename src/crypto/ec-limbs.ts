import { charge, relax } from "../platform/budget"

// Conversions between big-endian bytes and the 24-bit limb form used by the generated field code
// (src/crypto/*-gen.ts), and the (rare, loop-based) canonical reduction. Not on the hot path: a few calls
// per scalar multiplication. Values here are small ints, so `>>` and `&` are exact.

/** big-endian `len` bytes at `off` -> n unsigned 24-bit limbs (len <= 3n) */
export function limbsFromBytes(out: number[], buf: Buffer, off: number, len: number, n: number) {
    for (let i = 0; i < n; i++) out[i] = 0
    for (let k = 0; k < len; k++) {
        const bit = 8 * k // position of byte (len-1-k), counted from the end
        const li = Math.idiv(bit, 24)
        out[li] += buf[off + len - 1 - k] << (bit - 24 * li)
    }
}

/** unsigned limbs -> balanced signed limbs (each below 2^23 in magnitude except the top one), same value */
export function balance(x: number[], n: number) {
    for (let i = 0; i < n - 1; i++) {
        const c = (x[i] + 0x800000) >> 24
        x[i] -= c << 24
        x[i + 1] += c
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
 * out = x mod p in canonical unsigned limbs. x: signed limbs as produced by the generated code, with
 * |x| < 4p and every limb below 2^27 in magnitude. Branch-free (fixed number of masked subtractions).
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
    for (let round = 0; round < 8; round++) {
        let borrow = 0
        const d: number[] = scratch
        for (let i = 0; i < n; i++) {
            let t = out[i] - p[i] + borrow
            borrow = t >> 24 // 0 or -1 (limbs < 2^24; the top limb of t is < 2^24 too)
            d[i] = t & 0xffffff
        }
        // borrow = -1: out < p, keep out
        const keep = -borrow
        for (let i = 0; i < n; i++) out[i] = d[i] + keep * (out[i] - d[i])
    }
}
const scratch: number[] = []
for (let i = 0; i < 24; i++) scratch.push(0)

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

export function copyLimbs(dst: number[], doff: number, src: number[], soff: number, n: number) {
    for (let i = 0; i < n; i++) dst[doff + i] = src[soff + i]
}

/** 4-bit digit k (bits 4k..4k+3) of unsigned 24-bit limbs */
export function digit4(x: number[], k: number) {
    const li = Math.idiv(k, 6)
    return (x[li] >> (4 * (k - 6 * li))) & 15
}

/**
 * Step budget, charged *before* a block of work: `if (charge(u)) await fresh(u)` yields when the block would
 * overflow the current slice and then charges it to the new one, so a block never runs on top of a nearly
 * used slice (a P-384 point addition is ~45-65k opcodes of the 131,072 allowed between yields).
 */
export async function fresh(units: number) {
    await relax()
    charge(units)
}
