// AES-GCM (NIST SP 800-38D). GHASH uses Shoup's 8-bit method: per key, 4 KB of tables of n·H for every byte value
// n, and a shared 256-entry reduction table (GHASH_RED, generated with the AES tables), in GCM byte order read
// as little-endian words, so a block costs 16 table steps and no per-bit work (a loop over the bytes of each word: unrolled, the step costs ~450 bytes of
// firmware bytecode for ~10 % of GHASH time). Decryption verifies the tag before any plaintext is produced.
import { charge, relax } from "../platform/budget"
import { AesKey, aesEncryptBlocks, aesExpandKey, CBC, CTR } from "./aes"
import { GHASH_RED } from "./aes-tables"
import { ctEqual, leWords } from "./bytes"
import { Aead } from "./aead"

/** budget units per GHASH block (~1,900 bytes of bytecode run per block; 1 unit ~ 20 opcodes) */
const UNITS = 100

/**
 * The tables for H: four 1 KB buffers, buffer k holding word k (GCM bytes 4k..4k+3, little-endian) of n·H at 4n
 * for every byte value n (bit 7 of n stands for H itself), so a lookup needs no offset arithmetic.
 */
async function ghashTables(h: Buffer): Promise<Buffer[]> {
    const ts = [Buffer.alloc(1024), Buffer.alloc(1024), Buffer.alloc(1024), Buffer.alloc(1024)]
    // n = 128, 64, ..., 1: H·x^k; multiplication by x is a one-bit right shift of the GCM bit string (bit 0 = the
    // top bit of byte 0), reduced by 0xE1 in byte 0 when a bit falls off byte 15
    const v = h.slice(0, 16)
    for (let n = 128; n > 0; n >>= 1) {
        for (let k = 0; k < 4; k++) ts[k].setAt(4 * n, "i32", v.getAt(4 * k, "i32"))
        let carry = 0
        for (let i = 0; i < 16; i++) {
            const x = v[i]
            v[i] = (x >> 1) | carry
            carry = (x & 1) << 7
        }
        if (carry) v[0] ^= 0xe1
    }
    // entry p + j = entry p xor entry j
    for (let k = 0; k < 4; k++) {
        const t = ts[k]
        if (charge(600)) await relax()
        for (let p = 2; p < 256; p <<= 1)
            for (let j = 1; j < p; j++) t.setAt(4 * (p + j), "i32", t.getAt(4 * p, "i32") ^ t.getAt(4 * j, "i32"))
    }
    return ts
}

const pad = Buffer.alloc(16)

/** y (4 little-endian words) = GHASH state after absorbing len bytes of src at off (last block zero-padded) */
export async function ghash(ts: Buffer[], y: number[], src: Buffer, off: number, len: number) {
    const rd = GHASH_RED
    const t0 = ts[0],
        t1 = ts[1],
        t2 = ts[2],
        t3 = ts[3]
    const xa = [0, 0, 0, 0]
    let z0 = y[0],
        z1 = y[1],
        z2 = y[2],
        z3 = y[3]
    for (let done = 0; done < len; done += 16) {
        if ((done & 127) === 0 && charge(8 * UNITS)) await relax()
        let b = src
        let p = off + done
        if (len - done < 16) {
            pad.fillAt(0, 16, 0)
            pad.blitAt(0, src, p, len - done)
            b = pad
            p = 0
        }
        xa[0] = z0 ^ b.getAt(p, "i32")
        xa[1] = z1 ^ b.getAt(p + 4, "i32")
        xa[2] = z2 ^ b.getAt(p + 8, "i32")
        xa[3] = z3 ^ b.getAt(p + 12, "i32")
        z0 = z1 = z2 = z3 = 0
        // Horner over bytes 15 .. 0: Z = Z·x^8 + n·H. Z·x^8 moves every byte one place up (little-endian words:
        // a left shift), byte 15 falls off and comes back reduced into bytes 0-1.
        for (let k = 3; k >= 0; k--) {
            const w = xa[k]
            for (let j = 24; j >= 0; j -= 8) {
                const r = z3 >>> 24
                z3 = (z3 << 8) | (z2 >>> 24)
                z2 = (z2 << 8) | (z1 >>> 24)
                z1 = (z1 << 8) | (z0 >>> 24)
                const t = ((w >>> j) & 255) << 2
                z0 = (z0 << 8) ^ rd.getAt(r << 1, "u16") ^ t0.getAt(t, "i32")
                z1 ^= t1.getAt(t, "i32")
                z2 ^= t2.getAt(t, "i32")
                z3 ^= t3.getAt(t, "i32")
            }
        }
    }
    y[0] = z0
    y[1] = z1
    y[2] = z2
    y[3] = z3
}

/** AES-GCM with one key: 16-byte tags, any IV length (TLS uses 12). */
export class AesGcm implements Aead {
    key: AesKey
    tbl: Buffer[]
    constructor(key: AesKey, tbl: Buffer[]) {
        this.key = key
        this.tbl = tbl
    }

    /** counter block J0 for iv: [w0, w1, w2, big-endian counter] */
    async j0(iv: Buffer): Promise<number[]> {
        if (iv.length === 12) {
            const w = leWords(iv, 0, 3)
            w.push(1)
            return w
        }
        const y = [0, 0, 0, 0]
        await ghash(this.tbl, y, iv, 0, iv.length)
        const l = Buffer.alloc(16)
        l.setAt(12, "u32", swap32((iv.length * 8) >>> 0))
        l.setAt(8, "u32", swap32(Math.floor(iv.length / 536870912)))
        await ghash(this.tbl, y, l, 0, 16)
        return [y[0], y[1], y[2], swap32(y[3] >>> 0)]
    }

    /** GHASH(aad, ct) xor E(J0): the tag */
    async tag(ctr: number[], aad: Buffer, ct: Buffer, off: number, len: number): Promise<Buffer> {
        const y = [0, 0, 0, 0]
        await ghash(this.tbl, y, aad, 0, aad.length)
        await ghash(this.tbl, y, ct, off, len)
        const l = Buffer.alloc(16)
        l.setAt(0, "u32", swap32(Math.floor(aad.length / 536870912)))
        l.setAt(4, "u32", swap32((aad.length * 8) >>> 0))
        l.setAt(8, "u32", swap32(Math.floor(len / 536870912)))
        l.setAt(12, "u32", swap32((len * 8) >>> 0))
        await ghash(this.tbl, y, l, 0, 16)
        l.setAt(0, "i32", y[0])
        l.setAt(4, "i32", y[1])
        l.setAt(8, "i32", y[2])
        l.setAt(12, "i32", y[3])
        await aesEncryptBlocks(this.key, CTR, ctr, l, 0, l, 0, 16) // xor E(J0)
        return l
    }

    /** Encrypts buf[off, off+len) in place; returns the 16-byte tag. */
    async encryptInPlace(iv: Buffer, aad: Buffer, buf: Buffer, off: number, len: number): Promise<Buffer> {
        const j0 = await this.j0(iv)
        const ctr = j0.slice(0)
        ctr[3] = (ctr[3] + 1) >>> 0
        await aesEncryptBlocks(this.key, CTR, ctr, buf, off, buf, off, len)
        return await this.tag(j0, aad, buf, off, len)
    }

    /**
     * Checks the tag over buf[off, off+len) and only then decrypts it in place. Returns false (and leaves buf
     * untouched) when the tag does not match.
     */
    async decryptInPlace(iv: Buffer, aad: Buffer, buf: Buffer, off: number, len: number, tag: Buffer): Promise<boolean> {
        const j0 = await this.j0(iv)
        const t = await this.tag(j0.slice(0), aad, buf, off, len)
        if (tag.length !== 16 || !ctEqual(t, 0, tag, 0, 16)) return false
        j0[3] = (j0[3] + 1) >>> 0
        await aesEncryptBlocks(this.key, CTR, j0, buf, off, buf, off, len)
        return true
    }
}

function swap32(x: number) {
    return ((x << 24) | ((x & 0xff00) << 8) | ((x >>> 8) & 0xff00) | (x >>> 24)) >>> 0
}

/** AES-GCM for a 16- or 32-byte (or 24-byte) key. Costs a 4 KB table per key. */
export async function createAesGcm(key: Buffer): Promise<AesGcm> {
    const k = aesExpandKey(key)
    const h = Buffer.alloc(16)
    await aesEncryptBlocks(k, CBC, [0, 0, 0, 0], h, 0, h, 0, 16)
    return new AesGcm(k, await ghashTables(h))
}
