#!/usr/bin/env node
// Peak heap of an operation, measured against the simulator's real 64 KB heap limit.
//
// DeviceScript has no heap-statistics API, but the VM enforces its heap (OutOfMemory panic). For each probe
// `bench/*.heap.ts` (see bench/heaplib.ts) this tool bisects the largest "ballast" (live 256-byte buffers
// allocated first) with which the probe still completes: B_base with the operation skipped, B_op with it
// run. B_base - B_op is the operation's peak heap requirement, i.e. how much free heap it needs at the moment
// it starts (objects alive at its peak, including garbage the collector could not yet reclaim when it
// mattered; GC runs before any allocation fails). Resolution: STEP bytes. Each probe is rebuilt per step.
//
// Usage: node bench/heap.mjs [name-filter]   (also: npm run bench:heap)
import { readdirSync, mkdirSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { ROOT, buildVm, run } from "../test/lib/vm.mjs"

const DEVS = join(ROOT, "node_modules/.bin/devs")
const STEP = 256
const filter = process.argv[2] || ""
const GEN = join(ROOT, "bench/gen")

async function fits(file, ballast, runOp) {
    mkdirSync(GEN, { recursive: true })
    writeFileSync(join(GEN, "heap_ballast.ts"), `export const BALLAST = ${ballast}\nexport const RUN_OP = ${runOp}\n`)
    const devs = await buildVm(file)
    const r = await run(DEVS, ["run", devs, "--test", "--test-self-exit", "-T", "900000"], { timeoutMs: 1000000 })
    if (r.out.includes("HEAP-OK")) return true
    if (/OutOfMemory|OOM/.test(r.out)) return false
    throw new Error(`${file} (ballast ${ballast}) failed without OOM:\n${r.out}`)
}

async function maxBallast(file, runOp) {
    let lo = 0 // fits
    let hi = 64 * 1024 // does not fit
    if (!(await fits(file, lo, runOp))) return -1
    while (hi - lo > STEP) {
        const mid = Math.floor((lo + hi) / 2 / STEP) * STEP
        if (await fits(file, mid, runOp)) lo = mid
        else hi = mid
    }
    return lo
}

const files = readdirSync(join(ROOT, "bench"))
    .filter(f => f.endsWith(".heap.ts") && f.includes(filter))
    .sort()
console.log(`| probe | free heap at start (KB) | left during op (KB) | peak need of op (KB, ±${STEP / 1024}) |`)
console.log("|---|---:|---:|---:|")
for (const f of files) {
    const base = await maxBallast("bench/" + f, false)
    const op = await maxBallast("bench/" + f, true)
    const kb = x => (x / 1024).toFixed(1)
    console.log(`| ${f.replace(/\.heap\.ts$/, "")} | ${kb(base)} | ${op < 0 ? "OOM" : kb(op)} | ${op < 0 ? "> free" : kb(base - op)} |`)
}
