// Cooperative step budget.
//
// The VM kills a fiber that runs 131,072 opcodes without an `await` (InfiniteLoop panic). Every routine that
// can run long (crypto, parsing, TLS) charges an estimate of its work here and awaits `relax()` when the
// budget says so. The budget is counted in "units": callers charge roughly one unit per ~20 opcodes (one simple
// loop iteration). SSLBOOST=1 raises the slice (fewer yields, so less time for the AT loop and timers)
// within the hard opcode ceiling.
import * as ds from "@devicescript/core"

/** units per slice in normal mode: ~20 opcodes per unit keeps a slice well under 131,072 opcodes */
export const SLICE_NORMAL = 2000
/** units per slice while SSLBOOST=1 */
export const SLICE_BOOST = 4000

let slice = SLICE_NORMAL
let used = 0
/** How many times a routine has yielded for its budget (the watchdog counts it as progress). */
export let relaxes = 0

/** Set by the SSLBOOST command. */
export function setBoost(on: boolean) {
    slice = on ? SLICE_BOOST : SLICE_NORMAL
}

/**
 * Charge `units` of work; returns true when the caller must `await relax()` before doing more.
 * Use as: `if (charge(n)) await relax()`.
 */
export function charge(units: number): boolean {
    used += units
    return used >= slice
}

/** Yield to other fibers and start a fresh slice. */
export async function relax() {
    used = 0
    relaxes++
    await ds.sleep(0)
}

/** Charge and yield if needed, in one call (slightly more expensive than the inline form). */
export async function step(units: number) {
    used += units
    if (used >= slice) {
        used = 0
        relaxes++
        await ds.sleep(0)
    }
}
