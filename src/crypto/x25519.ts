// X25519 (RFC 7748): Montgomery ladder over the generated ladder step (ec-point-gen.ts) and the 11-limb
// multiplication kernel (ec-mul11-gen.ts, mode 0 = mod 2^255 - 19). The scalar bits drive an arithmetic
// conditional swap (no branch on secret data); the sequence of operations does not depend on the scalar.
import { randomBuffer } from "@devicescript/crypto"
import { charge, relax } from "../platform/budget"
import { MUL11_UNITS, P25519, mul11 } from "./ec-mul11-gen"
import { A24, LADDER_PROG, X25519_STATE, X25519_STEP_UNITS } from "./ec-point-gen"
import { runProg } from "./ec-prog"
import { balance, canonical, fresh, limbsFromBytes, limbsToBytes, newLimbs } from "./ec-limbs"
import { PowField, powPublic } from "./ec-inv"

const N = 11

/** p - 2, the inversion exponent */
const P_MINUS_2: number[] = P25519.slice(0)
P_MINUS_2[0] -= 2
const ONE: number[] = newLimbs(N)
ONE[0] = 1
const FIELD: PowField = { n: N, one: ONE, mulk: mul11, mode: 0, units: MUL11_UNITS }

function reversed(b: Buffer) {
    const r = Buffer.alloc(b.length)
    for (let i = 0; i < b.length; i++) r[i] = b[b.length - 1 - i]
    return r
}

/**
 * X25519(k, u): 32-byte scalar and u-coordinate (little-endian, RFC 7748 decoding: scalar clamped, top bit
 * of u ignored, non-canonical u reduced). Returns the 32-byte shared u-coordinate, or null when it is all
 * zeros (u of small order), which callers must treat as a failed key exchange.
 */
export async function x25519(k: Buffer, u: Buffer): Promise<Buffer> {
    if (k.length !== 32 || u.length !== 32) throw new RangeError("x25519: 32-byte inputs")
    await relax()
    const kb = reversed(k) // big-endian scalar
    kb[31] &= 248
    kb[0] &= 127
    kb[0] |= 64
    const ub = reversed(u)
    ub[0] &= 127
    const s = newLimbs(X25519_STATE)
    const x1 = newLimbs(N)
    limbsFromBytes(x1, ub, 0, 32, N)
    balance(x1, N)
    for (let i = 0; i < N; i++) {
        s[i] = x1[i] // X1
        s[3 * N + i] = x1[i] // X3
    }
    s[N] = 1 // X2 = 1, Z2 = 0
    s[4 * N] = 1 // Z3 = 1
    let swap = 0
    for (let t = 254; t >= 0; t--) {
        const byte = kb[31 - (t >> 3)]
        const bit = (byte >> (t & 7)) & 1
        if (charge(X25519_STEP_UNITS)) await fresh(X25519_STEP_UNITS)
        // constant-time conditional swap of (X2, Z2) with (X3, Z3), then the double-and-add program
        const b = swap ^ bit
        for (let i = N; i < 3 * N; i++) {
            const d = b * (s[i + 2 * N] - s[i])
            s[i] += d
            s[i + 2 * N] -= d
        }
        runProg(LADDER_PROG, s, s, s, A24, N, mul11, 0)
        swap = bit
    }
    // final conditional swap
    for (let i = N; i < 3 * N; i++) {
        const d = swap * (s[2 * N + i] - s[i])
        s[i] += d
        s[2 * N + i] -= d
    }
    if (charge(4 * MUL11_UNITS)) await fresh(4 * MUL11_UNITS)
    const z = s.slice(2 * N, 3 * N)
    const zi = newLimbs(N)
    await powPublic(zi, z, P_MINUS_2, 64, FIELD)
    const x2 = newLimbs(N)
    mul11(x2, 0, s, N, zi, 0, 0)
    const c = newLimbs(N)
    canonical(c, x2, P25519, N)
    const out = Buffer.alloc(32)
    limbsToBytes(out, 0, c, 32)
    let acc = 0
    for (let i = 0; i < 32; i++) acc |= out[i]
    if (acc === 0) return null
    return reversed(out)
}

/** u = 9, the base point */
const BASE = Buffer.alloc(32)
BASE[0] = 9

/** X25519(k, 9): the public key of scalar k */
export async function x25519Base(k: Buffer): Promise<Buffer> {
    return await x25519(k, BASE)
}

/** A fresh key pair from the runtime CSPRNG. */
export async function x25519Keygen(): Promise<{ priv: Buffer; pub: Buffer }> {
    const priv = randomBuffer(32)
    const pub = await x25519Base(priv)
    return { priv: priv, pub: pub }
}
