// Loads a generated src/crypto/*-gen.ts file into node as plain JS (the generated code only uses `: number`
// and `: number[]` annotations), so the emitted limb arithmetic can be fuzzed against bigints on the host.
import { readFileSync, writeFileSync, mkdirSync } from "node:fs"
import { basename, join } from "node:path"
import { pathToFileURL } from "node:url"
import { ROOT, GEN } from "./vm.mjs"

export async function loadGen(rel) {
    const ts = readFileSync(join(ROOT, rel), "utf8")
    const js = ts.replace(/: number\[\]/g, "").replace(/: number/g, "")
    mkdirSync(GEN, { recursive: true })
    const out = join(GEN, basename(rel).replace(/\.ts$/, "") + "." + process.pid + ".mjs")
    writeFileSync(out, js)
    return import(pathToFileURL(out).href)
}
