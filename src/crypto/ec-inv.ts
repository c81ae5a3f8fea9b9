// Modular inversion by Fermat's little theorem, x^(m-2) mod m, with the generated field functions.
// The exponent is public (m - 2), so the 4-bit windows may branch on it; the cost does not depend on x.
import { charge, relax } from "../platform/budget"
import { digit4, newLimbs, copyLimbs } from "./ec-limbs"

export type MulFn = (r: number[], x: number[], y: number[]) => void
export type SqrNFn = (r: number[], k: number) => void

/** A field as seen by the exponentiation: limb count, 1 in its representation, generated mul/sqrN. */
export interface PowField {
    n: number
    one: number[]
    mul: MulFn
    sqrN: SqrNFn
    /** budget units of one mul */
    units: number
}

/**
 * r = x^e where e is given as unsigned 24-bit limbs (`digits` 4-bit digits, most significant first).
 * r must not alias x.
 */
export async function powPublic(r: number[], x: number[], e: number[], digits: number, f: PowField) {
    const n = f.n
    const one = f.one
    const mul = f.mul
    const sqrN = f.sqrN
    const unitsMul = f.units
    // table[j] = x^j, j = 1..15, flat
    const t = newLimbs(16 * n)
    copyLimbs(t, 0, one, 0, n)
    copyLimbs(t, n, x, 0, n)
    const a = newLimbs(n)
    const b = newLimbs(n)
    for (let j = 2; j < 16; j++) {
        copyLimbs(a, 0, t, (j - 1) * n, n)
        mul(b, a, x)
        copyLimbs(t, j * n, b, 0, n)
        if (charge(unitsMul)) await relax()
    }
    let started = false
    for (let k = digits - 1; k >= 0; k--) {
        const d = digit4(e, k)
        if (started) {
            sqrN(r, 4)
            if (charge(4 * unitsMul)) await relax()
        }
        if (d !== 0) {
            copyLimbs(a, 0, t, d * n, n)
            if (started) mul(r, r, a)
            else copyLimbs(r, 0, a, 0, n)
            started = true
            if (charge(unitsMul)) await relax()
        }
    }
    if (!started) copyLimbs(r, 0, one, 0, n)
}
