// Host-side checks of the generated elliptic-curve arithmetic (src/crypto/*-gen.ts):
//  - the committed files are exactly what tools/ec-gen.mjs produces now;
//  - the emitted limb code (run in node as JS: same IEEE doubles as the VM) matches bigint arithmetic on
//    random and extreme inputs, and its outputs keep the documented limb bounds;
//  - the complete point formulas match affine reference arithmetic, including P+P, P+(-P) and 2*O.
import { test } from "node:test"
import assert from "node:assert/strict"
import { readFileSync, unlinkSync } from "node:fs"
import { join } from "node:path"
import { randomBytes } from "node:crypto"
import * as G from "../../tools/ec-gen.mjs"
import { ROOT } from "../lib/vm.mjs"
import { loadGen } from "../lib/ecgen.mjs"

const rnd = bits => BigInt("0x00" + randomBytes(Math.ceil(bits / 8) + 1).toString("hex")) % (1n << BigInt(bits))
const val = l => G.fromLimbs(l)
const abs = x => (x < 0n ? -x : x)

test("generated files are up to date (node tools/ec-gen.mjs)", () => {
    for (const { path, src } of G.generateAll()) assert.equal(readFileSync(join(ROOT, path), "utf8"), src, path)
})

/** random limbs within the input contract: |limb| <= 2^24 (a sum of two outputs), value below `top` bits */
function randomInput(n, topBits) {
    const a = []
    for (let i = 0; i < n - 1; i++) a.push(Number(rnd(25)) - 2 ** 24)
    a.push(Number(rnd(topBits)) - 2 ** (topBits - 1))
    return a
}
function extremes(n, topBits) {
    const hi = Array(n).fill(2 ** 24)
    hi[n - 1] = 2 ** (topBits - 1)
    return [hi, hi.map(x => -x), hi.map((x, i) => (i % 2 ? x : -x))]
}

test("p25519 mul/sqr match bigints and keep limb bounds", async () => {
    const X = await loadGen("src/crypto/x25519-gen.ts")
    const p = G.FIELDS.p25519.p
    const ins = []
    for (let t = 0; t < 3000; t++) ins.push([randomInput(11, 17), randomInput(11, 17)])
    for (const a of extremes(11, 17)) for (const b of extremes(11, 17)) ins.push([a, b])
    for (const [a, b] of ins) {
        const r = [],
            s = []
        X.fe25519Mul(r, a, b)
        X.fe25519Sqr(s, a)
        assert.equal(G.mod(val(r), p), G.mod(val(a) * val(b), p))
        assert.equal(G.mod(val(s), p), G.mod(val(a) * val(a), p))
        for (const x of [...r, ...s]) assert.ok(Math.abs(x) <= 2 ** 23 + 2 ** 10, "limb bound")
        assert.ok(abs(val(r)) < 2n * p)
    }
    // sqrN = repeated squaring
    const a = randomInput(11, 17)
    const r = a.slice()
    X.fe25519SqrN(r, 5)
    assert.equal(G.mod(val(r), p), G.modpow(val(a), 32n, p))
})

for (const c of ["p256", "p384"]) {
    test(`${c}: Montgomery field and scalar mul match bigints and keep limb bounds`, async () => {
        const M = await loadGen(`src/crypto/${c}-gen.ts`)
        for (const fname of [c, c.replace("p", "n")]) {
            const F = G.FIELDS[fname]
            const n = F.n
            const Rinv = G.modinv(F.R % F.p, F.p)
            const mul = fname.startsWith("p") ? M[c + "Mul"] : M[c + "ScalarMul"]
            const ins = []
            // a reduced value: |v| < p, balanced limbs
            const mk = () => G.signedLimbs(G.mod(rnd(F.p.toString(2).length + 8), 2n * F.p) - F.p, n)
            for (let t = 0; t < 2000; t++) {
                // a sum of two reduced values: limbs up to 2^24
                const a1 = mk(),
                    a2 = mk(),
                    b1 = mk(),
                    b2 = mk()
                ins.push([a1.map((x, i) => x + a2[i]), b1.map((x, i) => x + b2[i])])
            }
            for (const [a, b] of ins) {
                const r = []
                mul(r, a, b)
                assert.equal(G.mod(val(r), F.p), G.mod(val(a) * val(b) * Rinv, F.p), fname)
                for (let i = 0; i < n - 1; i++) assert.ok(Math.abs(r[i]) <= 2 ** 23 + 1, "limb bound")
                assert.ok(abs(val(r)) < F.p, "value bound")
            }
        }
    })

    test(`${c}: complete point formulas match affine arithmetic`, async () => {
        const M = await loadGen(`src/crypto/${c}-gen.ts`)
        const C = G.CURVES[c]
        const F = G.FIELDS[C.field]
        const p = F.p,
            n = F.n
        const Rinv = G.modinv(F.R % p, p)
        const P = c.toUpperCase()
        const aff = Q => {
            const [X, Y, Z] = [0, 1, 2].map(k => G.mod(val(Q.slice(k * n, (k + 1) * n)) * Rinv, p))
            if (Z === 0n) return null
            const zi = G.modinv(Z, p)
            return [(X * zi) % p, (Y * zi) % p]
        }
        const addA = (A, B) => {
            if (!A) return B
            if (!B) return A
            let l
            if (A[0] === B[0]) {
                if (G.mod(A[1] + B[1], p) === 0n) return null
                l = G.mod(3n * (A[0] * A[0] - 1n) * G.modinv(2n * A[1], p), p)
            } else l = G.mod((B[1] - A[1]) * G.modinv(B[0] - A[0], p), p)
            const x = G.mod(l * l - A[0] - B[0], p)
            return [x, G.mod(l * (A[0] - x) - A[1], p)]
        }
        const g = M[P + "_G"].slice()
        const id = [...Array(n).fill(0), ...M[P + "_ONE"], ...Array(n).fill(0)]
        let acc = id.slice()
        let ref = null
        for (let i = 0; i < 30; i++) {
            M[c + "Add"](acc, acc, g)
            ref = addA(ref, aff(g))
            assert.deepEqual(aff(acc), ref)
            const d = []
            M[c + "Dbl"](d, acc)
            assert.deepEqual(aff(d), addA(ref, ref))
        }
        const d1 = []
        M[c + "Add"](d1, g, g)
        assert.deepEqual(aff(d1), addA(aff(g), aff(g)), "P+P")
        const neg = g.slice()
        for (let i = n; i < 2 * n; i++) neg[i] = -neg[i]
        const z = []
        M[c + "Add"](z, g, neg)
        assert.equal(aff(z), null, "P+(-P)")
        const z2 = []
        M[c + "Dbl"](z2, id)
        assert.equal(aff(z2), null, "2*O")
        const z3 = []
        M[c + "Add"](z3, id, g)
        assert.deepEqual(aff(z3), aff(g), "O+P")
    })
}

test.after(() => {
    for (const f of ["x25519-gen", "p256-gen", "p384-gen"])
        try {
            unlinkSync(join(ROOT, "test/gen", `${f}.${process.pid}.mjs`))
        } catch {}
})
