// SHA-512 and SHA-384 (FIPS 180-4) on 32-bit halves. 64-bit sums add the low halves as exact doubles (up to
// 7 terms < 2^35) and carry (sum / 2^32) | 0 into the high half.
import { charge, relax } from "../platform/budget"
import { BlockHash } from "./hash"
import { IV384, IV512, K512H, K512L } from "./sha-consts"
import { leWords } from "./bytes"

const WH: number[] = []
const WL: number[] = []
for (let i = 0; i < 80; i++) {
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
    const kh = K512H
    const kl = K512L
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
        // 80 rounds, then 8 steps of the final addition h += (a..h): one 64-bit add of hh/hl per step while the
        // working variables keep shifting down with T1 = 0 (e takes d), so g, f, ..., a come to hh/hl in turn
        for (let t = 0; t < 88; t++) {
            let t1l: number, t1h: number, t2l: number, t2h: number
            if (t < 80) {
                // T1 = h + S1(e) + Ch(e,f,g) + K[t] + W[t]; S1 = rotr14 ^ rotr18 ^ rotr41
                t1l =
                    (hl >>> 0) +
                    ((((el >>> 14) | (eh << 18)) ^ ((el >>> 18) | (eh << 14)) ^ ((eh >>> 9) | (el << 23))) >>> 0) +
                    ((gl ^ (el & (fl ^ gl))) >>> 0) +
                    kl.getAt(t << 2, "u32") +
                    wl[t]
                t1h =
                    hh +
                    (((eh >>> 14) | (el << 18)) ^ ((eh >>> 18) | (el << 14)) ^ ((el >>> 9) | (eh << 23))) +
                    (gh ^ (eh & (fh ^ gh))) +
                    kh.getAt(t << 2, "i32") +
                    wh[t]
                // T2 = S0(a) + Maj(a,b,c); S0 = rotr28 ^ rotr34 ^ rotr39
                t2l =
                    ((((al >>> 28) | (ah << 4)) ^ ((ah >>> 2) | (al << 30)) ^ ((ah >>> 7) | (al << 25))) >>> 0) +
                    (((al & bl) | (cl & (al | bl))) >>> 0)
                t2h =
                    (((ah >>> 28) | (al << 4)) ^ ((al >>> 2) | (ah << 30)) ^ ((al >>> 7) | (ah << 25))) +
                    ((ah & bh) | (ch & (ah | bh)))
            } else {
                const i = 174 - 2 * t // h[14] (the value of h) first, h[0] (a) last
                const s = (h[i + 1] >>> 0) + (hl >>> 0)
                h[i] = (h[i] + hh + ((s / 4294967296) | 0)) | 0
                h[i + 1] = s | 0
                t1l = t1h = t2l = t2h = 0
            }
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
        off += 128
    }
}

/** SHA-512 (outLen 64) or SHA-384 (outLen 48, its own IV, truncated output) */
export function sha512(is384?: boolean): BlockHash {
    return new BlockHash(is384 ? "sha384" : "sha512", 128, is384 ? 48 : 64, leWords(is384 ? IV384 : IV512, 0, 16), sha512Blocks)
}
