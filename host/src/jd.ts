// jacdac-ts, loaded through its CommonJS build: its Node TCP transport calls `require("net")`, which the ES
// module build cannot do.
import { createRequire } from "node:module"

export const jacdac: typeof import("jacdac-ts") = createRequire(import.meta.url)("jacdac-ts")
