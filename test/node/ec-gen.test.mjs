// Host-side checks of the elliptic-curve field code (src/crypto/field.ts) and generated constants and
// programs (src/crypto/ec-gen.ts):
//  - the committed file is exactly what tools/ec-gen.mjs produces now;
//  - the field multiply (run in node as JS: same IEEE doubles as the VM) matches bigint arithmetic on
//    random and extreme inputs for every field, and its outputs keep the documented limb bounds;
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

// the fields as the VM reads them (field() of field.ts on the generated blobs)
async function fields() {
    const E = await loadGen("src/crypto/field.ts")
    const Gen = await loadGen("src/crypto/ec-gen.ts")
    return {
        E,
        Gen,
        F: {
            p25519: E.field(Gen.F25519),
            p256: E.field(Gen.P256_F),
            n256: E.field(Gen.P256_S),
            p384: E.field(Gen.P384_F),
            n384: E.field(Gen.P384_S),
        },
    }
}

for (const fname of ["p25519", "p256", "n256", "p384", "n384"]) {
    test(`fmul: Montgomery mod ${fname} matches bigints and keeps limb bounds`, async () => {
        const { E, F: all } = await fields()
        const f = all[fname]
        const F = G.FIELDS[fname]
        const n = F.n
        assert.equal(f.n, n)
        assert.equal(val(f.pu), F.p)
        assert.equal(val(f.p), F.p)
        assert.equal(G.mod(val(f.one), F.p), G.mod(F.R, F.p))
        assert.equal(G.mod(val(f.r2), F.p), G.mod(F.R * F.R, F.p))
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
            E.fmul(r, 0, a, 0, b, 0, f)
            assert.equal(G.mod(val(r), F.p), G.mod(val(a) * val(b) * Rinv, F.p), fname)
            for (let i = 0; i < n - 1; i++) assert.ok(Math.abs(r[i]) <= top, "limb bound")
            assert.ok(abs(val(r)) < F.p, "value bound")
        }
        // aliasing: r = x * x in place
        const a = mk()
        const want = G.mod(val(a) * val(a) * Rinv, F.p)
        E.fmul(a, 0, a, 0, a, 0, f)
        assert.equal(G.mod(val(a), F.p), want)
    })
}

for (const c of ["p256", "p384"]) {
    test(`${c}: complete point formulas match affine arithmetic`, async () => {
        const { E, Gen, F: all } = await fields()
        const f = all[c]
        const C = G.CURVES[c]
        const F = G.FIELDS[C.field]
        const p = F.p,
            n = F.n
        const W = Array(8 * n).fill(0)
        const CB = f.x.slice(0, n)
        const run = async (prog, r, u, v) => {
            await E.runProg(prog, u, v, W, CB, f)
            for (let i = 0; i < 3 * n; i++) r[i] = W[5 * n + i]
        }
        const Pt = { wAdd: (r, u, v) => run(Gen.ADD_PROG, r, u, v), wDbl: (r, u) => run(Gen.DBL_PROG, r, u, u) }
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
        const g = f.x.slice(n, 4 * n)
        assert.deepEqual(aff(g), [C.gx, C.gy], "generator")
        assert.equal(G.mod(val(CB) * Rinv, p), C.b, "b")
        const id = [...Array(n).fill(0), ...f.one, ...Array(n).fill(0)]
        let acc = id.slice()
        let ref = null
        const top = 2 ** 23 + 1
        for (let i = 0; i < 40; i++) {
            await Pt.wAdd(acc, acc, g)
            ref = addA(ref, aff(g))
            assert.deepEqual(aff(acc), ref)
            for (let j = 0; j < 3 * n; j++) if (j % n !== n - 1) assert.ok(Math.abs(acc[j]) <= top, "add limb bound")
            const d = []
            await Pt.wDbl(d, acc)
            assert.deepEqual(aff(d), addA(ref, ref))
            for (let j = 0; j < 3 * n; j++) if (j % n !== n - 1) assert.ok(Math.abs(d[j]) <= top, "dbl limb bound")
            acc = d.slice() // continue from the doubled point too, so inputs vary
            ref = addA(ref, ref)
        }
        const d1 = []
        await Pt.wAdd(d1, g, g)
        assert.deepEqual(aff(d1), addA(aff(g), aff(g)), "P+P")
        const neg = g.slice()
        for (let i = n; i < 2 * n; i++) neg[i] = -neg[i]
        const z = []
        await Pt.wAdd(z, g, neg)
        assert.equal(aff(z), null, "P+(-P)")
        const z2 = []
        await Pt.wDbl(z2, id)
        assert.equal(aff(z2), null, "2*O")
        const z3 = []
        await Pt.wAdd(z3, id, g)
        assert.deepEqual(aff(z3), aff(g), "O+P")
    })
}

test("X25519 ladder program + fmul (Montgomery mod 2^255-19) reproduce RFC 7748 5.2 vector 1 (host run of the VM code)", async () => {
    const { E, Gen, F: all } = await fields()
    const f = all.p25519
    const F = G.FIELDS.p25519
    const p = F.p
    const Rinv = G.modinv(F.R % p, p)
    const le = h => BigInt("0x" + Buffer.from(h, "hex").reverse().toString("hex"))
    let k = le("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4")
    k = (k & ~7n & ((1n << 255n) - 1n)) | (1n << 254n)
    const u = le("e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c") & ((1n << 255n) - 1n)
    const n = 11
    assert.equal(G.mod(val(f.x) * Rinv, p), 121665n, "a24")
    const s = Array(15 * n).fill(0)
    const ul = G.signedLimbs(G.mod(u * F.R, p), n)
    for (let i = 0; i < n; i++) (s[i] = ul[i]), (s[3 * n + i] = ul[i]), (s[n + i] = f.one[i]), (s[4 * n + i] = f.one[i])
    let swap = 0
    for (let t = 254; t >= 0; t--) {
        const bit = Number((k >> BigInt(t)) & 1n)
        const b = swap ^ bit
        for (let i = n; i < 3 * n; i++) {
            const d = b * (s[i + 2 * n] - s[i])
            s[i] += d
            s[i + 2 * n] -= d
        }
        await E.runProg(Gen.LADDER_PROG, s, s, s, f.x, f)
        for (let i = n; i < 5 * n; i++) if (i % n !== n - 1) assert.ok(Math.abs(s[i]) <= 2 ** 23 + 1, "ladder limb bound")
        swap = bit
    }
    if (swap) for (let i = n; i < 3 * n; i++) [s[i], s[i + 2 * n]] = [s[i + 2 * n], s[i]]
    const x = G.mod(val(s.slice(n, 2 * n)) * G.modinv(G.mod(val(s.slice(2 * n, 3 * n)), p), p), p)
    const out = Buffer.from(x.toString(16).padStart(64, "0"), "hex").reverse().toString("hex")
    assert.equal(out, "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552")
})

test("fpow inverts (public and secret exponent paths); canonical reduces to [0, p)", async () => {
    const { E, F: all } = await fields()
    for (const fname of ["p25519", "p256", "n384"]) {
        const f = all[fname]
        const F = G.FIELDS[fname]
        const n = F.n
        const Rinv = G.modinv(F.R % F.p, F.p)
        for (let t = 0; t < 3; t++) {
            const a = G.mod(rnd(F.p.toString(2).length), F.p) || 1n
            const am = G.signedLimbs(G.mod(a * F.R, F.p), n)
            const r = Array(n).fill(0)
            await E.fpow(r, am, f.pm2, f, t % 2 === 0)
            assert.equal(G.mod(val(r) * Rinv * a, F.p), 1n, fname + " inverse")
            const c = Array(n).fill(0)
            E.canonical(c, r, f)
            assert.equal(val(c), G.mod(val(r), F.p), fname + " canonical")
            for (const x of c) assert.ok(x >= 0 && x < 2 ** 24)
        }
    }
})

test.after(() => {
    for (const f of ["field", "ec-gen"])
        try {
            unlinkSync(join(ROOT, "test/gen", `${f}.${process.pid}.mjs`))
        } catch {}
})
