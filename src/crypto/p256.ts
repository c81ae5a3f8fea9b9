// The P-256 curve (FIPS 186-4 / SEC 2) bound to the generated 11-limb kernel (ec-mul11-gen.ts) and the
// shared point formula programs (ec-point-gen.ts).
import {
    MUL11_UNITS,
    P256_CB,
    P256_G,
    P256_N,
    P256_NONE,
    P256_NR2,
    P256_ONE,
    P256_P,
    P256_R2,
    mul11,
} from "./ec-mul11-gen"
import { WADD_UNITS_11, WDBL_UNITS_11 } from "./ec-point-gen"
import { WCurve, initCurve } from "./ec-weier"
import { newLimbs } from "./ec-limbs"

export const P256: WCurve = initCurve({
    name: "P-256",
    n: 11,
    bytes: 32,
    digits: 64,
    P: P256_P,
    N: P256_N,
    R2: P256_R2,
    ONE: P256_ONE,
    NR2: P256_NR2,
    NONE: P256_NONE,
    CB: P256_CB,
    G: P256_G,
    mulk: mul11,
    mode: 1,
    smode: 2,
    W: newLimbs(8 * 11),
    mulUnits: MUL11_UNITS,
    addUnits: WADD_UNITS_11,
    dblUnits: WDBL_UNITS_11,
})
