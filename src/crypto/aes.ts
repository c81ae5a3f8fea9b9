// AES-128/192/256 block cipher core (FIPS-197): table-driven rounds over little-endian column words read with
// Buffer.getAt(…, "i32") from flash T-tables (src/crypto/aes-tables.ts). One call processes a whole run of
// blocks (a function call costs ~60 loop iterations in this VM), charging the step budget every 8 blocks.
import { charge, relax } from "../platform/budget"
import { SBOX, SBOX_INV, TD0, TE0, TE1, TE2, TE3 } from "./aes-tables"

// Budget: bytecode run per block is ~290 bytes per round + ~550 (encryption), ~460 per round + ~600 (CBC
// decryption, rotated tables); 1 unit ~ 20 opcodes ~ 30 bytes, charged per 8 blocks (rounded up).
function units8(nr: number, perRound: number, fixed: number) {
    return Math.idiv((nr * perRound + fixed) * 8, 20)
}

/** Expanded key: encryption round keys, decryption round keys (equivalent inverse cipher) made on demand. */
export interface AesKey {
    nr: number
    rk: number[]
    dk: number[]
}

/** Key expansion for a 16-, 24- or 32-byte key. */
export function aesExpandKey(key: Buffer): AesKey {
    const nk = key.length >> 2
    if (key.length !== 16 && key.length !== 24 && key.length !== 32) throw new RangeError("AES key length")
    const nr = nk + 6
    const w: number[] = []
    const s = SBOX
    for (let i = 0; i < nk; i++) w.push(key.getAt(4 * i, "i32"))
    let rcon = 1
    for (let i = nk, j = -1; i < 4 * (nr + 1); i++) {
        let t = w[i - 1]
        if (++j === nk) j = 0
        if (j === 0) t = (t >>> 8) | (t << 24) // RotWord
        if (j === 0 || (nk > 6 && j === 4)) {
            t = s[t & 255] | (s[(t >>> 8) & 255] << 8) | (s[(t >>> 16) & 255] << 16) | (s[t >>> 24] << 24) // SubWord
            if (j === 0) {
                t = t ^ rcon
                rcon = (rcon << 1) ^ (rcon & 0x80 ? 0x11b : 0)
            }
        }
        w.push(w[i - nk] ^ t)
    }
    return { nr: nr, rk: w } as AesKey // dk: made by the first CBC decryption
}

function decryptKeys(k: AesKey): number[] {
    const nr = k.nr
    const rk = k.rk
    const td = TD0
    const s = SBOX
    const dk: number[] = []
    for (let r = 0; r <= nr; r++) {
        for (let c = 0; c < 4; c++) {
            const w = rk[4 * (nr - r) + c]
            if (r === 0 || r === nr) {
                dk.push(w)
                continue
            }
            // InvMixColumns(w) = sum over rows of TD_row[S[byte]] (Si[S[b]] = b)
            const u0 = td.getAt(s[w & 255] << 2, "i32")
            const u1 = td.getAt(s[(w >>> 8) & 255] << 2, "i32")
            const u2 = td.getAt(s[(w >>> 16) & 255] << 2, "i32")
            const u3 = td.getAt(s[w >>> 24] << 2, "i32")
            dk.push(u0 ^ (u1 << 8) ^ (u1 >>> 24) ^ (u2 << 16) ^ (u2 >>> 16) ^ (u3 << 24) ^ (u3 >>> 8))
        }
    }
    return dk
}

/** AES modes run by aesEncryptBlocks */
export const CTR = 0
export const CBC = 1

/**
 * Encrypts len bytes of src at soff into dst at doff (may be the same place).
 * CTR: iv = [w0, w1, w2, counter]: the first 12 bytes of the counter block as little-endian words and the last 4
 *      as a big-endian 32-bit number (GCM inc32); dst = src ^ keystream, any len; iv[3] advances.
 * CBC: iv = the chaining block as 4 little-endian words; len a multiple of 16; iv becomes the last ciphertext.
 */
export async function aesEncryptBlocks(
    k: AesKey,
    mode: number,
    iv: number[],
    src: Buffer,
    soff: number,
    dst: Buffer,
    doff: number,
    len: number
) {
    const rk = k.rk
    const nr = k.nr
    const t0 = TE0,
        t1 = TE1,
        t2 = TE2,
        t3 = TE3,
        sb = SBOX
    const units = ((nr * 290 + 550) * 2) / 5 // as units8(nr, 290, 550)
    const st = [0, 0, 0, 0]
    for (let done = 0; done < len; done += 16) {
        if ((done & 127) === 0) if (charge(units)) await relax()
        const p = soff + done
        let s0 = iv[0] ^ rk[0],
            s1 = iv[1] ^ rk[1],
            s2 = iv[2] ^ rk[2],
            s3 = iv[3]
        if (mode === CTR) {
            s3 = (((s3 & 255) << 24) | ((s3 & 0xff00) << 8) | ((s3 >>> 8) & 0xff00) | (s3 >>> 24)) ^ rk[3]
            iv[3] = (iv[3] + 1) >>> 0
        } else {
            s0 ^= src.getAt(p, "i32")
            s1 ^= src.getAt(p + 4, "i32")
            s2 ^= src.getAt(p + 8, "i32")
            s3 ^= src.getAt(p + 12, "i32") ^ rk[3]
        }
        let r = 4
        for (const end = nr << 2; r < end; r += 4) {
            const a0 =
                t0.getAt((s0 << 2) & 1020, "i32") ^
                t1.getAt((s1 >>> 6) & 1020, "i32") ^
                t2.getAt((s2 >>> 14) & 1020, "i32") ^
                t3.getAt((s3 >>> 22) & 1020, "i32") ^
                rk[r]
            const a1 =
                t0.getAt((s1 << 2) & 1020, "i32") ^
                t1.getAt((s2 >>> 6) & 1020, "i32") ^
                t2.getAt((s3 >>> 14) & 1020, "i32") ^
                t3.getAt((s0 >>> 22) & 1020, "i32") ^
                rk[r + 1]
            const a2 =
                t0.getAt((s2 << 2) & 1020, "i32") ^
                t1.getAt((s3 >>> 6) & 1020, "i32") ^
                t2.getAt((s0 >>> 14) & 1020, "i32") ^
                t3.getAt((s1 >>> 22) & 1020, "i32") ^
                rk[r + 2]
            s3 =
                t0.getAt((s3 << 2) & 1020, "i32") ^
                t1.getAt((s0 >>> 6) & 1020, "i32") ^
                t2.getAt((s1 >>> 14) & 1020, "i32") ^
                t3.getAt((s2 >>> 22) & 1020, "i32") ^
                rk[r + 3]
            s0 = a0
            s1 = a1
            s2 = a2
        }
        // last round (no MixColumns) and output, one column at a time: CBC writes the block and chains it;
        // CTR xors the keystream into the input (a short last block byte by byte)
        st[0] = s0
        st[1] = s1
        st[2] = s2
        st[3] = s3
        for (let c = 0; c < 4; c++) {
            const o =
                (sb[st[c] & 255] |
                    (sb[(st[(c + 1) & 3] >>> 8) & 255] << 8) |
                    (sb[(st[(c + 2) & 3] >>> 16) & 255] << 16) |
                    (sb[st[(c + 3) & 3] >>> 24] << 24)) ^
                rk[r + c]
            const q = doff + done + 4 * c
            const m = len - done - 4 * c
            if (mode === CBC) {
                dst.setAt(q, "i32", o)
                iv[c] = o
            } else if (m >= 4) dst.setAt(q, "i32", src.getAt(p + 4 * c, "i32") ^ o)
            else for (let i = 0; i < m; i++) dst[q + i] = src[p + 4 * c + i] ^ (o >>> (i << 3))
        }
    }
}

/**
 * CBC decryption of len bytes (a multiple of 16) of src at soff into dst at doff (may be the same place);
 * iv = chaining block as 4 little-endian words, becomes the last ciphertext block.
 */
export async function aesCbcDecryptBlocks(
    k: AesKey,
    iv: number[],
    src: Buffer,
    soff: number,
    dst: Buffer,
    doff: number,
    len: number
) {
    if (!k.dk) k.dk = decryptKeys(k)
    const dk = k.dk
    const nr = k.nr
    const td = TD0,
        si = SBOX_INV
    const units = units8(nr, 460, 600)
    let v0 = iv[0],
        v1 = iv[1],
        v2 = iv[2],
        v3 = iv[3]
    for (let done = 0; done < len; done += 16) {
        if ((done & 127) === 0) if (charge(units)) await relax()
        const p = soff + done
        const c0 = src.getAt(p, "i32"),
            c1 = src.getAt(p + 4, "i32"),
            c2 = src.getAt(p + 8, "i32"),
            c3 = src.getAt(p + 12, "i32")
        let s0 = c0 ^ dk[0],
            s1 = c1 ^ dk[1],
            s2 = c2 ^ dk[2],
            s3 = c3 ^ dk[3]
        let r = 4
        for (const end = nr << 2; r < end; r += 4) {
            // output column j takes row i from column j - i; rows 1-3 use TD0 rotated by 8, 16, 24 bits
            let u = td.getAt((s3 >>> 6) & 1020, "i32")
            let a0 = td.getAt((s0 << 2) & 1020, "i32") ^ (u << 8) ^ (u >>> 24)
            u = td.getAt((s2 >>> 14) & 1020, "i32")
            a0 ^= (u << 16) ^ (u >>> 16)
            u = td.getAt((s1 >>> 22) & 1020, "i32")
            a0 ^= (u << 24) ^ (u >>> 8) ^ dk[r]
            u = td.getAt((s0 >>> 6) & 1020, "i32")
            let a1 = td.getAt((s1 << 2) & 1020, "i32") ^ (u << 8) ^ (u >>> 24)
            u = td.getAt((s3 >>> 14) & 1020, "i32")
            a1 ^= (u << 16) ^ (u >>> 16)
            u = td.getAt((s2 >>> 22) & 1020, "i32")
            a1 ^= (u << 24) ^ (u >>> 8) ^ dk[r + 1]
            u = td.getAt((s1 >>> 6) & 1020, "i32")
            let a2 = td.getAt((s2 << 2) & 1020, "i32") ^ (u << 8) ^ (u >>> 24)
            u = td.getAt((s0 >>> 14) & 1020, "i32")
            a2 ^= (u << 16) ^ (u >>> 16)
            u = td.getAt((s3 >>> 22) & 1020, "i32")
            a2 ^= (u << 24) ^ (u >>> 8) ^ dk[r + 2]
            u = td.getAt((s2 >>> 6) & 1020, "i32")
            let a3 = td.getAt((s3 << 2) & 1020, "i32") ^ (u << 8) ^ (u >>> 24)
            u = td.getAt((s1 >>> 14) & 1020, "i32")
            a3 ^= (u << 16) ^ (u >>> 16)
            u = td.getAt((s0 >>> 22) & 1020, "i32")
            s3 = a3 ^ (u << 24) ^ (u >>> 8) ^ dk[r + 3]
            s0 = a0
            s1 = a1
            s2 = a2
        }
        const q = doff + done
        dst.setAt(
            q,
            "i32",
            (si[s0 & 255] | (si[(s3 >>> 8) & 255] << 8) | (si[(s2 >>> 16) & 255] << 16) | (si[s1 >>> 24] << 24)) ^
                dk[r] ^
                v0
        )
        dst.setAt(
            q + 4,
            "i32",
            (si[s1 & 255] | (si[(s0 >>> 8) & 255] << 8) | (si[(s3 >>> 16) & 255] << 16) | (si[s2 >>> 24] << 24)) ^
                dk[r + 1] ^
                v1
        )
        dst.setAt(
            q + 8,
            "i32",
            (si[s2 & 255] | (si[(s1 >>> 8) & 255] << 8) | (si[(s0 >>> 16) & 255] << 16) | (si[s3 >>> 24] << 24)) ^
                dk[r + 2] ^
                v2
        )
        dst.setAt(
            q + 12,
            "i32",
            (si[s3 & 255] | (si[(s2 >>> 8) & 255] << 8) | (si[(s1 >>> 16) & 255] << 16) | (si[s0 >>> 24] << 24)) ^
                dk[r + 3] ^
                v3
        )
        v0 = c0
        v1 = c1
        v2 = c2
        v3 = c3
    }
    iv[0] = v0
    iv[1] = v1
    iv[2] = v2
    iv[3] = v3
}
