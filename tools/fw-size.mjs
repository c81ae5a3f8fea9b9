#!/usr/bin/env node
// Function-code size of a firmware image, by area and by file, against the per-area budgets.
//
//   node tools/fw-size.mjs [entry.ts] [--files N]
//
// Default entry: src/main.ts. The runtime's verifier (verify.c check 1051) rejects an image whose function
// section ends at or beyond offset 0x10000; the section starts after the 112-byte header and its size is the
// compiler's "Function TOTAL" (code plus a 16-byte descriptor per function), so Function TOTAL must stay below
// ~65,400 bytes. Every function costs 16 bytes before its first opcode.
import { statSync } from "node:fs"
import { functionSizes } from "./bytecode-dbg.mjs"
import { spawnSync } from "node:child_process"
import { join, dirname } from "node:path"
import { fileURLToPath } from "node:url"

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..")
const args = process.argv.slice(2)
const nFiles = args.includes("--files") ? +args[args.indexOf("--files") + 1] : 25
const entry = args.find((a, i) => !a.startsWith("--") && args[i - 1] !== "--files") || "src/main.ts"

// Budgets (bytes of Function TOTAL) for the firmware with the TLS engine wired in; see docs/BENCHMARKS.md.
export const BUDGETS = {
    crypto: 16500,
    tls: 13500,
    x509: 7500,
    store: 4800,
    "at+ssl+wip+http+platform": 12500,
    "entry+runtime libs": 6000,
}
const LIMIT = 0x10000 - 112

const t0 = Date.now()
const r = spawnSync(join(ROOT, "node_modules/.bin/devs"), ["build", entry, "--stats"], {
    cwd: ROOT,
    encoding: "utf8",
})
const out = (r.stdout || "") + (r.stderr || "")
const dbgFile = join(ROOT, ".devicescript/bin/bytecode-dbg.json")
// a compile error writes no new debug file: the old one would describe another build
if (statSync(dbgFile).mtimeMs < t0 - 1000) {
    console.error(`build of ${entry} failed (no new ${dbgFile}):\n${out.replace(/\x1b\[[0-9;]*m/g, "")}`)
    process.exit(1)
}
const byFile = {}
const byArea = {}
let total = 0
let n = 0
for (const { src, size } of functionSizes(ROOT)) {
    n++
    total += size
    byFile[src || "?"] = (byFile[src || "?"] || 0) + size
    const m = /(?:^|\/)src\/([a-z0-9]+)\//.exec(src)
    let area = m && !src.includes("node_modules") ? m[1] : "entry+runtime libs"
    if (["at", "ssl", "wip", "http", "platform"].includes(area)) area = "at+ssl+wip+http+platform"
    byArea[area] = (byArea[area] || 0) + size
}
console.log(`entry ${entry}: ${n} functions, Function TOTAL ${total} B (limit ${LIMIT}) — ${total < LIMIT ? "fits" : "DOES NOT FIT"}`)
if (r.status !== 0) console.log(/verification error: -?\d+/.exec(out)?.[0] || out.slice(-2000))
for (const [a, s] of Object.entries(byArea).sort((x, y) => y[1] - x[1])) {
    const b = BUDGETS[a]
    console.log(`  ${a.padEnd(28)} ${String(s).padStart(6)}${b ? `  budget ${b}${s > b ? "  OVER by " + (s - b) : ""}` : ""}`)
}
console.log("largest files:")
for (const [f, s] of Object.entries(byFile)
    .sort((x, y) => y[1] - x[1])
    .slice(0, nFiles))
    console.log(`  ${f.replace(/.*node_modules\//, "").padEnd(48)} ${s}`)
process.exit(r.status === 0 || total >= LIMIT ? 0 : 1)
