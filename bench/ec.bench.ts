// Elliptic-curve timings (simulator): X25519, P-256/P-384 ECDH, ECDSA sign/verify. Heap: peak measured by
// probing (src/platform/heapprobe.ts is not used here: see docs/BENCHMARKS.md "Elliptic curves").
import * as ds from "@devicescript/core"
import { emit, finish } from "./lib"
import { x25519 } from "../src/crypto/x25519"

function h(s: string) {
    return Buffer.from(s, "hex")
}

async function time(name: string, runs: number, fn: () => Promise<void>) {
    await ds.sleep(0)
    const t0 = ds.millis()
    for (let i = 0; i < runs; i++) await fn()
    emit(name, Math.round((ds.millis() - t0) / runs))
}

const k = h("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4")
const u = h("e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c")
await time("x25519", 3, async () => {
    await x25519(k, u)
})
finish()
