// Poly1305 (RFC 8439 section 2.5) in doubles: 6 limbs of 22 bits (the 2^132 wrap multiplies by 20), so each
// of the 36 limb products is < 2^49 and every column sum of 6 stays below 2^53, exact without 13-bit splitting.
import { charge, relax } from "../platform/budget"

/** budget units per 16-byte block (~500 bytes of bytecode run per block; 1 unit ~ 20 opcodes) */
const UNITS = 25
const M22 = 0x3fffff
const B22 = 4194304

export class Poly1305 {
    /** accumulator limbs h0..h5, then r0..r5, then the 4 words of s */
    st: number[]
    constructor(key: Buffer) {
        const w0 = key.getAt(0, "u32") & 0x0fffffff,
            w1 = key.getAt(4, "u32") & 0x0ffffffc,
            w2 = key.getAt(8, "u32") & 0x0ffffffc,
            w3 = key.getAt(12, "u32") & 0x0ffffffc
        this.st = [
            0,
            0,
            0,
            0,
            0,
            0,
            w0 & M22,
            (w0 >>> 22) | ((w1 & 0xfff) << 10),
            (w1 >>> 12) | ((w2 & 3) << 20),
            (w2 >>> 2) & M22,
            (w2 >>> 24) | ((w3 & 0x3fff) << 8),
            w3 >>> 14,
            key.getAt(16, "u32"),
            key.getAt(20, "u32"),
            key.getAt(24, "u32"),
            key.getAt(28, "u32"),
        ]
    }

    /**
     * Absorbs len bytes of src at off. aeadPad: the last partial block is zero-padded to a full block (the AEAD
     * construction's pad16); otherwise it is the message's final block (0x01 appended, no 2^128 bit).
     */
    async update(src: Buffer, off: number, len: number, aeadPad: boolean) {
        const st = this.st
        let h0 = st[0],
            h1 = st[1],
            h2 = st[2],
            h3 = st[3],
            h4 = st[4],
            h5 = st[5]
        const r0 = st[6],
            r1 = st[7],
            r2 = st[8],
            r3 = st[9],
            r4 = st[10],
            r5 = st[11]
        const s1 = r1 * 20,
            s2 = r2 * 20,
            s3 = r3 * 20,
            s4 = r4 * 20,
            s5 = r5 * 20
        let blk: Buffer = null
        for (let done = 0; done < len; done += 16) {
            if ((done & 127) === 0 && charge(8 * UNITS)) await relax()
            let b = src
            let p = off + done
            let hibit = 0x40000
            if (len - done < 16) {
                if (!blk) blk = Buffer.alloc(16)
                blk.fillAt(0, 16, 0)
                blk.blitAt(0, src, p, len - done)
                if (!aeadPad) {
                    blk[len - done] = 1
                    hibit = 0
                }
                b = blk
                p = 0
            }
            const w0 = b.getAt(p, "u32"),
                w1 = b.getAt(p + 4, "u32"),
                w2 = b.getAt(p + 8, "u32"),
                w3 = b.getAt(p + 12, "u32")
            h0 += w0 & M22
            h1 += (w0 >>> 22) | ((w1 & 0xfff) << 10)
            h2 += (w1 >>> 12) | ((w2 & 3) << 20)
            h3 += (w2 >>> 2) & M22
            h4 += (w2 >>> 24) | ((w3 & 0x3fff) << 8)
            h5 += (w3 >>> 14) | hibit
            // h * r mod 2^130 - 5, columns carried as they are formed
            let d = h0 * r0 + h1 * s5 + h2 * s4 + h3 * s3 + h4 * s2 + h5 * s1
            let c = (d / B22) | 0
            const g0 = d - c * B22
            d = c + h0 * r1 + h1 * r0 + h2 * s5 + h3 * s4 + h4 * s3 + h5 * s2
            c = (d / B22) | 0
            const g1 = d - c * B22
            d = c + h0 * r2 + h1 * r1 + h2 * r0 + h3 * s5 + h4 * s4 + h5 * s3
            c = (d / B22) | 0
            const g2 = d - c * B22
            d = c + h0 * r3 + h1 * r2 + h2 * r1 + h3 * r0 + h4 * s5 + h5 * s4
            c = (d / B22) | 0
            const g3 = d - c * B22
            d = c + h0 * r4 + h1 * r3 + h2 * r2 + h3 * r1 + h4 * r0 + h5 * s5
            c = (d / B22) | 0
            const g4 = d - c * B22
            d = c + h0 * r5 + h1 * r4 + h2 * r3 + h3 * r2 + h4 * r1 + h5 * r0
            // limb 5 holds bits 110..129; what is above 2^130 comes back times 5
            c = (d / 1048576) | 0
            h5 = d - c * 1048576
            d = g0 + c * 5
            c = (d / B22) | 0
            h0 = d - c * B22
            h1 = g1 + c
            h2 = g2
            h3 = g3
            h4 = g4
        }
        st[0] = h0
        st[1] = h1
        st[2] = h2
        st[3] = h3
        st[4] = h4
        st[5] = h5
    }

    /** The 16-byte tag: (h mod 2^130 - 5) + s mod 2^128. */
    digest(): Buffer {
        const st = this.st
        // full carry: limbs below 2^22 (limb 5 below 2^20)
        let h0 = st[0],
            h1 = st[1],
            h2 = st[2],
            h3 = st[3],
            h4 = st[4],
            h5 = st[5]
        for (let k = 0; k < 2; k++) {
            let c = (h0 / B22) | 0
            h0 -= c * B22
            h1 += c
            c = (h1 / B22) | 0
            h1 -= c * B22
            h2 += c
            c = (h2 / B22) | 0
            h2 -= c * B22
            h3 += c
            c = (h3 / B22) | 0
            h3 -= c * B22
            h4 += c
            c = (h4 / B22) | 0
            h4 -= c * B22
            h5 += c
            c = (h5 / 1048576) | 0
            h5 -= c * 1048576
            h0 += c * 5
        }
        // g = h + 5 - 2^130; use g when it is not negative (h >= p), in constant time
        let g0 = h0 + 5
        let c = g0 >>> 22
        g0 &= M22
        let g1 = h1 + c
        c = g1 >>> 22
        g1 &= M22
        let g2 = h2 + c
        c = g2 >>> 22
        g2 &= M22
        let g3 = h3 + c
        c = g3 >>> 22
        g3 &= M22
        let g4 = h4 + c
        c = g4 >>> 22
        g4 &= M22
        const g5 = h5 + c - 1048576
        const keepG = ~(g5 >> 31) // all ones when g5 >= 0
        h0 = (h0 & ~keepG) | (g0 & keepG)
        h1 = (h1 & ~keepG) | (g1 & keepG)
        h2 = (h2 & ~keepG) | (g2 & keepG)
        h3 = (h3 & ~keepG) | (g3 & keepG)
        h4 = (h4 & ~keepG) | (g4 & keepG)
        h5 = (h5 & ~keepG) | (g5 & keepG)
        // to 4 words (mod 2^128) and add s
        const out = Buffer.alloc(16)
        let t = ((h0 | (h1 << 22)) >>> 0) + st[12]
        out.setAt(0, "u32", t >>> 0)
        t = (((h1 >>> 10) | (h2 << 12)) >>> 0) + st[13] + ((t / 4294967296) | 0)
        out.setAt(4, "u32", t >>> 0)
        t = (((h2 >>> 20) | (h3 << 2) | (h4 << 24)) >>> 0) + st[14] + ((t / 4294967296) | 0)
        out.setAt(8, "u32", t >>> 0)
        t = (((h4 >>> 8) | (h5 << 14)) >>> 0) + st[15] + ((t / 4294967296) | 0)
        out.setAt(12, "u32", t >>> 0)
        return out
    }
}
