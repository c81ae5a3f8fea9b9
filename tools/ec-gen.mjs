#!/usr/bin/env node
// Generates the constants and point formulas for X25519, P-256 and P-384 (src/crypto/ec-gen.ts): per field
// a hex blob (prime digits, Montgomery constants, curve constants) read by src/crypto/field.ts, and the
// formulas as byte programs run by its interpreter.
//
// Constraints of the DeviceScript VM that shape this code:
//  - ALL bytecode of the firmware must fit in 64 KB (the image verifier rejects a function ending at or
//    past offset 0x10000: runtime verify.c check 1051): one looped Montgomery multiply (fmul in
//    src/crypto/field.ts) serves every field, constants are data (hex), and point formulas are data
//    (byte programs): one program serves P-256 and P-384;
//  - a function call costs ~50 simple loop iterations (~23 µs), so a field multiplication is one call whose
//    inner work makes no further calls.
//
// Representation: 24-bit limbs held in doubles, *signed* and balanced: after a carry pass every limb except
// the top one is in [-2^23, 2^23]. Integer math in doubles is exact below 2^53: a product of two limbs of
// magnitude <= 2^24 is <= 2^48 and up to 17 of them (P-384 uses 17 limbs) sum to < 2^52.1. A carry is
// `q = (c * 2^-24 + M) - M` with M = 1.5 * 2^52 (round to nearest, no call), `c -= q * 2^24`.
// This generator tracks a bound on every limb and value and refuses to emit code that could leave the
// exact range (see `need`), so the emitted code cannot overflow for inputs within the stated contract.
//
// Reduction: Montgomery multiplication with R = 2^(24 n) for every field (2^255-19, P-256 and P-384 p and
// n), word by word: row i adds x_i * y and m * p (m = the balanced low digit times n' = -p^-1 mod 2^24) to a
// window of column sums, which then shifts by one column. p is read as signed 24-bit digits.
//
// Run: node tools/ec-gen.mjs        (writes the file; test/node/ec-gen.test.mjs checks it is current)
import { writeFileSync } from "node:fs"
import { dirname, join, resolve } from "node:path"
import { fileURLToPath } from "node:url"

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..")
export const W = 24
const B = 1 << W
const LIMIT = 2 ** 52.5 // every intermediate column stays below this (exact range is 2^53)

// ---------------------------------------------------------------- bigint helpers
export function mod(a, m) {
    a %= m
    return a < 0n ? a + m : a
}
export function modpow(b, e, m) {
    let r = 1n
    b = mod(b, m)
    while (e > 0n) {
        if (e & 1n) r = (r * b) % m
        b = (b * b) % m
        e >>= 1n
    }
    return r
}
export function modinv(a, m) {
    return modpow(a, m - 2n, m)
}
/** unsigned 24-bit limbs of a non-negative bigint */
export function limbs(x, n) {
    const r = []
    for (let i = 0; i < n; i++) {
        r.push(Number(x & BigInt(B - 1)))
        x >>= BigInt(W)
    }
    if (x !== 0n) throw new Error("does not fit")
    return r
}
/** balanced signed digits in [-2^23, 2^23), last digit takes the rest */
export function signedLimbs(x, n) {
    const r = []
    for (let i = 0; i < n - 1; i++) {
        let d = Number(mod(x, BigInt(B)))
        if (d >= B / 2) d -= B
        r.push(d)
        x = (x - BigInt(d)) >> BigInt(W)
    }
    r.push(Number(x))
    return r
}
export function fromLimbs(l) {
    let x = 0n
    for (let i = l.length - 1; i >= 0; i--) x = x * BigInt(B) + BigInt(l[i])
    return x
}

// ---------------------------------------------------------------- field descriptions
export const FIELDS = {
    p25519: { kind: "mont", n: 11, p: 2n ** 255n - 19n },
    p256: {
        kind: "mont",
        n: 11,
        p: 2n ** 256n - 2n ** 224n + 2n ** 192n + 2n ** 96n - 1n,
    },
    n256: { kind: "mont", n: 11, p: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n },
    p384: {
        kind: "mont",
        n: 17,
        p: 2n ** 384n - 2n ** 128n - 2n ** 96n + 2n ** 32n - 1n,
    },
    n384: {
        kind: "mont",
        n: 17,
        p: 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n,
    },
}
for (const f of Object.values(FIELDS)) {
    f.R = 2n ** BigInt(W * f.n)
    if (f.kind === "mont") {
        f.pd = signedLimbs(f.p, f.n + 1)
        if (f.pd[f.n] !== 0) throw new Error("p does not fit n limbs")
        f.pd.length = f.n
        // n' = -p^-1 mod 2^24, balanced
        // inverse of p mod 2^24 by Newton iteration (p odd), then n' = -p^-1, balanced
        const m24 = BigInt(B)
        const p0 = mod(f.p, m24)
        let inv = p0
        for (let k = 0; k < 6; k++) inv = mod(inv * (2n - p0 * inv), m24)
        if (mod(inv * p0, m24) !== 1n) throw new Error("inverse mod 2^24")
        const ni = Number(mod(-inv, m24))
        f.nprime = ni >= B / 2 ? ni - B : ni
        if (f.pd[0] === -1 && f.nprime !== 1) throw new Error("n' should be 1")
    }
}

// ---------------------------------------------------------------- code emission
function need(cond, what) {
    if (!cond) throw new Error("bound violated: " + what)
}

// Kernel contract (fmul): inputs with every limb <= IN_LIMB in magnitude and |value| < 8p; outputs: limbs
// 0..n-2 within 2^23 + 1, |value| < p.
export const IN_LIMB = 2 ** 24 + 2 // a sum or difference of two outputs (each limb within 2^23 + 1)

/** value bound (units of p) of a Montgomery product of values bounded va, vb */
function montOut(f, va, vb) {
    return 0.51 + (va * vb * Number(f.p)) / Number(f.R)
}

// ---------------------------------------------------------------- formulas as data
// Point formulas are not code: a formula is a byte program [op, dst, x, y] run by a small interpreter
// (runProg in src/crypto/field.ts), because straight-line formulas cost ~2.5 KB of bytecode each and all
// firmware bytecode must fit 64 KB. An operand byte is (array << 5) | slot, the element at slot * n of one
// of four arrays. Ops: 0 mul (kernel call), 1 add, 2 sub (limb loops), 3 normalize (carry loop).
// Operand: { code, b: limb bound, v: value bound (units of p) }.
// `ctx` = { kind, ratio (p/R, worst case) }
export const OP = { mul: 0, add: 1, sub: 2, norm: 3 }
export function emitProgram(ops, ctx, prog, env) {
    const get = name => {
        const x = env[name]
        if (!x) throw new Error("unknown " + name)
        return x
    }
    const norm = x => {
        // carry pass in place: balanced limbs, value unchanged (the top limb keeps the rest; P curves only)
        need(ctx.kind === "mont", "normalize is for Montgomery curves")
        ops.push([OP.norm, x.code, 0, 0])
        x.b = B / 2 + 1
        need(x.v <= 64, "top limb after normalize")
    }
    for (const [op, d, s1, s2] of prog) {
        const dst = get(d)
        if (op === "mul" || op === "sqr") {
            const a = get(s1)
            const b = op === "mul" ? get(s2) : a
            if (a.b > IN_LIMB) norm(a)
            if (b.b > IN_LIMB) norm(b)
            ops.push([OP.mul, dst.code, a.code, b.code])
            dst.b = B / 2 + 1
            if (ctx.kind === "25519") dst.v = 1
            else {
                dst.v = 0.51 + a.v * b.v * ctx.ratio // |a b / R + m p / R|, |m| < R / 2
                need(dst.v < 1, "montgomery output")
            }
        } else if (op === "add" || op === "sub") {
            const a = get(s1),
                b = get(s2)
            ops.push([op === "add" ? OP.add : OP.sub, dst.code, a.code, b.code])
            dst.b = a.b + b.b
            dst.v = a.v + b.v
            if (dst.b > 4 * IN_LIMB) norm(dst)
        } else throw new Error("op " + op)
    }
}
export const progHex = ops => ops.map(o => o.map(x => x.toString(16).padStart(2, "0")).join("")).join("")

const parse = s =>
    s
        .trim()
        .split("\n")
        .map(l => l.trim())
        .filter(l => l && !l.startsWith("#"))
        .map(l => {
            // "t0 = X1 * X2", "t3 = t3 + t4", "t0 = X1 ^2", "x = 121665 . E"
            let m
            if ((m = /^(\w+) = (\w+) \* (\w+)$/.exec(l))) return m[2] === m[3] ? ["sqr", m[1], m[2]] : ["mul", m[1], m[2], m[3]]
            if ((m = /^(\w+) = (\w+) \+ (\w+)$/.exec(l))) return ["add", m[1], m[2], m[3]]
            if ((m = /^(\w+) = (\w+) - (\w+)$/.exec(l))) return ["sub", m[1], m[2], m[3]]
            throw new Error("cannot parse " + l)
        })

// X25519 ladder step (RFC 7748 section 5), after the conditional swap.
export const LADDER = parse(`
A = X2 + Z2
AA = A * A
B = X2 - Z2
BB = B * B
E = AA - BB
C = X3 + Z3
D = X3 - Z3
DA = D * A
CB = C * B
T = DA + CB
X3 = T * T
T = DA - CB
T = T * T
Z3 = X1 * T
X2 = AA * BB
T = A24 * E
T = AA + T
Z2 = E * T
`)

// Renes-Costello-Batina 2015, complete formulas for a = -3 (projective X:Y:Z), algorithms 4 and 6.
export const RCB_ADD = parse(`
t0 = X1 * X2
t1 = Y1 * Y2
t2 = Z1 * Z2
t3 = X1 + Y1
t4 = X2 + Y2
t3 = t3 * t4
t4 = t0 + t1
t3 = t3 - t4
t4 = Y1 + Z1
X3 = Y2 + Z2
t4 = t4 * X3
X3 = t1 + t2
t4 = t4 - X3
X3 = X1 + Z1
Y3 = X2 + Z2
X3 = X3 * Y3
Y3 = t0 + t2
Y3 = X3 - Y3
Z3 = CB * t2
X3 = Y3 - Z3
Z3 = X3 + X3
X3 = X3 + Z3
Z3 = t1 - X3
X3 = t1 + X3
Y3 = CB * Y3
t1 = t2 + t2
t2 = t1 + t2
Y3 = Y3 - t2
Y3 = Y3 - t0
t1 = Y3 + Y3
Y3 = t1 + Y3
t1 = t0 + t0
t0 = t1 + t0
t0 = t0 - t2
t1 = t4 * Y3
t2 = t0 * Y3
Y3 = X3 * Z3
Y3 = Y3 + t2
X3 = t3 * X3
X3 = X3 - t1
Z3 = t4 * Z3
t1 = t3 * t0
Z3 = Z3 + t1
`)

export const RCB_DBL = parse(`
t0 = X1 * X1
t1 = Y1 * Y1
t2 = Z1 * Z1
t3 = X1 * Y1
t3 = t3 + t3
Z3 = X1 * Z1
Z3 = Z3 + Z3
Y3 = CB * t2
Y3 = Y3 - Z3
X3 = Y3 + Y3
Y3 = X3 + Y3
X3 = t1 - Y3
Y3 = t1 + Y3
Y3 = X3 * Y3
X3 = X3 * t3
t3 = t2 + t2
t2 = t2 + t3
Z3 = CB * Z3
Z3 = Z3 - t2
Z3 = Z3 - t0
t3 = Z3 + Z3
Z3 = Z3 + t3
t3 = t0 + t0
t0 = t3 + t0
t0 = t0 - t2
t0 = t0 * Z3
Y3 = Y3 + t0
t0 = Y1 * Z1
t0 = t0 + t0
Z3 = t0 * Z3
X3 = X3 - Z3
Z3 = t0 * t1
Z3 = Z3 + Z3
Z3 = Z3 + Z3
`)


// ---------------------------------------------------------------- file writer
const HEADER = `// GENERATED by tools/ec-gen.mjs — do not edit; change the generator and run \`node tools/ec-gen.mjs\`.
// Field elements: number[] of 24-bit signed limbs (see the generator for the representation and bounds).
`

export const CURVES = {
    p256: {
        field: "p256",
        scalar: "n256",
        b: 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn,
        gx: 0x6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296n,
        gy: 0x4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5n,
        bytes: 32,
    },
    p384: {
        field: "p384",
        scalar: "n384",
        b: 0xb3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aefn,
        gx: 0xaa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a385502f25dbf55296c3a545e3872760ab7n,
        gy: 0x3617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c00a60b1ce1d7e819d7a431d7c90ea0e5fn,
        bytes: 48,
    },
}

/**
 * The exactness argument of fmul for one field: a window column collects at most n products x_i y_j (each
 * <= IN_LIMB^2), n products m p_j (|m| <= 2^23) and a carry; all of it must stay below LIMIT. And the
 * Montgomery output bound |x y / R + m p / R| < 1 (units of p) must hold for the largest inputs (8p).
 */
function checkField(name) {
    const f = FIELDS[name]
    const extra = f.pd.reduce((s, d) => s + Math.abs(d), 0) * (B / 2) + 2 ** 30
    need(f.n * IN_LIMB * IN_LIMB + extra < LIMIT, `${name} columns`)
    need(montOut(f, 8, 8) < 1, `${name} montgomery value bound`)
}

/**
 * A field as a hex blob of little-endian int32: [n, n', p (signed digits, n), p (unsigned limbs, n),
 * R mod p (n), R^2 mod p (n), extras...], read by field() in src/crypto/field.ts.
 */
function fieldBlob(name, extras) {
    checkField(name)
    const f = FIELDS[name]
    const n = f.n
    const v = [n, f.nprime, ...f.pd, ...limbs(f.p, n), ...signedLimbs(mod(f.R, f.p), n), ...signedLimbs(mod(f.R * f.R, f.p), n)]
    for (const x of extras) v.push(...signedLimbs(mod(x * f.R, f.p), n))
    const b = Buffer.alloc(4 * v.length)
    v.forEach((x, i) => b.writeInt32LE(x, 4 * i))
    return b.toString("hex")
}

export function genAll() {
    // P curves: one program for both, bounds checked for the worst case of P-256 (p/R = 2^-8) and P-384
    const wctx = {
        kind: "mont",
        ratio: Math.max(Number(FIELDS.p256.p) / Number(FIELDS.p256.R), Number(FIELDS.p384.p) / Number(FIELDS.p384.R)),
    }
    // arrays: 0 = first point u, 1 = second point v, 2 = scratch W (8 slots), 3 = curve constant b
    // point coordinates: |value| <= 4p (doubling ends with 4 * (a kernel output))
    const mk = (arr, slot) => ({ code: (arr << 5) | slot, b: B / 2 + 1, v: 4 })
    const program = (name, prog, two) => {
        const env = { X1: mk(0, 0), Y1: mk(0, 1), Z1: mk(0, 2), CB: mk(3, 0) }
        if (two) Object.assign(env, { X2: mk(1, 0), Y2: mk(1, 1), Z2: mk(1, 2) })
        ;["t0", "t1", "t2", "t3", "t4", "X3", "Y3", "Z3"].forEach((nm, i) => (env[nm] = mk(2, i)))
        const ops = []
        emitProgram(ops, wctx, prog, env)
        for (const nm of ["X3", "Y3", "Z3"]) {
            const x = env[nm]
            if (x.b > B / 2 + 1) {
                // final carry so outputs meet the input contract of the next formula
                ops.push([OP.norm, x.code, 0, 0])
                x.b = B / 2 + 1
            }
            need(x.v <= 4, `${name} output ${nm} value ${x.v}`)
        }
        return ops
    }
    const add = program("add", RCB_ADD, true)
    const dbl = program("dbl", RCB_DBL, false)

    // X25519 ladder step, Montgomery form: array 0 = state (slots below), array 3 = a24 * R
    const f25519 = FIELDS.p25519
    const names = ["X1", "X2", "Z2", "X3", "Z3", "A", "AA", "B", "BB", "E", "C", "D", "DA", "CB", "T"]
    const env = { A24: { code: (3 << 5) | 0, b: B / 2 + 1, v: 1 } }
    names.forEach((nm, i) => (env[nm] = { code: i, b: B / 2 + 1, v: 1 }))
    const ladder = []
    emitProgram(ladder, { kind: "mont", ratio: Number(f25519.p) / Number(f25519.R) }, LADDER, env)
    for (const nm of ["X2", "Z2", "X3", "Z3"]) need(env[nm].b <= B / 2 + 1 && env[nm].v <= 1, "ladder output " + nm)
    const cv = c => {
        const C = CURVES[c]
        return [C.b, C.gx, C.gy, 1n]
    }
    const src = [
        HEADER,
        `/** fields (field() in field.ts): 2^255 - 19 with extra a24 = 121665 (RFC 7748) */`,
        `export const F25519 = hex\`${fieldBlob("p25519", [121665n])}\``,
        `/** P-256 p with extras b, then the generator (X : Y : 1) */`,
        `export const P256_F = hex\`${fieldBlob("p256", cv("p256"))}\``,
        `/** P-256 group order n */`,
        `export const P256_S = hex\`${fieldBlob("n256", [])}\``,
        `/** P-384 p with extras b, then the generator (X : Y : 1) */`,
        `export const P384_F = hex\`${fieldBlob("p384", cv("p384"))}\``,
        `/** P-384 group order n */`,
        `export const P384_S = hex\`${fieldBlob("n384", [])}\``,
        `/** complete projective addition, a = -3 (Renes-Costello-Batina 2015 alg. 4), as a runProg program: u + v */`,
        `export const ADD_PROG = hex\`${progHex(add)}\``,
        `/** complete projective doubling, a = -3 (RCB 2015 alg. 6): 2u */`,
        `export const DBL_PROG = hex\`${progHex(dbl)}\``,
        `/** RFC 7748 ladder double-and-add (after the conditional swap) over the state array: X1, X2, Z2, X3, Z3, then ${names.length - 5} temporaries (11 limbs each) */`,
        `export const LADDER_PROG = hex\`${progHex(ladder)}\``,
        "",
    ].join("\n\n")
    return { path: "src/crypto/ec-gen.ts", src }
}

export function generateAll() {
    return [genAll()]
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
    for (const { path, src } of generateAll()) writeFileSync(join(ROOT, path), src)
}
