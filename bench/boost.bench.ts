// What AT+SSLBOOST=1 changes (simulator): the crypto budget slice (setBoost, src/platform/budget.ts). Each
// figure runs P-256 ECDSA signing (the client-auth cost of a handshake) with boost off and on, while a ticker
// fiber (standing in for the AT loop) asks to run every 1 ms: `ms` is the signing time, `gap` the longest
// time the ticker waited for its turn. There is no CPU clock to change (docs/DEVIATIONS.md).
import * as ds from "@devicescript/core"
import { emit, finish } from "./lib"
import { setBoost } from "../src/platform/budget"
import { ecdsaSign } from "../src/crypto/ecdsa"
import { P256 } from "../src/crypto/p256"

const d = Buffer.from("c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721", "hex")
const hash = Buffer.from("af2bdbe1aa9b6ec1e2ade1d694f41fc71a831d0268e9891562113d8a62add1bf", "hex")

let gap = 0
let stop = false
async function ticker() {
    let last = ds.millis()
    while (!stop) {
        await ds.sleep(1)
        const now = ds.millis()
        if (now - last > gap) gap = now - last
        last = now
    }
}

async function run(name: string, boost: boolean, runs: number) {
    setBoost(boost)
    gap = 0
    stop = false
    ticker.start()
    await ds.sleep(5)
    const t0 = ds.millis()
    for (let i = 0; i < runs; i++) await ecdsaSign(P256, d, hash, "sha256")
    const ms = (ds.millis() - t0) / runs
    stop = true
    await ds.sleep(5)
    // the runner prints name and ms: the ticker's longest wait goes into the name
    emit(`${name}, longest ticker wait ${gap} ms`, Math.round(ms))
}

for (let k = 0; k < 2; k++) {
    await run("ecdsa-p256-sign boost=0", false, 3)
    await run("ecdsa-p256-sign boost=1", true, 3)
}
setBoost(false)
finish()
