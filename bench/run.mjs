#!/usr/bin/env node
// npm run bench [-- name-filter]: builds and runs bench/calib.ts and every bench/*.bench.ts in the
// simulator, then prints each figure in ms and in calib units (ms / time of the 1M-iteration calib loop
// measured in the same run). Bench files print `BENCH {json}` lines (bench/lib.ts); a "bytes" field adds KB/s,
// a "heap" field (bytes) is printed as peak heap, a "calib" field replaces the computed calib units.
import { readdirSync } from "node:fs"
import { join } from "node:path"
import { ROOT, buildVm, run } from "../test/lib/vm.mjs"

const DEVS = join(ROOT, "node_modules/.bin/devs")
const filter = process.argv[2] || ""

async function runBench(file) {
    const devs = await buildVm(file)
    const r = await run(DEVS, ["run", devs, "--test", "--test-self-exit", "-T", "600000"], { timeoutMs: 700000 })
    const rows = []
    for (const line of r.out.split("\n")) {
        const m = /BENCH (\{.*\})/.exec(line)
        if (m) rows.push(JSON.parse(m[1]))
    }
    if (/PANIC|Exception:/.test(r.out) || !r.out.includes("BENCH-DONE")) {
        console.error(`${file} failed:\n${r.out}`)
        process.exitCode = 1
    }
    return rows
}

const calib = (await runBench("bench/calib.ts"))[0]
console.log(`calib: 1M-iteration loop = ${calib.ms} ms (1 calib unit)`)
const files = readdirSync(join(ROOT, "bench"))
    .filter(f => f.endsWith(".bench.ts") && f.includes(filter))
    .sort()
console.log("| benchmark | ms | calib units | KB/s | peak heap |")
console.log("|---|---:|---:|---:|---:|")
for (const f of files) {
    for (const row of await runBench("bench/" + f)) {
        const kbs = row.bytes ? ((row.bytes / 1024) / (row.ms / 1000)).toFixed(0) : ""
        const heap = row.heap ? (row.heap / 1024).toFixed(1) + " KB" : ""
        // a bench may measure the calib loop itself around each figure (row.calib, same unit): preferred on a
        // loaded machine, where the load changes between the calib run and the bench run
        const cu = row.calib !== undefined ? row.calib : row.ms / calib.ms
        console.log(`| ${row.name} | ${row.ms} | ${cu.toFixed(3)} | ${kbs} | ${heap} |`)
    }
}
