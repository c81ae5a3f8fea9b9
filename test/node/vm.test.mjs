// Runs every self-contained VM test file test/vm/*.test.ts (those that need a host-side peer or generated
// data have their own driver in test/node/).
import { readdirSync } from "node:fs"
import { join } from "node:path"
import { ROOT } from "../lib/vm.mjs"
import { vmTestFile } from "../lib/vmtest.mjs"

const files = readdirSync(join(ROOT, "test/vm"))
    .filter(f => f.endsWith(".test.ts"))
    .sort()
for (const f of files) vmTestFile("test/vm/" + f)
