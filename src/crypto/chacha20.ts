// ChaCha20 (RFC 8439 section 2.4). The 20 rounds are inlined over 16 locals; additions skip `| 0` (values stay
// exact doubles below 2^40 and every xor/shift truncates to 32 bits), which saves two opcodes per addition.
import { charge, relax } from "../platform/budget"

/** budget units per 64-byte block (~9,000 bytes of bytecode run per block; 1 unit ~ 20 opcodes) */
const UNITS = 450

const ks = Buffer.alloc(64)

/**
 * dst[doff..] = src[soff..] xor ChaCha20 keystream for len bytes; key = 8 little-endian words, nonce = 3,
 * counter = the first block counter. src and dst may be the same place.
 */
export async function chacha20Xor(
    key: number[],
    nonce: number[],
    counter: number,
    src: Buffer,
    soff: number,
    dst: Buffer,
    doff: number,
    len: number
) {
    const k0 = key[0],
        k1 = key[1],
        k2 = key[2],
        k3 = key[3],
        k4 = key[4],
        k5 = key[5],
        k6 = key[6],
        k7 = key[7],
        n0 = nonce[0],
        n1 = nonce[1],
        n2 = nonce[2]
    for (let done = 0; done < len; done += 64) {
        if (charge(UNITS)) await relax()
        let x0 = 0x61707865,
            x1 = 0x3320646e,
            x2 = 0x79622d32,
            x3 = 0x6b206574,
            x4 = k0,
            x5 = k1,
            x6 = k2,
            x7 = k3,
            x8 = k4,
            x9 = k5,
            x10 = k6,
            x11 = k7,
            x12 = counter,
            x13 = n0,
            x14 = n1,
            x15 = n2
        for (let i = 0; i < 10; i++) {
            // columns
            x0 += x4; x12 ^= x0; x12 = (x12 << 16) | (x12 >>> 16)
            x8 += x12; x4 ^= x8; x4 = (x4 << 12) | (x4 >>> 20)
            x0 += x4; x12 ^= x0; x12 = (x12 << 8) | (x12 >>> 24)
            x8 += x12; x4 ^= x8; x4 = (x4 << 7) | (x4 >>> 25)
            x1 += x5; x13 ^= x1; x13 = (x13 << 16) | (x13 >>> 16)
            x9 += x13; x5 ^= x9; x5 = (x5 << 12) | (x5 >>> 20)
            x1 += x5; x13 ^= x1; x13 = (x13 << 8) | (x13 >>> 24)
            x9 += x13; x5 ^= x9; x5 = (x5 << 7) | (x5 >>> 25)
            x2 += x6; x14 ^= x2; x14 = (x14 << 16) | (x14 >>> 16)
            x10 += x14; x6 ^= x10; x6 = (x6 << 12) | (x6 >>> 20)
            x2 += x6; x14 ^= x2; x14 = (x14 << 8) | (x14 >>> 24)
            x10 += x14; x6 ^= x10; x6 = (x6 << 7) | (x6 >>> 25)
            x3 += x7; x15 ^= x3; x15 = (x15 << 16) | (x15 >>> 16)
            x11 += x15; x7 ^= x11; x7 = (x7 << 12) | (x7 >>> 20)
            x3 += x7; x15 ^= x3; x15 = (x15 << 8) | (x15 >>> 24)
            x11 += x15; x7 ^= x11; x7 = (x7 << 7) | (x7 >>> 25)
            // diagonals
            x0 += x5; x15 ^= x0; x15 = (x15 << 16) | (x15 >>> 16)
            x10 += x15; x5 ^= x10; x5 = (x5 << 12) | (x5 >>> 20)
            x0 += x5; x15 ^= x0; x15 = (x15 << 8) | (x15 >>> 24)
            x10 += x15; x5 ^= x10; x5 = (x5 << 7) | (x5 >>> 25)
            x1 += x6; x12 ^= x1; x12 = (x12 << 16) | (x12 >>> 16)
            x11 += x12; x6 ^= x11; x6 = (x6 << 12) | (x6 >>> 20)
            x1 += x6; x12 ^= x1; x12 = (x12 << 8) | (x12 >>> 24)
            x11 += x12; x6 ^= x11; x6 = (x6 << 7) | (x6 >>> 25)
            x2 += x7; x13 ^= x2; x13 = (x13 << 16) | (x13 >>> 16)
            x8 += x13; x7 ^= x8; x7 = (x7 << 12) | (x7 >>> 20)
            x2 += x7; x13 ^= x2; x13 = (x13 << 8) | (x13 >>> 24)
            x8 += x13; x7 ^= x8; x7 = (x7 << 7) | (x7 >>> 25)
            x3 += x4; x14 ^= x3; x14 = (x14 << 16) | (x14 >>> 16)
            x9 += x14; x4 ^= x9; x4 = (x4 << 12) | (x4 >>> 20)
            x3 += x4; x14 ^= x3; x14 = (x14 << 8) | (x14 >>> 24)
            x9 += x14; x4 ^= x9; x4 = (x4 << 7) | (x4 >>> 25)
        }
        const b = ks
        b.setAt(0, "i32", (x0 + 0x61707865) | 0)
        b.setAt(4, "i32", (x1 + 0x3320646e) | 0)
        b.setAt(8, "i32", (x2 + 0x79622d32) | 0)
        b.setAt(12, "i32", (x3 + 0x6b206574) | 0)
        b.setAt(16, "i32", (x4 + k0) | 0)
        b.setAt(20, "i32", (x5 + k1) | 0)
        b.setAt(24, "i32", (x6 + k2) | 0)
        b.setAt(28, "i32", (x7 + k3) | 0)
        b.setAt(32, "i32", (x8 + k4) | 0)
        b.setAt(36, "i32", (x9 + k5) | 0)
        b.setAt(40, "i32", (x10 + k6) | 0)
        b.setAt(44, "i32", (x11 + k7) | 0)
        b.setAt(48, "i32", (x12 + counter) | 0)
        b.setAt(52, "i32", (x13 + n0) | 0)
        b.setAt(56, "i32", (x14 + n1) | 0)
        b.setAt(60, "i32", (x15 + n2) | 0)
        counter = (counter + 1) >>> 0
        const p = soff + done,
            q = doff + done
        const n = len - done
        if (n >= 64) {
            for (let i = 0; i < 64; i += 4) dst.setAt(q + i, "i32", src.getAt(p + i, "i32") ^ b.getAt(i, "i32"))
        } else {
            for (let i = 0; i < n; i++) dst[q + i] = src[p + i] ^ b[i]
        }
    }
}
