import * as ds from "@devicescript/core"
// Benchmark output: one line per figure, `BENCH {"name":…,"ms":…,…}`, read by bench/run.mjs.
export function emit(name: string, ms: number, extra?: any) {
    const o: any = { name: name, ms: ms }
    if (extra) {
        const ks = Object.keys(extra)
        for (let i = 0; i < ks.length; i++) o[ks[i]] = extra[ks[i]]
    }
    console.log("BENCH " + JSON.stringify(o))
}

/** Ends the benchmark run (with --test-self-exit, a restart exits the simulator). Call last. */
export function finish(): never {
    console.log("BENCH-DONE")
    return ds.restart()
}
