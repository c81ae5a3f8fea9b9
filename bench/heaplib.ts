// Peak-heap probes (see bench/heap.mjs). A probe file `bench/<name>.heap.ts` does:
//     const keep = holdBallast()       // first: pins BALLAST bytes of heap (value set by bench/heap.mjs)
//     if (RUN_OP) await theOperation() // the operation being measured
//     heapDone(keep)                   // last: prints HEAP-OK and ends the run
// bench/heap.mjs bisects the largest ballast with which the run still ends without OutOfMemory, once with
// RUN_OP false and once with RUN_OP true; the difference is the operation's peak heap need.
import * as ds from "@devicescript/core"
import { BALLAST, RUN_OP } from "./gen/heap_ballast"

export { RUN_OP }

/** Pins BALLAST bytes of heap in 256-byte buffers (plus the array holding them). */
export function holdBallast(): Buffer[] {
    const keep: Buffer[] = []
    for (let left = BALLAST; left > 0; left -= 256) keep.push(Buffer.alloc(left < 256 ? left : 256))
    return keep
}

/** Ends a probe run; `keep` is referenced so the ballast stays live until here. */
export function heapDone(keep: Buffer[]): never {
    console.log("HEAP-OK " + keep.length)
    return ds.restart()
}
