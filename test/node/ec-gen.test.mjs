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

const mulAt = k => (r, x, y, mode) => k(r, 0, x, 0, y, 0, mode)

test("mul11 mode 0 (mod 2^255-19) matches bigints and keeps limb bounds", async () => {
    const K = await loadGen("src/crypto/ec-mul11-gen.ts")
    const mul = mulAt(K.mul11)
    const p = G.FIELDS.p25519.p
    const ins = []
    for (let t = 0; t < 3000; t++) ins.push([randomInput(11, 17), randomInput(11, 17)])
    for (const a of extremes(11, 17)) for (const b of extremes(11, 17)) ins.push([a, b])
    for (const [a, b] of ins) {
        const r = []
        mul(r, a, b, 0)
        assert.equal(G.mod(val(r), p), G.mod(val(a) * val(b), p))
        for (const x of r) assert.ok(Math.abs(x) <= 2 ** 23 + 1, "limb bound")
        assert.ok(abs(val(r)) < p)
    }
})

for (const [c, file, kname, fmode, smode] of [
    ["p256", "ec-mul11-gen", "mul11", 1, 2],
    ["p384", "ec-mul17-gen", "mul17", 0, 1],
]) {
    test(`${kname}: Montgomery mod ${c} p and n match bigints and keep limb bounds`, async () => {
        const K = await loadGen(`src/crypto/${file}.ts`)
        const mul = mulAt(K[kname])
        for (const [fname, mode] of [
            [c, fmode],
            [c.replace("p", "n"), smode],
        ]) {
            const F = G.FIELDS[fname]
            const n = F.n
            const Rinv = G.modinv(F.R % F.p, F.p)
            // a reduced value: |v| < 4p (formula outputs), balanced limbs; inputs are sums of two of them
            const mk = () => G.signedLimbs(G.mod(rnd(F.p.toString(2).length + 8), 8n * F.p) - 4n * F.p, n)
            const ins = []
            for (let t = 0; t < 2000; t++) {
                const [a1, a2, b1, b2] = [mk(), mk(), mk(), mk()]
                ins.push([a1.map((x, i) => x + a2[i]), b1.map((x, i) => x - b2[i])])
            }
            const top = 2 ** 23 + 1
            const hi = Array(n).fill(2 * top)
            hi[n - 1] = 0
            ins.push([hi, hi], [hi, hi.map(x => -x)])
            for (const [a, b] of ins) {
                const r = []
                mul(r, a, b, mode)
                assert.equal(G.mod(val(r), F.p), G.mod(val(a) * val(b) * Rinv, F.p), fname)
                for (let i = 0; i < n - 1; i++) assert.ok(Math.abs(r[i]) <= top, "limb bound")
                assert.ok(abs(val(r)) < F.p, "value bound")
            }
        }
    })
}

for (const [c, file, kname, mode] of [
    ["p256", "ec-mul11-gen", "mul11", 1],
    ["p384", "ec-mul17-gen", "mul17", 0],
]) {
    test(`${c}: complete point formulas match affine arithmetic`, async () => {
        const K = await loadGen(`src/crypto/${file}.ts`)
        const Pg = await loadGen(`src/crypto/ec-point-gen.ts`)
        const { runProg } = await loadGen(`src/crypto/ec-prog.ts`)
        const C = G.CURVES[c]
        const F = G.FIELDS[C.field]
        const p = F.p,
            n = F.n
        const P = c.toUpperCase()
        const W = Array(8 * n).fill(0)
        const run = (prog, r, u, v) => {
            runProg(prog, u, v, W, K[P + "_CB"], n, K[kname], mode)
            for (let i = 0; i < 3 * n; i++) r[i] = W[5 * n + i]
        }
        const Pt = { wAdd: (r, u, v) => run(Pg.ADD_PROG, r, u, v), wDbl: (r, u) => run(Pg.DBL_PROG, r, u, u) }
        const Rinv = G.modinv(F.R % p, p)
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
        const g = K[P + "_G"].slice()
        const id = [...Array(n).fill(0), ...K[P + "_ONE"], ...Array(n).fill(0)]
        let acc = id.slice()
        let ref = null
        const top = 2 ** 23 + 1
        for (let i = 0; i < 40; i++) {
            Pt.wAdd(acc, acc, g)
            ref = addA(ref, aff(g))
            assert.deepEqual(aff(acc), ref)
            for (let j = 0; j < 3 * n; j++) if (j % n !== n - 1) assert.ok(Math.abs(acc[j]) <= top, "add limb bound")
            const d = []
            Pt.wDbl(d, acc)
            assert.deepEqual(aff(d), addA(ref, ref))
            for (let j = 0; j < 3 * n; j++) if (j % n !== n - 1) assert.ok(Math.abs(d[j]) <= top, "dbl limb bound")
            acc = d.slice() // continue from the doubled point too, so inputs vary
            ref = addA(ref, ref)
        }
        const d1 = []
        Pt.wAdd(d1, g, g)
        assert.deepEqual(aff(d1), addA(aff(g), aff(g)), "P+P")
        const neg = g.slice()
        for (let i = n; i < 2 * n; i++) neg[i] = -neg[i]
        const z = []
        Pt.wAdd(z, g, neg)
        assert.equal(aff(z), null, "P+(-P)")
        const z2 = []
        Pt.wDbl(z2, id)
        assert.equal(aff(z2), null, "2*O")
        const z3 = []
        Pt.wAdd(z3, id, g)
        assert.deepEqual(aff(z3), aff(g), "O+P")
    })
}

test("X25519 ladder program + mul11 mode 0 reproduce RFC 7748 5.2 vector 1 (host run of the VM code)", async () => {
    const K = await loadGen("src/crypto/ec-mul11-gen.ts")
    const Pg = await loadGen("src/crypto/ec-point-gen.ts")
    const { runProg } = await loadGen("src/crypto/ec-prog.ts")
    const p = G.FIELDS.p25519.p
    const le = h => BigInt("0x" + Buffer.from(h, "hex").reverse().toString("hex"))
    let k = le("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4")
    k = (k & ~7n & ((1n << 255n) - 1n)) | (1n << 254n)
    const u = le("e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c") & ((1n << 255n) - 1n)
    const n = 11
    const s = Array(Pg.X25519_STATE).fill(0)
    const ul = G.signedLimbs(u, n)
    for (let i = 0; i < n; i++) (s[i] = ul[i]), (s[3 * n + i] = ul[i])
    s[n] = 1
    s[4 * n] = 1
    let swap = 0
    for (let t = 254; t >= 0; t--) {
        const bit = Number((k >> BigInt(t)) & 1n)
        const b = swap ^ bit
        for (let i = n; i < 3 * n; i++) {
            const d = b * (s[i + 2 * n] - s[i])
            s[i] += d
            s[i + 2 * n] -= d
        }
        runProg(Pg.LADDER_PROG, s, s, s, Pg.A24, n, K.mul11, 0)
        for (let i = n; i < 5 * n; i++) assert.ok(Math.abs(s[i]) <= 2 ** 23 + 1, "ladder limb bound")
        swap = bit
    }
    if (swap) for (let i = n; i < 3 * n; i++) [s[i], s[i + 2 * n]] = [s[i + 2 * n], s[i]]
    const x = G.mod(val(s.slice(n, 2 * n)) * G.modinv(G.mod(val(s.slice(2 * n, 3 * n)), p), p), p)
    const out = Buffer.from(x.toString(16).padStart(64, "0"), "hex").reverse().toString("hex")
    assert.equal(out, "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552")
})

test.after(() => {
    for (const f of ["ec-mul11-gen", "ec-mul17-gen", "ec-point-gen", "ec-prog"])
        try {
            unlinkSync(join(ROOT, "test/gen", `${f}.${process.pid}.mjs`))
        } catch {}
})
