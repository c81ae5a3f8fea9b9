// RSA benchmarks (simulator), vectors in bench/rsavectors.ts.
import * as ds from "@devicescript/core"
import { digest } from "@devicescript/crypto"
import { emit, finish } from "./lib"
import { rsaVerifyPkcs1, rsaSignPkcs1, rsaEncryptPkcs1, publicContext } from "../src/crypto/rsa"
import { limbsFromBytes, mulA, newLimbs } from "../src/crypto/field"
import { cases } from "./rsavectors"
import { privKeys } from "./rsakeys"


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

// kernel: one Montgomery multiply at each modulus size (mean of 20; squaring is the same multiply)
for (let i = 0; i < cases.length; i++) {
    const mt = await publicContext({ n: cases[i].n, e: cases[i].e })
    const a = limbsFromBytes(newLimbs(mt.n), cases[i].sig, 0, cases[i].sig.length, 22)
    let best = 1e9
    for (let r = 0; r < REPS; r++) {
        await ds.sleep(0)
        const t0 = ds.millis()
        for (let j = 0; j < 20; j++) await mulA(a, 0, a, 0, mt.r2, 0, mt)
        best = Math.min(best, (ds.millis() - t0) / 20)
    }
    emit("montgomery mul, " + cases[i].bits + "-bit (" + mt.n + " limbs)", best)
}

// PKCS#1 v1.5 encryption of a 48-byte premaster secret (2048)
{
    let best = 1e9
    for (let r = 0; r < REPS; r++) {
        await ds.sleep(0)
        const t0 = ds.millis()
        await rsaEncryptPkcs1({ n: cases[0].n, e: cases[0].e }, Buffer.alloc(48))
        best = Math.min(best, ds.millis() - t0)
    }
    emit("rsa2048 PKCS#1 v1.5 encrypt (48 bytes)", best)
}

// signing with CRT (one run each: slow)
for (let i = 0; i < privKeys.length; i++) {
    const k = privKeys[i]
    await ds.sleep(0)
    const t0 = ds.millis()
    await rsaSignPkcs1(k, "sha256", digest("sha256", Buffer.from("bench")))
    emit("rsa" + k.bits + " sign PKCS#1 v1.5, CRT (incl. fault check)", ds.millis() - t0)
}
finish()
