// SHA-1 (FIPS 180-4), for the legacy TLS 1.2 CBC-SHA suites and certificate fingerprints. Importing this
// module makes createHash("sha1") (and HMAC/HKDF over SHA-1) available.
import { charge, relax } from "../platform/budget"
import { BlockHash } from "./hash"
import { sha1Impl } from "./digest"

const W: number[] = []
for (let i = 0; i < 80; i++) W.push(0)

/** budget units per 64-byte block (~11,900 bytes of bytecode run per block; 1 unit ~ 20 opcodes) */
const UNITS = 620

export async function sha1Blocks(h: number[], src: Buffer, off: number, n: number) {
    const w = W
    for (let blk = 0; blk < n; blk++) {
        if (charge(UNITS)) await relax() // before the block: a block never starts on a spent slice
        for (let t = 0; t < 16; t++) {
            const p = off + (t << 2)
            w[t] = (src[p] << 24) | (src[p + 1] << 16) | (src[p + 2] << 8) | src[p + 3]
        }
        for (let t = 16; t < 80; t++) {
            const x = w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16]
            w[t] = (x << 1) | (x >>> 31)
        }
        let a = h[0],
            b = h[1],
            c = h[2],
            d = h[3],
            e = h[4]
        for (let t = 0; t < 80; t++) {
            let f: number
            if (t < 20) f = (d ^ (b & (c ^ d))) + 0x5a827999
            else if (t < 40) f = (b ^ c ^ d) + 0x6ed9eba1
            else if (t < 60) f = ((b & c) | (d & (b | c))) + 0x8f1bbcdc
            else f = (b ^ c ^ d) + 0xca62c1d6
            const x = (((a << 5) | (a >>> 27)) + f + e + w[t]) | 0
            e = d
            d = c
            c = (b << 30) | (b >>> 2)
            b = a
            a = x
        }
        h[0] = (h[0] + a) | 0
        h[1] = (h[1] + b) | 0
        h[2] = (h[2] + c) | 0
        h[3] = (h[3] + d) | 0
        h[4] = (h[4] + e) | 0
        off += 64
    }
}

/** SHA-1 (streaming) */
export function sha1(): BlockHash {
    return new BlockHash("sha1", 64, 20, [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0], sha1Blocks)
}

sha1Impl.create = sha1
