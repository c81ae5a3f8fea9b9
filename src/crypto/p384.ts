// The P-384 curve (FIPS 186-4 / SEC 2) bound to the generated 17-limb kernel (ec-mul17-gen.ts) and the
// shared point formula programs (ec-point-gen.ts).
import {
    MUL17_UNITS,
    P384_CB,
    P384_G,
    P384_N,
    P384_NONE,
    P384_NR2,
    P384_ONE,
    P384_P,
    P384_R2,
    mul17,
} from "./ec-mul17-gen"
import { WADD_UNITS_17, WDBL_UNITS_17 } from "./ec-point-gen"
import { WCurve, initCurve } from "./ec-weier"
import { newLimbs } from "./ec-limbs"

export const P384: WCurve = initCurve({
    name: "P-384",
    n: 17,
    bytes: 48,
    digits: 96,
    P: P384_P,
    N: P384_N,
    R2: P384_R2,
    ONE: P384_ONE,
    NR2: P384_NR2,
    NONE: P384_NONE,
    CB: P384_CB,
    G: P384_G,
    mulk: mul17,
    mode: 0,
    smode: 1,
    W: newLimbs(8 * 17),
    mulUnits: MUL17_UNITS,
    addUnits: WADD_UNITS_17,
    dblUnits: WDBL_UNITS_17,
})
