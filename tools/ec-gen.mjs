#!/usr/bin/env node
// Generates the straight-line field and point arithmetic for X25519, P-256 and P-384 (src/crypto/*-gen.ts).
//
// Why generated: in the DeviceScript VM a function call costs ~23 µs (~60 loop iterations) while one limb
// product costs well under 1 µs, so every field operation is fully unrolled and whole point formulas (a
// ladder step, a point doubling/addition) are emitted as one function with the field operations inlined.
//
// Representation: 24-bit limbs held in doubles, *signed* and balanced: after a carry pass every limb except
// the top one is in [-2^23, 2^23]. Integer math in doubles is exact below 2^53: a product of two limbs of
// magnitude <= 2^24 is <= 2^48 and up to 17 of them (P-384 uses 17 limbs) sum to < 2^52.1. A carry is
// `q = (c * 2^-24 + M) - M` with M = 1.5 * 2^52 (round to nearest, no call), `c -= q * 2^24`.
// This generator tracks a bound on every limb and value and refuses to emit code that could leave the
// exact range (see `need`), so the emitted code cannot overflow for any input within the stated bounds.
//
// Reductions:
//  - p25519 (11 limbs, 264 bits): 2^264 = 2^9 * 2^255 = 9728 (mod p), then 2^255 = 19 at bit 255.
//  - P-256 / P-384: Montgomery multiplication with R = 2^(24 n). Written as signed 24-bit digits, both primes
//    are sparse and have digit 0 = -1, so the Montgomery quotient digit is just the balanced low digit and the
//    reduction is a few adds per limb (P-256: p = [-1,0,0,0,1,0,0,0,1,-2^8,2^16]).
//  - Scalar fields (mod n, dense): generic Montgomery with n' = -n^-1 mod 2^24.
//
// Run: node tools/ec-gen.mjs        (writes the files; test/node/ec-gen.test.mjs checks they are current)
import { writeFileSync } from "node:fs"
import { dirname, join, resolve } from "node:path"
import { fileURLToPath } from "node:url"

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..")
export const W = 24
const B = 1 << W
const INV = "5.9604644775390625e-8" // 2^-24
const INV15 = "0.000030517578125" // 2^-15
const MAGIC = "6755399441055744" // 1.5 * 2^52
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
    p25519: { kind: "25519", n: 11, p: 2n ** 255n - 19n },
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
        f.sparse = f.pd[0] === -1 && f.pd.filter(d => d !== 0).length <= 6
        if (f.pd[0] === -1 && f.nprime !== 1) throw new Error("n' should be 1")
    }
}

// ---------------------------------------------------------------- code emission
// An operand is { a: arrayName, o: offset, b: limb bound, v: value bound (in units of p) }.
// Emitters push lines into `out` and return the bound of the result.

function need(cond, what) {
    if (!cond) throw new Error("bound violated: " + what)
}

const ref = (x, i) => `${x.a}[${x.o + i}]`

/** column sums of a*b (or a*a) into locals c0..c(2n-2); returns max column bound */
function emitProducts(out, f, x, y, square) {
    const n = f.n
    for (let i = 0; i < n; i++) out.push(`a${i} = ${ref(x, i)}`)
    if (square) {
        for (let i = 0; i < n; i++) out.push(`b${i} = a${i} + a${i}`)
    } else {
        for (let i = 0; i < n; i++) out.push(`b${i} = ${ref(y, i)}`)
    }
    for (let k = 0; k <= 2 * n - 2; k++) {
        const terms = []
        for (let i = Math.max(0, k - n + 1); i <= Math.min(k, n - 1); i++) {
            const j = k - i
            if (square) {
                if (i < j) terms.push(`a${i} * b${j}`)
                else if (i === j) terms.push(`a${i} * a${i}`)
            } else terms.push(`a${i} * b${j}`)
        }
        out.push(`c${k} = ${terms.join(" + ")}`)
    }
    out.push(`c${2 * n - 1} = 0`)
    const yb = square ? x.b : y.b
    return n * x.b * yb
}

function roundQ(c, inv = INV) {
    return `q = (${c} * ${inv} + ${MAGIC}) - ${MAGIC}`
}

/** carry c[from..to-1] into c[to] (balanced) */
function emitCarryChain(out, from, to) {
    for (let k = from; k < to; k++) {
        out.push(roundQ(`c${k}`))
        out.push(`c${k} -= q * ${B}`)
        out.push(`c${k + 1} += q`)
    }
}

/** field multiplication / squaring: r = a*b (mod p) (Montgomery: a*b/R) */
export function emitMul(out, f, r, x, y, square = false) {
    const n = f.n
    const col = emitProducts(out, f, x, y, square)
    need(col < LIMIT, `${f.name} mul columns ${Math.log2(col).toFixed(2)} bits (${x.a}:${x.b} ${y && y.b})`)
    if (f.kind === "25519") {
        // high columns c11..c20 to balanced digits, c21 = top carry
        emitCarryChain(out, n - 1, 2 * n - 1)
        // fold 2^264 = 9728
        for (let i = 0; i < n; i++) out.push(`c${i} += 9728 * c${i + n}`)
        emitCarryChain(out, 0, n - 1)
        // split limb 10 at bit 255 (= bit 15 of limb 10); 2^255 = 19
        out.push(roundQ(`c${n - 1}`, INV15))
        out.push(`c${n - 1} -= q * 32768`)
        out.push(`c0 += 19 * q`)
        out.push(roundQ(`c0`))
        out.push(`c0 -= q * ${B}`)
        out.push(`c1 += q`)
        for (let i = 0; i < n; i++) out.push(`${ref(r, i)} = c${i}`)
        r.b = B / 2 + 2 ** 10 // limb 1 may carry a small extra
        r.v = 1
        return
    }
    // Montgomery: for each low column pick m = balanced low digit (sparse p, p0 = -1) or m = digit * n'
    const pd = f.pd
    for (let i = 0; i < n; i++) {
        if (f.sparse) {
            out.push(roundQ(`c${i}`))
            out.push(`m = c${i} - q * ${B}`)
            out.push(`c${i + 1} += q`)
        } else {
            out.push(roundQ(`c${i}`))
            out.push(`m = (c${i} - q * ${B}) * ${f.nprime}`)
            out.push(roundQ(`m`))
            out.push(`m -= q * ${B}`)
            // (c_i + m*p0) is divisible by 2^24 exactly
            out.push(`c${i + 1} += (c${i} + m * ${pd[0]}) * ${INV}`)
        }
        for (let j = 1; j < n; j++) {
            const d = pd[j]
            if (d === 0) continue
            if (d === 1) out.push(`c${i + j} += m`)
            else if (d === -1) out.push(`c${i + j} -= m`)
            else out.push(`c${i + j} += m * ${d}`)
        }
    }
    // extra column load from the m*p digits: at most n terms of 2^23 * |digit|
    const extra = pd.reduce((s, d) => s + Math.abs(d), 0) * (B / 2) + 2 ** 30
    need(col + extra < LIMIT, `${f.name} mont columns`)
    emitCarryChain(out, n, 2 * n - 1)
    for (let i = 0; i < n; i++) out.push(`${ref(r, i)} = c${n + i}`)
    r.b = B / 2 + 1
    // value bound: (a*b + m*p)/R, |m| < R/2
    r.v = 0.51 + (x.v * (square ? x.v : y.v) * Number(f.p)) / Number(f.R)
    need(r.v < 1, `${f.name} montgomery value bound`)
}

/** limb-wise r = x + y or x - y (no carry) */
export function emitAddSub(out, f, r, x, y, op) {
    for (let i = 0; i < f.n; i++) out.push(`${ref(r, i)} = ${ref(x, i)} ${op} ${ref(y, i)}`)
    r.b = x.b + y.b
    r.v = x.v + y.v
}

/** carry pass in place (value preserved, limbs balanced; 25519 also folds bit 255 up) */
export function emitNormalize(out, f, r) {
    const n = f.n
    for (let i = 0; i < n; i++) out.push(`c${i} = ${ref(r, i)}`)
    emitCarryChain(out, 0, n - 1)
    if (f.kind === "25519") {
        out.push(roundQ(`c${n - 1}`, INV15))
        out.push(`c${n - 1} -= q * 32768`)
        out.push(`c0 += 19 * q`)
        out.push(roundQ(`c0`))
        out.push(`c0 -= q * ${B}`)
        out.push(`c1 += q`)
        r.b = B / 2 + 2 ** 10
        r.v = Math.min(r.v, 1)
    } else r.b = Math.max(B / 2 + 1, (r.v * Number(f.p)) / 2 ** (W * (n - 1)) + 1)
    for (let i = 0; i < n; i++) out.push(`${ref(r, i)} = c${i}`)
}

/** r = k * x for a small constant k, normalized */
export function emitMulSmall(out, f, r, x, k) {
    const n = f.n
    for (let i = 0; i < n; i++) out.push(`c${i} = ${ref(x, i)} * ${k}`)
    need(x.b * k < LIMIT, "mulSmall")
    const tmp = { ...r, b: x.b * k, v: x.v * k }
    // carry in place via c's: reuse normalize on c directly
    emitCarryChain(out, 0, n - 1)
    if (f.kind === "25519") {
        out.push(roundQ(`c${n - 1}`, INV15))
        out.push(`c${n - 1} -= q * 32768`)
        out.push(`c0 += 19 * q`)
        out.push(roundQ(`c0`))
        out.push(`c0 -= q * ${B}`)
        out.push(`c1 += q`)
        r.b = B / 2 + 2 ** 20
        r.v = 1
    } else {
        r.v = tmp.v
        r.b = Math.max(B / 2 + 1, (r.v * Number(f.p)) / 2 ** (W * (n - 1)) + 1)
    }
    for (let i = 0; i < n; i++) out.push(`${ref(r, i)} = c${i}`)
}

export function localsDecl(f, extra = []) {
    const n = f.n
    const names = ["q", "m"]
    for (let i = 0; i < n; i++) names.push("a" + i, "b" + i)
    for (let i = 0; i < 2 * n; i++) names.push("c" + i)
    return `let ${names.concat(extra).map(x => x + " = 0").join(", ")}`
}

// ---------------------------------------------------------------- a tiny register language for formulas
// A program is a list of [op, dst, src1, src2] over named field elements. `env` maps names to operands
// { a, o } and bounds. Used both to emit code and (with bigints) to check the formulas in node.
export function emitProgram(out, f, prog, env, opts = {}) {
    const get = name => {
        const x = env[name]
        if (!x) throw new Error("unknown " + name)
        return x
    }
    const ensure = (name, maxb) => {
        const x = get(name)
        if (x.b > maxb) emitNormalize(out, f, x)
    }
    // largest bound a mul operand may have so that n * b^2 < LIMIT (both operands)
    const mulMax = Math.sqrt(LIMIT / f.n / (f.kind === "mont" && !f.sparse ? 1.3 : 1.02))
    for (const [op, d, s1, s2] of prog) {
        const dst = get(d)
        if (op === "mul" || op === "sqr") {
            ensure(s1, mulMax)
            if (op === "mul") ensure(s2, mulMax)
            const a = get(s1)
            const b = op === "mul" ? get(s2) : a
            if (a.b * b.b * f.n > LIMIT / 1.02) {
                emitNormalize(out, f, a.b >= b.b ? a : b)
            }
            emitMul(out, f, dst, a, b, op === "sqr")
        } else if (op === "add" || op === "sub") {
            const a = get(s1),
                b = get(s2)
            const nb = { ...dst }
            emitAddSub(out, f, nb, a, b, op === "add" ? "+" : "-")
            Object.assign(dst, { b: nb.b, v: nb.v })
            if (dst.b > (opts.maxLazy || 2 ** 26)) emitNormalize(out, f, dst)
        } else if (op === "small") {
            emitMulSmall(out, f, dst, get(s1), s2)
        } else if (op === "norm") {
            emitNormalize(out, f, dst)
        } else if (op === "copy") {
            const a = get(s1)
            for (let i = 0; i < f.n; i++) out.push(`${ref(dst, i)} = ${ref(a, i)}`)
            dst.b = a.b
            dst.v = a.v
        } else throw new Error("op " + op)
    }
}

/** run a program on bigints mod p (checks the formula, independent of the limb code) */
export function evalProgram(f, prog, vals, consts = {}) {
    const p = f.p
    const v = { ...vals }
    for (const [op, d, s1, s2] of prog) {
        const g = s => {
            if (s in v) return v[s]
            if (s in consts) return consts[s]
            throw new Error("unset " + s)
        }
        if (op === "mul") v[d] = mod(g(s1) * g(s2), p)
        else if (op === "sqr") v[d] = mod(g(s1) * g(s1), p)
        else if (op === "add") v[d] = mod(g(s1) + g(s2), p)
        else if (op === "sub") v[d] = mod(g(s1) - g(s2), p)
        else if (op === "small") v[d] = mod(g(s1) * BigInt(s2), p)
        else if (op === "norm") v[d] = g(d)
        else if (op === "copy") v[d] = g(s1)
    }
    return v
}

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
            if ((m = /^(\w+) = (\d+) \. (\w+)$/.exec(l))) return ["small", m[1], m[3], +m[2]]
            if ((m = /^(\w+) = (\w+)$/.exec(l))) return ["copy", m[1], m[2]]
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
T = 121665 . E
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

// ---------------------------------------------------------------- opcode estimate
// Every VM opcode counts against the 131,072-opcode slice limit. Estimate per line: one opcode per operand
// (local, literal), per operator, per store, plus two per array index. Budget units are ~20 opcodes
// (src/platform/budget.ts); the estimate is rounded up with a 25% margin.
export function opsOf(lines) {
    let ops = 0
    for (const l of lines) {
        const operands = l.match(/[A-Za-z_]\w*|\d[\d.e-]*/g) || []
        const operators = l.match(/[-+*]=?|(?<![=!<>])=(?!=)/g) || []
        const index = l.match(/\[/g) || []
        ops += operands.length + operators.length + 2 * index.length
    }
    return ops
}
export const unitsOf = lines => Math.ceil((opsOf(lines) * 1.25) / 20)

// ---------------------------------------------------------------- file writers
const HEADER = `// GENERATED by tools/ec-gen.mjs — do not edit; change the generator and run \`node tools/ec-gen.mjs\`.
// Field elements: number[] of 24-bit signed limbs (see the generator for the representation and bounds).
`

function fnMul(f, name, square) {
    const out = []
    const x = { a: "x", o: 0, b: 2 ** 24, v: 2 }
    const y = { a: "y", o: 0, b: 2 ** 24, v: 2 }
    const r = { a: "r", o: 0 }
    emitMul(out, f, r, x, y, square)
    const args = square ? "r: number[], x: number[]" : "r: number[], x: number[], y: number[]"
    return [
        `/** budget units of ${name} */`,
        `export const ${name.toUpperCase()}_UNITS = ${unitsOf(out)}`,
        `/** r = ${square ? "x^2" : "x*y"}${f.kind === "mont" ? " / R" : ""} mod p; inputs: limbs <= 2^24 (sum of two outputs). r may alias an input. */`,
        `export function ${name}(${args}) {`,
        "    " + localsDecl(f),
        ...out.map(l => "    " + l),
        "}",
    ].join("\n")
}

function fnSqrN(f, name) {
    const out = []
    const x = { a: "r", o: 0, b: 2 ** 24, v: 1 }
    emitMul(out, f, x, x, null, true)
    return [
        `/** r = r^(2^k) (${f.kind === "mont" ? "Montgomery" : "plain"}), k squarings in one call */`,
        `export function ${name}(r: number[], k: number) {`,
        "    " + localsDecl(f),
        "    for (let it = 0; it < k; it++) {",
        ...out.map(l => "        " + l),
        "    }",
        "}",
    ].join("\n")
}

function limbConst(name, l, doc) {
    return `/** ${doc} */\nexport const ${name} = [${l.join(", ")}]`
}

export function gen25519() {
    const f = { ...FIELDS.p25519, name: "p25519" }
    const n = f.n
    // ladder step on one state array S: X1 at 0, X2 n, Z2 2n, X3 3n, Z3 4n, temporaries after
    const names = ["X1", "X2", "Z2", "X3", "Z3", "A", "AA", "B", "BB", "E", "C", "D", "DA", "CB", "T"]
    const env = {}
    names.forEach((nm, i) => (env[nm] = { a: "s", o: i * n, b: B / 2 + 2 ** 20, v: 1 }))
    const out = []
    // constant-time conditional swap of (X2,Z2) with (X3,Z3): d = bit * (X3 - X2)
    for (let i = 0; i < 2 * n; i++) {
        out.push(`q = bit * (s[${3 * n + i}] - s[${n + i}])`)
        out.push(`s[${n + i}] += q`)
        out.push(`s[${3 * n + i}] -= q`)
    }
    emitProgram(out, f, LADDER, env)
    for (const nm of ["X2", "Z2", "X3", "Z3"]) need(env[nm].b <= B / 2 + 2 ** 20, "ladder output bound " + nm)
    const step = [
        `/** state layout: X1, X2, Z2, X3, Z3 (${n} limbs each) then ${names.length - 5} temporaries */`,
        `export const X25519_STATE = ${names.length * n}`,
        `/** budget units of one x25519Step */`,
        `export const X25519_STEP_UNITS = ${unitsOf(out)}`,
        `/** one Montgomery-ladder step: conditional swap by \`bit\` (0/1, no branch), then RFC 7748 double-and-add */`,
        `export function x25519Step(s: number[], bit: number) {`,
        "    " + localsDecl(f),
        ...out.map(l => "    " + l),
        "}",
    ].join("\n")
    const src = [
        HEADER,
        `export const FE25519_LIMBS = ${n}`,
        limbConst("P25519", limbs(f.p, n), "p = 2^255 - 19, unsigned limbs"),
        fnMul(f, "fe25519Mul", false),
        fnMul(f, "fe25519Sqr", true),
        fnSqrN(f, "fe25519SqrN"),
        step,
        "",
    ].join("\n\n")
    return { path: "src/crypto/x25519-gen.ts", src }
}

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

export function genWeierstrass(cname) {
    const c = CURVES[cname]
    const f = { ...FIELDS[c.field], name: c.field }
    const s = { ...FIELDS[c.scalar], name: c.scalar }
    const n = f.n
    const P = cname.toUpperCase()
    const mk = (a, o) => ({ a, o, b: B / 2 + 1, v: 2 })
    // point = [X, Y, Z] flat, 3n limbs; temporaries t0..t4 and outputs X3,Y3,Z3 in scratch `w`
    const pointFn = (name, prog, two, doc) => {
        const env = {
            X1: mk("u", 0),
            Y1: mk("u", n),
            Z1: mk("u", 2 * n),
            CB: { a: "CURVE_B", o: 0, b: B / 2 + 1, v: 1 },
        }
        if (two) Object.assign(env, { X2: mk("v", 0), Y2: mk("v", n), Z2: mk("v", 2 * n) })
        ;["t0", "t1", "t2", "t3", "t4", "X3", "Y3", "Z3"].forEach((nm, i) => (env[nm] = mk("w", i * n)))
        const out = []
        emitProgram(out, f, prog, env)
        // outputs must be normalized like any mul output so they can be inputs again
        for (const nm of ["X3", "Y3", "Z3"]) if (env[nm].b > B / 2 + 1 || env[nm].v > 1) emitNormalize(out, f, env[nm])
        for (const nm of ["X3", "Y3", "Z3"]) need(env[nm].b <= B / 2 + 1, `${name} output ${nm} bound ${env[nm].b}`)
        for (let i = 0; i < 3 * n; i++) out.push(`r[${i}] = w[${5 * n + i}]`)
        return [
            `/** budget units of ${name} */`,
            `export const ${name.toUpperCase()}_UNITS = ${unitsOf(out)}`,
            `/** ${doc} r may alias an input. */`,
            `export function ${name}(r: number[], u: number[]${two ? ", v: number[]" : ""}) {`,
            "    const w = W",
            "    " + localsDecl(f),
            ...out.map(l => "    " + l),
            "}",
        ].join("\n")
    }
    const R = f.R
    const src = [
        HEADER,
        `export const ${P}_LIMBS = ${n}`,
        `const W: number[] = []\nfor (let i = 0; i < ${8 * n}; i++) W.push(0)`,
        limbConst(`${P}_P`, limbs(f.p, n), "field prime p, unsigned limbs"),
        limbConst(`${P}_N`, limbs(s.p, n), "group order n, unsigned limbs"),
        limbConst(`${P}_R2`, signedLimbs(mod(R * R, f.p), n), "R^2 mod p (to Montgomery form)"),
        limbConst(`${P}_ONE`, signedLimbs(mod(R, f.p), n), "R mod p (1 in Montgomery form)"),
        limbConst(`${P}_NR2`, signedLimbs(mod(R * R, s.p), n), "R^2 mod n"),
        limbConst(`${P}_NONE`, signedLimbs(mod(R, s.p), n), "R mod n"),
        limbConst(`CURVE_B`, signedLimbs(mod(c.b * R, f.p), n), "b in Montgomery form"),
        limbConst(`${P}_B`, limbs(c.b, n), "b, unsigned limbs"),
        limbConst(
            `${P}_G`,
            [...signedLimbs(mod(c.gx * R, f.p), n), ...signedLimbs(mod(c.gy * R, f.p), n), ...signedLimbs(mod(R, f.p), n)],
            "generator (X:Y:1), Montgomery form",
        ),
        fnMul(f, `${cname}Mul`, false),
        fnMul(f, `${cname}Sqr`, true),
        fnSqrN(f, `${cname}SqrN`),
        fnMul(s, `${cname}ScalarMul`, false),
        fnSqrN(s, `${cname}ScalarSqrN`),
        pointFn(`${cname}Add`, RCB_ADD, true, "r = u + v, complete projective addition (RCB 2015 alg. 4)."),
        pointFn(`${cname}Dbl`, RCB_DBL, false, "r = 2u, complete projective doubling (RCB 2015 alg. 6)."),
        "",
    ].join("\n\n")
    return { path: `src/crypto/${cname}-gen.ts`, src }
}

export function generateAll() {
    return [gen25519(), genWeierstrass("p256"), genWeierstrass("p384")]
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
    for (const { path, src } of generateAll()) writeFileSync(join(ROOT, path), src)
}
