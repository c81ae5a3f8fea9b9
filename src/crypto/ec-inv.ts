// Modular exponentiation with a public exponent (inversion by Fermat: x^(m-2) mod m) over a generated
// multiplication kernel. The exponent is public, so the 4-bit windows may branch on it; the sequence of
// operations does not depend on x.
import { charge } from "../platform/budget"
import { MulK } from "./ec-prog"
import { digit4, fresh, newLimbs, copyLimbs } from "./ec-limbs"

/** A field as seen by the exponentiation: limb count, 1 in its representation, kernel + mode. */
export interface PowField {
    n: number
    one: number[]
    mulk: MulK
    mode: number
    /** budget units of one kernel call */
    units: number
}

/**
 * r = x^e where e is given as unsigned 24-bit limbs (`digits` 4-bit digits, most significant first).
 * r must not alias x.
 */
export async function powPublic(r: number[], x: number[], e: number[], digits: number, f: PowField) {
    const n = f.n
    const mul = f.mulk
    const md = f.mode
    const u = f.units
    // table[j] = x^j, j = 0..15, flat
    const t = newLimbs(16 * n)
    copyLimbs(t, 0, f.one, 0, n)
    copyLimbs(t, n, x, 0, n)
    for (let j = 2; j < 16; j++) {
        if (charge(u)) await fresh(u)
        mul(t, j * n, t, (j - 1) * n, x, 0, md)
    }
    let started = false
    for (let k = digits - 1; k >= 0; k--) {
        const d = digit4(e, k)
        if (started) {
            if (charge(4 * u)) await fresh(4 * u)
            for (let i = 0; i < 4; i++) mul(r, 0, r, 0, r, 0, md)
        }
        if (d !== 0) {
            if (charge(u)) await fresh(u)
            if (started) mul(r, 0, r, 0, t, d * n, md)
            else copyLimbs(r, 0, t, d * n, n)
            started = true
        }
    }
    if (!started) copyLimbs(r, 0, f.one, 0, n)
}
