// AES-GCM (NIST SP 800-38D). GHASH uses Shoup's 8-bit method: per key, 4 KB of tables of n·H for every byte value
// n, and a shared 256-entry reduction table (GHASH_RED, generated with the AES tables), in GCM byte order read
// as little-endian words, so a block costs 16 table steps and no per-bit work (a loop over the bytes of each word: unrolled, the step costs ~450 bytes of
// firmware bytecode for ~10 % of GHASH time). Decryption verifies the tag before any plaintext is produced.
import { charge, relax } from "../platform/budget"
import { AesKey, aesEncryptBlocks, aesExpandKey, CTR } from "./aes"
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
        if (carry) v[0] = v[0] ^ 0xe1
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
        if ((done & 127) === 0) if (charge(8 * UNITS)) await relax()
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

/**
 * GHASH of a, then b[off, off+len) (each zero-padded to whole blocks), then the block of their bit lengths (64-bit
 * big-endian; inputs here are far below 2^29 bytes): the 16-byte result. With a empty and b = an IV this is J0
 * of a non-96-bit IV.
 */
async function ghash2(ts: Buffer[], a: Buffer, b: Buffer, off: number, len: number): Promise<Buffer> {
    const y = [0, 0, 0, 0]
    await ghash(ts, y, a, 0, a.length)
    await ghash(ts, y, b, off, len)
    const l = Buffer.alloc(16)
    for (let i = 0; i < 4; i++) {
        l[7 - i] = (a.length * 8) >>> (8 * i)
        l[15 - i] = (len * 8) >>> (8 * i)
    }
    await ghash(ts, y, l, 0, 16)
    for (let i = 0; i < 4; i++) l.setAt(4 * i, "i32", y[i])
    return l
}

/**
 * GCM over buf[off, off+len) in place. Encryption (tag null): encrypts, returns the tag. Decryption: computes
 * the tag of the ciphertext first and, only if it equals `tag`, decrypts and returns `tag`; else null (buf
 * untouched). The tag is GHASH(aad, ciphertext) xor E(J0); the data is CTR from J0 + 1.
 */
async function gcmRun(g: AesGcm, iv: Buffer, aad: Buffer, buf: Buffer, off: number, len: number, tag: Buffer): Promise<Buffer> {
    const ts = g.tbl
    const b = iv.length === 12 ? iv : await ghash2(ts, Buffer.alloc(0), iv, 0, iv.length)
    // J0: [w0, w1, w2, big-endian counter] (a 96-bit IV: IV || 1)
    const j0 = leWords(b, 0, 3)
    j0.push(iv.length === 12 ? 1 : ((b[12] << 24) | (b[13] << 16) | (b[14] << 8) | b[15]) >>> 0)
    for (let step = 0; step < 2; step++) {
        if ((step === 0) === !!tag) {
            // the tag: before decryption, after encryption
            const t = await ghash2(ts, aad, buf, off, len)
            await aesEncryptBlocks(g.key, CTR, j0.slice(0), t, 0, t, 0, 16)
            if (!tag) return t
            if (tag.length !== 16) return null
            if (!ctEqual(t, 0, tag, 0, 16)) return null
        } else {
            const ctr = j0.slice(0)
            ctr[3] = (ctr[3] + 1) >>> 0
            await aesEncryptBlocks(g.key, CTR, ctr, buf, off, buf, off, len)
        }
    }
    return tag
}

/** AES-GCM with one key: 16-byte tags, any IV length (TLS uses 12). */
export class AesGcm implements Aead {
    key: AesKey
    tbl: Buffer[]
    constructor(key: AesKey, tbl: Buffer[]) {
        this.key = key
        this.tbl = tbl
    }

    /** Encrypts buf[off, off+len) in place; returns the 16-byte tag. */
    async encryptInPlace(iv: Buffer, aad: Buffer, buf: Buffer, off: number, len: number): Promise<Buffer> {
        return await gcmRun(this, iv, aad, buf, off, len, null)
    }

    /**
     * Checks the tag over buf[off, off+len) and only then decrypts it in place. Returns false (and leaves buf
     * untouched) when the tag does not match.
     */
    async decryptInPlace(iv: Buffer, aad: Buffer, buf: Buffer, off: number, len: number, tag: Buffer): Promise<boolean> {
        return !!(await gcmRun(this, iv, aad, buf, off, len, tag))
    }
}

/** AES-GCM for a 16- or 32-byte (or 24-byte) key. Costs a 4 KB table per key. */
export async function createAesGcm(key: Buffer): Promise<AesGcm> {
    const k = aesExpandKey(key)
    const h = Buffer.alloc(16)
    await aesEncryptBlocks(k, CTR, [0, 0, 0, 0], h, 0, h, 0, 16) // H = E(0): the keystream of a zero counter block
    return new AesGcm(k, await ghashTables(h))
}
