// X25519 (RFC 7748): Montgomery ladder over the generated ladder step (LADDER_PROG of ec-gen.ts), with field
// elements in Montgomery form (field.ts, like P-256/P-384). The scalar bits drive an arithmetic
// conditional swap (no branch on secret data); the sequence of operations does not depend on the scalar.
import { randomBuffer } from "@devicescript/crypto"
import { relax } from "../platform/budget"
import { F25519, LADDER_PROG } from "./ec-gen"
import { WCurve, toAffine } from "./ec-weier"
import { Field, field, fmul, newLimbs, runProg } from "./field"

// the field's tables (~1.3 KB of heap) are built at the first use, not at start-up
let F: Field = null
const N = 11
/** what toAffine reads of a curve (n, F, bytes); F set with the field */
const C = { n: N, F: null, bytes: 32 } as WCurve

/**
 * X25519(k, u): 32-byte scalar and u-coordinate (little-endian, RFC 7748 decoding: scalar clamped, top bit
 * of u ignored, non-canonical u reduced). Returns the 32-byte shared u-coordinate, or null when it is all
 * zeros (u of small order), which callers must treat as a failed key exchange.
 */
export async function x25519(k: Buffer, u: Buffer): Promise<Buffer> {
    if (k.length !== 32) throw new RangeError("x25519: 32-byte inputs")
    if (u.length !== 32) throw new RangeError("x25519: 32-byte inputs")
    await relax()
    if (!F) C.F = F = field(F25519)
    // state: X1, X2, Z2, X3, Z3, then 10 temporaries (Montgomery form); X1 = u (little-endian, top bit ignored)
    const s = newLimbs(15 * N)
    for (let i = 0; i < 32; i++) {
        const li = Math.idiv(8 * i, 24)
        s[li] = s[li] + ((i === 31 ? u[i] & 127 : u[i]) << (8 * i - 24 * li))
    }
    fmul(s, 0, s, 0, F.r2, 0, F)
    for (let i = 0; i < N; i++) {
        s[N + i] = F.one[i] // X2 = 1, Z2 = 0
        s[3 * N + i] = s[i] // X3 = X1
        s[4 * N + i] = F.one[i] // Z3 = 1
    }
    let swap = 0
    for (let t = 254; t >= -1; t--) {
        // the clamped scalar bit t: bits 0-2 cleared, bit 254 set; t = -1: the final swap alone
        const bit = t < 3 ? 0 : t === 254 ? 1 : (k[t >> 3] >> (t & 7)) & 1
        // constant-time conditional swap of (X2, Z2) with (X3, Z3), then the double-and-add program
        const b = swap ^ bit
        for (let i = N; i < 3 * N; i++) {
            const d = b * (s[i + 2 * N] - s[i])
            s[i] = s[i] + d
            s[i + 2 * N] = s[i + 2 * N] - d
        }
        if (t < 0) break
        await runProg(LADDER_PROG, s, s, s, F.x, F)
        swap = bit
    }
    // u = x2 / z2: toAffine's x of (X2 : - : Z2) (X2 moved to slot 0), big-endian; z2 = 0 leaves zeros
    for (let i = 0; i < N; i++) s[i] = s[N + i]
    const be = Buffer.alloc(32)
    await toAffine(C, s, be, 0, false)
    const out = Buffer.alloc(32)
    let acc = 0
    for (let i = 0; i < 32; i++) {
        out[i] = be[31 - i] // little-endian
        acc |= be[i]
    }
    return acc === 0 ? null : out
}

/** the base point's u-coordinate, 9 (little-endian) */
const NINE = hex`0900000000000000000000000000000000000000000000000000000000000000`

/** X25519(k, 9): the public key of scalar k */
export async function x25519Base(k: Buffer): Promise<Buffer> {
    return await x25519(k, NINE)
}

/** A fresh key pair from the runtime CSPRNG. */
export async function x25519Keygen(): Promise<{ priv: Buffer; pub: Buffer }> {
    const priv = randomBuffer(32)
    return { priv: priv, pub: await x25519(priv, NINE) }
}
