// Function sizes of the last `devs build --stats` (.devicescript/bin/bytecode-dbg.json), each with the source
// file it comes from. Shared by tools/fw-size.mjs and test/node/bytecode-budget.test.mjs.
import { readFileSync } from "node:fs"
import { join } from "node:path"

/** [{ src, size }] per function; size includes the 16-byte descriptor, src is "" when unknown. */
export function functionSizes(root) {
    const dbg = JSON.parse(readFileSync(join(root, ".devicescript/bin/bytecode-dbg.json"), "utf8"))
    // a function's location is [offset, length] in the concatenation of all sources
    const starts = []
    let acc = 0
    for (const s of dbg.sources || []) {
        starts.push([acc, s.path])
        acc += s.length
    }
    const pathAt = off => {
        let p = ""
        for (const [st, path] of starts) if (st <= off) p = path
        return p
    }
    return (dbg.functions || []).map(fn => ({ src: fn.location ? pathAt(fn.location[0]) : "", size: fn.size || 0 }))
}
