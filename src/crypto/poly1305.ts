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

    /** The 16-byte tag: (h mod 2^130 - 5) + s mod 2^128. (Runs once per message: written small, not fast.) */
    digest(): Buffer {
        const st = this.st
        const h = st.slice(0, 6)
        // carry twice around the ring: limbs below 2^22, limb 5 below 2^20 (2^130 = 5)
        for (let k = 0; k < 12; k++) {
            const i = k < 6 ? k : k - 6
            const m = i === 5 ? 1048576 : B22
            const c = Math.floor(h[i] / m)
            h[i] -= c * m
            if (i === 5) h[0] += 5 * c
            else h[i + 1] += c
        }
        // g = h + 5 - 2^130; take g when it is not negative (h >= p), in constant time
        const g: number[] = []
        let c = 5
        for (let i = 0; i < 6; i++) {
            const v = h[i] + c - (i === 5 ? 1048576 : 0)
            c = v >> 22
            g.push(i === 5 ? v : v & M22)
        }
        const keepG = ~(g[5] >> 31)
        for (let i = 0; i < 6; i++) h[i] = (h[i] & ~keepG) | (g[i] & keepG)
        // 130-bit limbs to 4 words mod 2^128, plus s
        const w = [
            h[0] | (h[1] << 22),
            (h[1] >>> 10) | (h[2] << 12),
            (h[2] >>> 20) | (h[3] << 2) | (h[4] << 24),
            (h[4] >>> 8) | (h[5] << 14),
        ]
        const out = Buffer.alloc(16)
        let t = 0
        for (let i = 0; i < 4; i++) {
            t = (w[i] >>> 0) + st[12 + i] + Math.floor(t / 4294967296)
            out.setAt(4 * i, "u32", t >>> 0)
        }
        return out
    }
}
