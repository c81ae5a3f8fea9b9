// Montgomery arithmetic at RSA sizes (src/crypto/field.ts, 22-bit limbs) vs BigInt (see
// test/node/bignum.test.mjs, which writes ../gen/bignum_vectors).
import { describe, test } from "@devicescript/test"
import { Field, canonical, fpow, limbsFromBytes, limbsToBytes, modField, mulA, newLimbs } from "../../src/crypto/field"
import { rows } from "../gen/bignum_vectors"
import { charge, relax } from "../../src/platform/budget"

const L = (b: Buffer, f: Field) => limbsFromBytes(newLimbs(f.n), b, 0, b.length, 22)

async function same(got: number[], f: Field, want: Buffer, what: string) {
    // results are signed and only partially reduced: reduce before comparing
    const r = newLimbs(f.n)
    if (charge(16 * f.n)) await relax()
    canonical(r, got, f)
    const len = 3 * f.n
    if (charge(6 * len)) await relax()
    const g = limbsToBytes(Buffer.alloc(len), 0, r, len, 22)
    const w = limbsToBytes(Buffer.alloc(len), 0, L(want, f), len, 22)
    if (g.toString("hex") !== w.toString("hex")) throw new Error(what + ": got " + g.toString("hex"))
}

describe("Montgomery arithmetic vs BigInt", () => {
    rows.forEach(row => {
        test(row.bits + "-bit modulus: R^2, mul, sqr (in place too), public and secret pow", async () => {
            const f = await modField(row.n, Math.idiv(row.bits + 23, 22))
            await same(f.r2, f, row.rr, "R^2")
            for (let i = 0; i < row.cases.length; i++) {
                const c = row.cases[i]
                const a = L(c.a, f)
                const b = L(c.b, f)
                const r = newLimbs(f.n)
                await mulA(r, 0, a, 0, b, 0, f)
                await same(r, f, c.ab, "mul " + i)
                await mulA(r, 0, a, 0, a, 0, f)
                await same(r, f, c.aa, "sqr " + i)
                await mulA(a, 0, a, 0, b, 0, f)
                await same(a, f, c.ab, "mul in place " + i)
                const a2 = L(c.a, f)
                await mulA(a2, 0, a2, 0, a2, 0, f)
                await same(a2, f, c.aa, "sqr in place " + i)
            }
            const xm = newLimbs(f.n)
            await mulA(xm, 0, L(row.x, f), 0, f.r2, 0, f)
            for (let i = 0; i < row.pows.length; i++) {
                // the secret-exponent path (a 16-entry table) runs on CRT halves, at most 2048 bits; bigger
                // tables do not fit the test's heap next to everything else
                for (let secret = 0; secret < (row.bits <= 2066 ? 2 : 1); secret++) {
                    const r = newLimbs(f.n)
                    await fpow(r, xm, row.pows[i].e, f, secret === 1)
                    await mulA(r, 0, r, 0, f.plain1, 0, f)
                    await same(r, f, row.pows[i].r, (secret ? "secret " : "") + "pow " + i)
                }
            }
        })
    })
})
