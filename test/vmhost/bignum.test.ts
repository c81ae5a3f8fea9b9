// Montgomery arithmetic vs BigInt (see test/node/bignum.test.mjs, which writes ../gen/bignum_vectors).
import { describe, test } from "@devicescript/test"
import { Mont, fromBytes, toBytes, condSub, zeros, powPublic } from "../../src/crypto/bignum"
import { rows } from "../gen/bignum_vectors"
import { charge, relax } from "../../src/platform/budget"

async function same(got: number[], mt: Mont, want: Buffer, what: string) {
    // results may be lazily reduced (< 2n): reduce before comparing
    const r = zeros(mt.nl)
    condSub(r, got, mt.n, mt.t1)
    const g = toBytes(r, mt.byteLen)
    const w = toBytes(fromBytes(want, mt.nl), mt.byteLen)
    if (charge(8 * mt.byteLen)) await relax()
    if (g.toString("hex") !== w.toString("hex")) throw new Error(what + ": got " + g.toString("hex"))
}

describe("Montgomery arithmetic vs BigInt", () => {
    rows.forEach(row => {
        test(row.bits + "-bit modulus: R^2, mul, sqr (in place too), powPublic", async () => {
            const mt = new Mont(row.n)
            await mt.init()
            await same(mt.rr, mt, row.rr, "R^2")
            for (let i = 0; i < row.cases.length; i++) {
                const c = row.cases[i]
                const a = fromBytes(c.a, mt.nl)
                const b = fromBytes(c.b, mt.nl)
                const r = zeros(mt.nl)
                await mt.mul(r, a, b)
                await same(r, mt, c.ab, "mul " + i)
                await mt.sqr(r, a)
                await same(r, mt, c.aa, "sqr " + i)
                await mt.mul(a, a, b)
                await same(a, mt, c.ab, "mul in place " + i)
                const a2 = fromBytes(c.a, mt.nl)
                await mt.sqr(a2, a2)
                await same(a2, mt, c.aa, "sqr in place " + i)
            }
            const x = fromBytes(row.x, mt.nl)
            for (let i = 0; i < row.pows.length; i++) {
                const r = zeros(mt.nl)
                await powPublic(mt, r, x, row.pows[i].e)
                await same(r, mt, row.pows[i].r, "pow " + i)
            }
        })
    })
})
