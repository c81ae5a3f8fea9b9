// RSA benchmarks (simulator), vectors in bench/rsavectors.ts.
import * as ds from "@devicescript/core"
import { digest } from "@devicescript/crypto"
import { emit, finish } from "./lib"
import { rsaVerifyPkcs1, publicContext } from "../src/crypto/rsa"
import { cases } from "./rsavectors"


// The machine is shared: each figure is the minimum of REPS runs.
const REPS = 3
for (let i = 0; i < cases.length; i++) {
    const c = cases[i]
    const key = { n: c.n, e: c.e }
    const h = digest("sha256", c.msg)
    let tInit = 1e9
    let tExp = 1e9
    let tAll = 1e9
    for (let r = 0; r < REPS; r++) {
        await ds.sleep(0)
        let t0 = ds.millis()
        const mt = await publicContext(key)
        tInit = Math.min(tInit, ds.millis() - t0)
        await ds.sleep(0)
        t0 = ds.millis()
        const ok = await rsaVerifyPkcs1(key, "sha256", h, c.sig, mt)
        tExp = Math.min(tExp, ds.millis() - t0)
        if (!ok) throw new Error("verify failed")
        await ds.sleep(0)
        t0 = ds.millis()
        const ok2 = await rsaVerifyPkcs1(key, "sha256", h, c.sig)
        tAll = Math.min(tAll, ds.millis() - t0)
        if (!ok2) throw new Error("verify failed")
    }
    emit("rsa" + c.bits + " verify e=65537 (incl. R^2)", tAll)
    emit("rsa" + c.bits + " R^2 mod n setup", tInit)
    emit("rsa" + c.bits + " verify, context reused", tExp)
}
finish()
