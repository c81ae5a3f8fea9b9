#!/usr/bin/env node
// Generates the field multiplication kernels and point formulas for X25519, P-256 and P-384
// (src/crypto/ec-*-gen.ts).
//
// Constraints of the DeviceScript VM that shape this code:
//  - a function call costs ~50 simple loop iterations (~23 µs), a limb product well under one, so each
//    field multiplication is one call to a kernel whose inner work is on locals, without further calls;
//  - ALL bytecode of the firmware must fit in 64 KB (the image verifier rejects a function ending at or
//    past offset 0x10000: runtime verify.c check 1051), so the kernels keep a rotating window of column sums
//    in locals with one unrolled row per loop iteration (genKernelWindow), and point formulas are data
//    (byte programs run by src/crypto/ec-prog.ts): one program serves P-256 and P-384.
//
// Representation: 24-bit limbs held in doubles, *signed* and balanced: after a carry pass every limb except
// the top one is in [-2^23, 2^23]. Integer math in doubles is exact below 2^53: a product of two limbs of
// magnitude <= 2^24 is <= 2^48 and up to 17 of them (P-384 uses 17 limbs) sum to < 2^52.1. A carry is
// `q = (c * 2^-24 + M) - M` with M = 1.5 * 2^52 (round to nearest, no call), `c -= q * 2^24`.
// This generator tracks a bound on every limb and value and refuses to emit code that could leave the
// exact range (see `need`), so the emitted code cannot overflow for inputs within the stated contract.
//
// Reductions:
//  - p25519 (11 limbs, 264 bits): 2^264 = 2^9 * 2^255 = 9728 (mod p), then 2^255 = 19 at bit 255.
//  - P-256 / P-384: Montgomery multiplication with R = 2^(24 n). Written as signed 24-bit digits, both primes
//    are sparse and have digit 0 = -1, so the Montgomery quotient digit is just the balanced low digit and the
//    reduction is a few adds per limb (P-256: p = [-1,0,0,0,1,0,0,0,1,-2^8,2^16]).
//  - Scalar fields (mod n, dense; used a few hundred times per signature): Montgomery with n' = -n^-1 mod
//    2^24 and the digits of n read from a constant array.
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
function need(cond, what) {
    if (!cond) throw new Error("bound violated: " + what)
}

function roundQ(c, inv = INV) {
    return `q = (${c} * ${inv} + ${MAGIC}) - ${MAGIC}`
}

// Kernel contract: inputs with every limb <= IN_LIMB in magnitude and value below 2^(24n) (P curves:
// |value| < 8p); outputs: limbs 0..n-2 within 2^23 + small, |value| < p (Montgomery) or < 2^255 + small.
export const IN_LIMB = 2 ** 24 + 2 // a sum or difference of two outputs (each limb within 2^23 + 1)

/** value bound (units of p) of a Montgomery product of values bounded va, vb */
function montOut(f, va, vb) {
    return 0.51 + (va * vb * Number(f.p)) / Number(f.R)
}

// ---------------------------------------------------------------- formulas as data
// Point formulas are not code: a formula is a byte program [op, dst, x, y] run by a small interpreter
// (runProg in src/crypto/ec-weier.ts), because straight-line formulas cost ~2.5 KB of bytecode each and all
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


// ---------------------------------------------------------------- opcode / time estimate
// Budget units (src/platform/budget.ts) are ~one simple loop iteration (~20 opcodes). Straight-line code:
// one opcode per operand (local, literal), per operator, per store, plus two per array index, /20, +25%.
// A call costs ~50 units of time (few opcodes): charged so that slices stay short in time too.
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
export const CALL_UNITS = 50

// ---------------------------------------------------------------- file writers
const HEADER = `// GENERATED by tools/ec-gen.mjs — do not edit; change the generator and run \`node tools/ec-gen.mjs\`.
// Field elements: number[] of 24-bit signed limbs (see the generator for the representation and bounds).
`

function limbConst(name, l, doc) {
    return `/** ${doc} */\nexport const ${name} = [${l.join(", ")}]`
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

function curveConsts(cname) {
    const c = CURVES[cname]
    const f = FIELDS[c.field]
    const s = FIELDS[c.scalar]
    const n = f.n
    const P = cname.toUpperCase()
    const R = f.R
    return [
        limbConst(`${P}_P`, limbs(f.p, n), "field prime p, unsigned limbs"),
        limbConst(`${P}_N`, limbs(s.p, n), "group order n, unsigned limbs"),
        limbConst(`${P}_ND`, s.pd, "group order n, signed digits (dense Montgomery reduction)"),
        limbConst(`${P}_R2`, signedLimbs(mod(R * R, f.p), n), "R^2 mod p (to Montgomery form)"),
        limbConst(`${P}_ONE`, signedLimbs(mod(R, f.p), n), "R mod p (1 in Montgomery form)"),
        limbConst(`${P}_NR2`, signedLimbs(mod(R * R, s.p), n), "R^2 mod n"),
        limbConst(`${P}_NONE`, signedLimbs(mod(R, s.p), n), "R mod n"),
        limbConst(`${P}_CB`, signedLimbs(mod(c.b * R, f.p), n), "b in Montgomery form"),
        limbConst(
            `${P}_G`,
            [...signedLimbs(mod(c.gx * R, f.p), n), ...signedLimbs(mod(c.gy * R, f.p), n), ...signedLimbs(mod(R, f.p), n)],
            "generator (X:Y:1), Montgomery form",
        ),
    ]
}

export function genMul11() {
    const k = genKernelWindow(11, [
        { kind: "25519", doc: "mod 2^255-19" },
        { kind: "sparse", f: { ...FIELDS.p256, name: "p256" }, doc: "Montgomery mod P-256 p" },
        { kind: "dense", f: { ...FIELDS.n256, name: "n256" }, constName: "P256_ND", doc: "Montgomery mod P-256 n" },
    ])
    const src = [
        HEADER,
        limbConst("P25519", limbs(FIELDS.p25519.p, 11), "p = 2^255 - 19, unsigned limbs"),
        ...curveConsts("p256"),
        `/** budget units of one mul11 call (straight-line part + call) */`,
        `export const MUL11_UNITS = ${k.units + CALL_UNITS}`,
        k.src,
        "",
    ].join("\n\n")
    return { path: "src/crypto/ec-mul11-gen.ts", src }
}

/**
 * Kernel with a rotating window of column sums in locals (operand scanning, Montgomery reduction interleaved):
 * row i adds x_i * y to columns i..i+n-1 held in locals t0..t(n-1); column i is then complete, its
 * Montgomery digit m is taken and m * p added to the window, and the window shifts by one column. Each row is
 * one unrolled block of ~n statements on locals inside a loop: ~1/4 of the bytecode of a fully unrolled
 * kernel at about the same opcode count. Mode 25519 stores the low columns and folds the high ones at the end.
 */
function genKernelWindow(n, modes) {
    need(n * IN_LIMB * IN_LIMB < LIMIT, "kernel columns")
    const lines = []
    const rowLines = {}
    for (let j = 0; j < n; j++) lines.push(`b${j} = y[yo + ${j}]`)
    modes.forEach((md, idx) => {
        lines.push(`${idx === 0 ? "if" : "} else if"} (mode === ${idx}) {`)
        const f = md.f
        if (f) {
            const extra = f.pd.reduce((s, d) => s + Math.abs(d), 0) * (B / 2) + 2 ** 30
            need(n * IN_LIMB * IN_LIMB + extra < LIMIT, `${f.name} columns`)
            if (md.kind === "sparse") need(montOut(f, 8, 8) < 1, `${f.name} montgomery value bound`)
        }
        const row = []
        row.push(`const ai = x[xo + i]`)
        row.push(`c = t0 + ai * b0`)
        const mterm = j => {
            if (md.kind === "25519") return ""
            if (md.kind === "sparse") {
                const d = f.pd[j]
                return d === 0 ? "" : d === 1 ? " + m" : d === -1 ? " - m" : ` + m * ${d}`
            }
            return ` + m * ${md.constName}[${j}]`
        }
        if (md.kind === "25519") {
            row.push(`CC[i] = c`)
            row.push(`q = 0`)
        } else if (md.kind === "sparse") {
            row.push(roundQ("c"))
            row.push(`m = c - q * ${B}`) // p0 = -1: the quotient digit is the low digit; c - m = q * 2^24
        } else {
            row.push(roundQ("c"))
            row.push(`m = (c - q * ${B}) * ${f.nprime}`)
            row.push(`m -= ((m * ${INV} + ${MAGIC}) - ${MAGIC}) * ${B}`)
            row.push(`q = (c + m * ${md.constName}[0]) * ${INV}`) // exact: divisible by 2^24
        }
        for (let j = 0; j < n - 1; j++) row.push(`t${j} = t${j + 1} + ai * b${j + 1}${j === 0 ? " + q" : ""}${mterm(j + 1)}`)
        row.push(`t${n - 1} = 0`)
        rowLines[idx] = row
        for (let j = 0; j < n; j++) lines.push(`    t${j} = 0`)
        lines.push(`    for (let i = 0; i < ${n}; i++) {`)
        for (const l of row) lines.push("        " + l)
        lines.push(`    }`)
        if (md.kind === "25519") {
            need(n === 11, "25519 with 11 limbs")
            // window = columns 11..21: carry it to balanced digits, fold 2^264 = 9728 into the low columns
            for (let j = 0; j < n - 1; j++) {
                lines.push(`    ${roundQ(`t${j}`)}`)
                lines.push(`    t${j} -= q * ${B}`)
                lines.push(`    t${j + 1} += q`)
            }
            for (let j = 0; j < n; j++) lines.push(`    b${j} = CC[${j}] + 9728 * t${j}`)
            for (let j = 0; j < n - 1; j++) {
                lines.push(`    ${roundQ(`b${j}`)}`)
                lines.push(`    b${j} -= q * ${B}`)
                lines.push(`    b${j + 1} += q`)
            }
            // split limb 10 at bit 255 (bit 15 of limb 10); 2^255 = 19
            lines.push(`    ${roundQ(`b${n - 1}`, INV15)}`)
            lines.push(`    b${n - 1} -= q * 32768`)
            lines.push(`    b0 += 19 * q`)
            // 19 q can reach 2^41: two more carries bring limbs 0 and 1 back within 2^23 (limb 2 within 2^23 + 1)
            for (let j = 0; j < 2; j++) {
                lines.push(`    ${roundQ(`b${j}`)}`)
                lines.push(`    b${j} -= q * ${B}`)
                lines.push(`    b${j + 1} += q`)
            }
            for (let j = 0; j < n; j++) lines.push(`    r[ro + ${j}] = b${j}`)
        } else {
            for (let j = 0; j < n - 1; j++) {
                lines.push(`    ${roundQ(`t${j}`)}`)
                lines.push(`    r[ro + ${j}] = t${j} - q * ${B}`)
                lines.push(`    t${j + 1} += q`)
            }
            lines.push(`    r[ro + ${n - 1}] = t${n - 1}`)
        }
    })
    lines.push(`}`)
    const names = ["q", "m", "c"]
    for (let j = 0; j < n; j++) names.push("b" + j, "t" + j)
    // opcode estimate of the longest mode: rows run n times
    let worst = 0
    for (const k of Object.keys(rowLines)) worst = Math.max(worst, opsOf(rowLines[k]) + 4)
    const units = Math.ceil(((opsOf(lines) + (n - 1) * worst) * 1.25) / 20)
    return {
        units,
        src: [
            `const CC: number[] = []`,
            `for (let i = 0; i < ${n}; i++) CC.push(0)`,
            `/**`,
            ` * r[ro..ro+${n}) = x[xo..] * y[yo..] reduced by \`mode\`: ${modes.map((m, i) => `${i} = ${m.doc}`).join(", ")}.`,
            ` * Inputs: limbs within 2^24 in magnitude (a sum or difference of two outputs). r may alias x or y.`,
            ` */`,
            `export function mul${n}(r: number[], ro: number, x: number[], xo: number, y: number[], yo: number, mode: number) {`,
            `    let ${names.map(x => x + " = 0").join(", ")}`,
            ...lines.map(l => "    " + l),
            `}`,
        ].join("\n"),
    }
}

export function genMul17() {
    const k = genKernelWindow(17, [
        { kind: "sparse", f: { ...FIELDS.p384, name: "p384" }, doc: "Montgomery mod P-384 p" },
        { kind: "dense", f: { ...FIELDS.n384, name: "n384" }, constName: "P384_ND", doc: "Montgomery mod P-384 n" },
    ])
    const src = [
        HEADER,
        ...curveConsts("p384"),
        `/** budget units of one mul17 call (straight-line part + call) */`,
        `export const MUL17_UNITS = ${k.units + CALL_UNITS}`,
        k.src,
        "",
    ].join("\n\n")
    return { path: "src/crypto/ec-mul17-gen.ts", src }
}

/** units of a formula: kernel calls + loop iterations (n limbs per add/sub/normalize) + dispatch */
function formulaUnits(ops, n, mulUnits) {
    return ops.reduce((u, o) => u + 3 + (o[0] === OP.mul ? mulUnits : 2 * n), 0)
}

export function genPoints() {
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

    // X25519 ladder step: array 0 = state (slots below), array 3 = the constant a24
    const n = 11
    const names = ["X1", "X2", "Z2", "X3", "Z3", "A", "AA", "B", "BB", "E", "C", "D", "DA", "CB", "T"]
    const env = { A24: { code: (3 << 5) | 0, b: 121665, v: 1 } }
    names.forEach((nm, i) => (env[nm] = { code: i, b: B / 2 + 1, v: 1 }))
    const ladder = []
    emitProgram(ladder, { kind: "25519" }, LADDER, env)
    for (const nm of ["X2", "Z2", "X3", "Z3"]) need(env[nm].b <= B / 2 + 1, "ladder output " + nm)
    const mul11Units = +/MUL11_UNITS = (\d+)/.exec(genMul11().src)[1]
    const mul17Units = +/MUL17_UNITS = (\d+)/.exec(genMul17().src)[1]
    const src = [
        HEADER,
        `/** complete projective addition, a = -3 (Renes-Costello-Batina 2015 alg. 4), as a runProg program: u + v */`,
        `export const ADD_PROG = hex\`${progHex(add)}\``,
        `/** complete projective doubling, a = -3 (RCB 2015 alg. 6): 2u */`,
        `export const DBL_PROG = hex\`${progHex(dbl)}\``,
        `/** budget units of ADD_PROG / DBL_PROG with P-256 (11 limbs) and P-384 (17 limbs) */`,
        `export const WADD_UNITS_11 = ${formulaUnits(add, 11, mul11Units)}`,
        `export const WDBL_UNITS_11 = ${formulaUnits(dbl, 11, mul11Units)}`,
        `export const WADD_UNITS_17 = ${formulaUnits(add, 17, mul17Units)}`,
        `export const WDBL_UNITS_17 = ${formulaUnits(dbl, 17, mul17Units)}`,
        `/** X25519 state layout: X1, X2, Z2, X3, Z3 (${n} limbs each), then ${names.length - 5} temporaries */`,
        `export const X25519_STATE = ${names.length * n}`,
        `/** RFC 7748 ladder double-and-add (after the conditional swap) over the state array */`,
        `export const LADDER_PROG = hex\`${progHex(ladder)}\``,
        `/** budget units of one ladder step (plus the swap) */`,
        `export const X25519_STEP_UNITS = ${formulaUnits(ladder, 11, mul11Units) + 2 * 22}`,
        limbConst("A24", [121665, ...Array(n - 1).fill(0)], "(A - 2) / 4 = 121665, RFC 7748"),
        "",
    ].join("\n\n")
    return { path: "src/crypto/ec-point-gen.ts", src }
}

export function generateAll() {
    return [genMul11(), genMul17(), genPoints()]
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
    for (const { path, src } of generateAll()) writeFileSync(join(ROOT, path), src)
}
