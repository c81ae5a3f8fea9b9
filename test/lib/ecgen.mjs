// Loads a generated src/crypto/*-gen.ts file (or the field code, field.ts) into node as plain JS (the generated code only uses `: number`
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
        .replace(/(\w)\?: /g, "$1: ")
        .replace(/: Promise<[^>]*>/g, "")
        .replace(/: (MulK|Buffer|Field|WCurve|boolean)\b/g, "")
        .replace(/import \{ charge, relax \} from "\.\.\/platform\/budget"/, "const charge = () => false, relax = async () => {}")
        .replace(/: number\[\]/g, "")
        .replace(/: number/g, "")
    for (const m of [...js.matchAll(/from "\.\/([\w-]+)"/g)]) {
        await loadGen(join(dirname(rel), m[1] + ".ts"))
        js = js.replace(m[0], `from "./${m[1]}.${process.pid}.mjs"`)
    }
    if (/hex`/.test(js)) js = 'const hex = s => Buffer.from(s[0], "hex")\n' + js
    // the VM's Buffer.getAt and Math.idiv
    js = 'if (!Buffer.prototype.getAt) Buffer.prototype.getAt = function (i, t) { return this.readInt32LE(i) }\n' + js
    js = "if (!Math.idiv) Math.idiv = (a, b) => (a / b) | 0\n" + js
    mkdirSync(GEN, { recursive: true })
    const out = join(GEN, basename(rel).replace(/\.ts$/, "") + "." + process.pid + ".mjs")
    writeFileSync(out, js)
    return import(pathToFileURL(out).href)
}
