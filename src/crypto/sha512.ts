// SHA-512 and SHA-384 (FIPS 180-4) on 32-bit halves. 64-bit sums add the low halves as exact doubles (up to
// 7 terms < 2^35) and carry (sum / 2^32) | 0 into the high half.
import { charge, relax } from "../platform/budget"
import { BlockHash, wordsOut } from "./hash"

// prettier-ignore
const K: number[] = [
    0x428a2f98, 0xd728ae22, 0x71374491, 0x23ef65cd, 0xb5c0fbcf, 0xec4d3b2f, 0xe9b5dba5, 0x8189dbbc, 0x3956c25b,
    0xf348b538, 0x59f111f1, 0xb605d019, 0x923f82a4, 0xaf194f9b, 0xab1c5ed5, 0xda6d8118, 0xd807aa98, 0xa3030242,
    0x12835b01, 0x45706fbe, 0x243185be, 0x4ee4b28c, 0x550c7dc3, 0xd5ffb4e2, 0x72be5d74, 0xf27b896f, 0x80deb1fe,
    0x3b1696b1, 0x9bdc06a7, 0x25c71235, 0xc19bf174, 0xcf692694, 0xe49b69c1, 0x9ef14ad2, 0xefbe4786, 0x384f25e3,
    0x0fc19dc6, 0x8b8cd5b5, 0x240ca1cc, 0x77ac9c65, 0x2de92c6f, 0x592b0275, 0x4a7484aa, 0x6ea6e483, 0x5cb0a9dc,
    0xbd41fbd4, 0x76f988da, 0x831153b5, 0x983e5152, 0xee66dfab, 0xa831c66d, 0x2db43210, 0xb00327c8, 0x98fb213f,
    0xbf597fc7, 0xbeef0ee4, 0xc6e00bf3, 0x3da88fc2, 0xd5a79147, 0x930aa725, 0x06ca6351, 0xe003826f, 0x14292967,
    0x0a0e6e70, 0x27b70a85, 0x46d22ffc, 0x2e1b2138, 0x5c26c926, 0x4d2c6dfc, 0x5ac42aed, 0x53380d13, 0x9d95b3df,
    0x650a7354, 0x8baf63de, 0x766a0abb, 0x3c77b2a8, 0x81c2c92e, 0x47edaee6, 0x92722c85, 0x1482353b, 0xa2bfe8a1,
    0x4cf10364, 0xa81a664b, 0xbc423001, 0xc24b8b70, 0xd0f89791, 0xc76c51a3, 0x0654be30, 0xd192e819, 0xd6ef5218,
    0xd6990624, 0x5565a910, 0xf40e3585, 0x5771202a, 0x106aa070, 0x32bbd1b8, 0x19a4c116, 0xb8d2d0c8, 0x1e376c08,
    0x5141ab53, 0x2748774c, 0xdf8eeb99, 0x34b0bcb5, 0xe19b48a8, 0x391c0cb3, 0xc5c95a63, 0x4ed8aa4a, 0xe3418acb,
    0x5b9cca4f, 0x7763e373, 0x682e6ff3, 0xd6b2b8a3, 0x748f82ee, 0x5defb2fc, 0x78a5636f, 0x43172f60, 0x84c87814,
    0xa1f0ab72, 0x8cc70208, 0x1a6439ec, 0x90befffa, 0x23631e28, 0xa4506ceb, 0xde82bde9, 0xbef9a3f7, 0xb2c67915,
    0xc67178f2, 0xe372532b, 0xca273ece, 0xea26619c, 0xd186b8c7, 0x21c0c207, 0xeada7dd6, 0xcde0eb1e, 0xf57d4f7f,
    0xee6ed178, 0x06f067aa, 0x72176fba, 0x0a637dc5, 0xa2c898a6, 0x113f9804, 0xbef90dae, 0x1b710b35, 0x131c471b,
    0x28db77f5, 0x23047d84, 0x32caab7b, 0x40c72493, 0x3c9ebe0a, 0x15c9bebc, 0x431d67c4, 0x9c100d4c, 0x4cc5d4be,
    0xcb3e42b6, 0x597f299c, 0xfc657e2a, 0x5fcb6fab, 0x3ad6faec, 0x6c44198c, 0x4a475817,
]
const KH: number[] = []
const KL: number[] = []
const WH: number[] = []
const WL: number[] = []
for (let i = 0; i < 80; i++) {
    KH.push(K[2 * i] | 0)
    KL.push(K[2 * i + 1] >>> 0)
    WH.push(0)
    WL.push(0)
}

/** budget units per 128-byte block (~45,000 bytes of bytecode run per block; 1 unit ~ 20 opcodes) */
const UNITS = 2300

/**
 * Compress n 128-byte blocks of src at off into the state: h = [h0hi, h0lo, h1hi, h1lo, ...] (signed int32).
 */
export async function sha512Blocks(h: number[], src: Buffer, off: number, n: number) {
    const wh = WH
    const wl = WL
    const kh = KH
    const kl = KL
    for (let blk = 0; blk < n; blk++) {
        if (charge(UNITS)) await relax() // before the block: a block never starts on a spent slice
        for (let t = 0; t < 16; t++) {
            const p = off + (t << 3)
            wh[t] = (src[p] << 24) | (src[p + 1] << 16) | (src[p + 2] << 8) | src[p + 3]
            wl[t] = ((src[p + 4] << 24) | (src[p + 5] << 16) | (src[p + 6] << 8) | src[p + 7]) >>> 0
        }
        for (let t = 16; t < 80; t++) {
            // s0 = rotr1 ^ rotr8 ^ shr7 of w[t-15]; s1 = rotr19 ^ rotr61 ^ shr6 of w[t-2]
            const xh = wh[t - 15],
                xl = wl[t - 15],
                yh = wh[t - 2],
                yl = wl[t - 2]
            const s0h = ((xh >>> 1) | (xl << 31)) ^ ((xh >>> 8) | (xl << 24)) ^ (xh >>> 7)
            const s0l = ((xl >>> 1) | (xh << 31)) ^ ((xl >>> 8) | (xh << 24)) ^ ((xl >>> 7) | (xh << 25))
            const s1h = ((yh >>> 19) | (yl << 13)) ^ ((yl >>> 29) | (yh << 3)) ^ (yh >>> 6)
            const s1l = ((yl >>> 19) | (yh << 13)) ^ ((yh >>> 29) | (yl << 3)) ^ ((yl >>> 6) | (yh << 26))
            const lo = (s0l >>> 0) + (s1l >>> 0) + wl[t - 7] + wl[t - 16]
            wl[t] = lo >>> 0
            wh[t] = (s0h + s1h + wh[t - 7] + wh[t - 16] + ((lo / 4294967296) | 0)) | 0
        }
        let ah = h[0],
            al = h[1],
            bh = h[2],
            bl = h[3],
            ch = h[4],
            cl = h[5],
            dh = h[6],
            dl = h[7],
            eh = h[8],
            el = h[9],
            fh = h[10],
            fl = h[11],
            gh = h[12],
            gl = h[13],
            hh = h[14],
            hl = h[15]
        for (let t = 0; t < 80; t++) {
            // T1 = h + S1(e) + Ch(e,f,g) + K[t] + W[t]; S1 = rotr14 ^ rotr18 ^ rotr41
            const t1l =
                (hl >>> 0) +
                ((((el >>> 14) | (eh << 18)) ^ ((el >>> 18) | (eh << 14)) ^ ((eh >>> 9) | (el << 23))) >>> 0) +
                ((gl ^ (el & (fl ^ gl))) >>> 0) +
                kl[t] +
                wl[t]
            const t1h =
                hh +
                (((eh >>> 14) | (el << 18)) ^ ((eh >>> 18) | (el << 14)) ^ ((el >>> 9) | (eh << 23))) +
                (gh ^ (eh & (fh ^ gh))) +
                kh[t] +
                wh[t]
            // T2 = S0(a) + Maj(a,b,c); S0 = rotr28 ^ rotr34 ^ rotr39
            const t2l =
                ((((al >>> 28) | (ah << 4)) ^ ((ah >>> 2) | (al << 30)) ^ ((ah >>> 7) | (al << 25))) >>> 0) +
                (((al & bl) | (cl & (al | bl))) >>> 0)
            const t2h =
                (((ah >>> 28) | (al << 4)) ^ ((al >>> 2) | (ah << 30)) ^ ((al >>> 7) | (ah << 25))) +
                ((ah & bh) | (ch & (ah | bh)))
            hh = gh
            hl = gl
            gh = fh
            gl = fl
            fh = eh
            fl = el
            const elo = (dl >>> 0) + t1l
            eh = (dh + t1h + ((elo / 4294967296) | 0)) | 0
            el = elo | 0
            dh = ch
            dl = cl
            ch = bh
            cl = bl
            bh = ah
            bl = al
            const alo = t1l + t2l
            ah = (t1h + t2h + ((alo / 4294967296) | 0)) | 0
            al = alo | 0
        }
        let s = (h[1] >>> 0) + (al >>> 0)
        h[0] = (h[0] + ah + ((s / 4294967296) | 0)) | 0
        h[1] = s | 0
        s = (h[3] >>> 0) + (bl >>> 0)
        h[2] = (h[2] + bh + ((s / 4294967296) | 0)) | 0
        h[3] = s | 0
        s = (h[5] >>> 0) + (cl >>> 0)
        h[4] = (h[4] + ch + ((s / 4294967296) | 0)) | 0
        h[5] = s | 0
        s = (h[7] >>> 0) + (dl >>> 0)
        h[6] = (h[6] + dh + ((s / 4294967296) | 0)) | 0
        h[7] = s | 0
        s = (h[9] >>> 0) + (el >>> 0)
        h[8] = (h[8] + eh + ((s / 4294967296) | 0)) | 0
        h[9] = s | 0
        s = (h[11] >>> 0) + (fl >>> 0)
        h[10] = (h[10] + fh + ((s / 4294967296) | 0)) | 0
        h[11] = s | 0
        s = (h[13] >>> 0) + (gl >>> 0)
        h[12] = (h[12] + gh + ((s / 4294967296) | 0)) | 0
        h[13] = s | 0
        s = (h[15] >>> 0) + (hl >>> 0)
        h[14] = (h[14] + hh + ((s / 4294967296) | 0)) | 0
        h[15] = s | 0
        off += 128
    }
}

/** SHA-512 (outLen 64) or SHA-384 (outLen 48, its own IV, truncated output) */
export class Sha512 extends BlockHash {
    h: number[]
    constructor(is384?: boolean) {
        super(is384 ? "sha384" : "sha512", 128, is384 ? 48 : 64)
        this.h = is384
            ? [
                  0xcbbb9d5d, 0xc1059ed8, 0x629a292a, 0x367cd507, 0x9159015a, 0x3070dd17, 0x152fecd8, 0xf70e5939,
                  0x67332667, 0xffc00b31, 0x8eb44a87, 0x68581511, 0xdb0c2e0d, 0x64f98fa7, 0x47b5481d, 0xbefa4fa4,
              ]
            : [
                  0x6a09e667, 0xf3bcc908, 0xbb67ae85, 0x84caa73b, 0x3c6ef372, 0xfe94f82b, 0xa54ff53a, 0x5f1d36f1,
                  0x510e527f, 0xade682d1, 0x9b05688c, 0x2b3e6c1f, 0x1f83d9ab, 0xfb41bd6b, 0x5be0cd19, 0x137e2179,
              ]
        for (let i = 0; i < 16; i++) this.h[i] = this.h[i] | 0
    }
    async compress(src: Buffer, off: number, n: number) {
        await sha512Blocks(this.h, src, off, n)
    }
    copy(): BlockHash {
        const c = new Sha512(this.outLen === 48)
        c.h = this.h.slice(0)
        return c
    }
    output() {
        return wordsOut(this.h, this.outLen)
    }
}
