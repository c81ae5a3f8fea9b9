// SHA-256 (FIPS 180-4). Streaming: while the input is small it is kept and hashed by the runtime's native
// SHA-256 at `digest()` (fast, but needs the bytes kept); past NATIVE_LIMIT bytes the kept input is folded into
// a TypeScript compression function and hashing continues in TypeScript.
import * as ds from "@devicescript/core"
import { digest as nativeDigest } from "./native"
import { charge, relax } from "../platform/budget"
import { BlockHash, CALL_UNITS, Hash, HashAlg } from "./hash"
import { IV256, K256 } from "./sha-consts"
import { leWords } from "./bytes"

/** bytes of input kept for the native digest before switching to the TypeScript compression */
export const NATIVE_LIMIT = 4096

const W: number[] = []
for (let i = 0; i < 64; i++) W.push(0)

/** budget units per 64-byte block (~17,100 bytes of bytecode run per block; 1 unit ~ 20 opcodes) */
const UNITS = 900

/** TypeScript SHA-256 compression of n blocks of src at off into the 8-word state h. */
export async function sha256Blocks(h: number[], src: Buffer, off: number, n: number) {
    const w = W
    const k = K256
    for (let blk = 0; blk < n; blk++) {
        if (charge(UNITS)) await relax() // before the block: a block never starts on a spent slice
        for (let t = 0; t < 16; t++) {
            const p = off + (t << 2)
            w[t] = (src[p] << 24) | (src[p + 1] << 16) | (src[p + 2] << 8) | src[p + 3]
        }
        for (let t = 16; t < 64; t++) {
            const x = w[t - 15]
            const y = w[t - 2]
            w[t] =
                ((((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10)) +
                    w[t - 7] +
                    (((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3)) +
                    w[t - 16]) |
                0
        }
        let a = h[0],
            b = h[1],
            c = h[2],
            d = h[3],
            e = h[4],
            f = h[5],
            g = h[6],
            hh = h[7]
        for (let t = 0; t < 64; t++) {
            const t1 =
                (hh +
                    (((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7))) +
                    (g ^ (e & (f ^ g))) +
                    k.getAt(t << 2, "i32") +
                    w[t]) |
                0
            const t2 =
                ((((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10))) +
                    ((a & b) | (c & (a | b)))) |
                0
            hh = g
            g = f
            f = e
            e = (d + t1) | 0
            d = c
            c = b
            b = a
            a = (t1 + t2) | 0
        }
        for (let i = 7; i >= 0; i--) {
            h[i] = (h[i] + hh) | 0
            hh = g
            g = f
            f = e
            e = d
            d = c
            c = b
            b = a
        }
        off += 64
    }
}

/** Pure TypeScript SHA-256 (streaming). */
export function sha256Ts(): BlockHash {
    return new BlockHash("sha256", 64, 32, leWords(IV256, 0, 8), sha256Blocks)
}

/**
 * SHA-256 that keeps its input (up to `limit` bytes) and hashes it natively at digest(); past the limit it
 * continues as sha256Ts().
 */
export class Sha256 implements Hash {
    alg: HashAlg
    blockLen: number
    outLen: number
    limit: number
    parts: Buffer[]
    kept: number
    ts: Hash

    constructor(limit?: number) {
        this.alg = "sha256"
        this.blockLen = 64
        this.outLen = 32
        this.limit = limit === undefined ? NATIVE_LIMIT : limit
        this.parts = []
        this.kept = 0
        this.ts = null
    }

    async update(data: Buffer) {
        if (charge(CALL_UNITS)) await relax()
        if (this.ts) {
            await this.ts.update(data)
            return
        }
        if (this.kept + data.length <= this.limit) {
            if (data.length > 0) this.parts.push(data.slice(0))
            this.kept += data.length
            return
        }
        const ts = sha256Ts()
        for (let i = 0; i < this.parts.length; i++) await ts.update(this.parts[i])
        await ts.update(data)
        this.parts = []
        this.kept = 0
        this.ts = ts
    }

    async digest(): Promise<Buffer> {
        if (charge(CALL_UNITS)) await relax()
        if (this.ts) return await this.ts.digest()
        return nativeDigest("sha256", ...this.parts)
    }

    clone(): Hash {
        const c = new Sha256(this.limit)
        if (this.ts) c.ts = this.ts.clone()
        c.parts = this.parts.slice(0)
        c.kept = this.kept
        return c
    }
}
