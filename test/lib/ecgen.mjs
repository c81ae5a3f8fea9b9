// Loads a generated src/crypto/*-gen.ts file into node as plain JS (the generated code only uses `: number`
// and `: number[]` annotations, a type alias, `hex` literals and relative imports), so the emitted limb arithmetic can be fuzzed against bigints on the host. Node uses the same IEEE
// doubles as the VM, so exactness results carry over.
import { readFileSync, writeFileSync, mkdirSync } from "node:fs"
import { basename, dirname, join } from "node:path"
import { pathToFileURL } from "node:url"
import { ROOT, GEN } from "./vm.mjs"

export async function loadGen(rel) {
    const ts = readFileSync(join(ROOT, rel), "utf8")
    let js = ts
        .replace(/^export type .*$/gm, "")
        .replace(/export interface \w+ \{[^}]*\}/g, "")
        .replace(/: (MulK|Buffer)\b/g, "")
        .replace(/: number\[\]/g, "")
        .replace(/: number/g, "")
    for (const m of [...js.matchAll(/from "\.\/([\w-]+)"/g)]) {
        await loadGen(join(dirname(rel), m[1] + ".ts"))
        js = js.replace(m[0], `from "./${m[1]}.${process.pid}.mjs"`)
    }
    if (/hex`/.test(js)) js = 'const hex = s => Buffer.from(s[0], "hex")\n' + js
    mkdirSync(GEN, { recursive: true })
    const out = join(GEN, basename(rel).replace(/\.ts$/, "") + "." + process.pid + ".mjs")
    writeFileSync(out, js)
    return import(pathToFileURL(out).href)
}
