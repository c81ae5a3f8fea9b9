// Streaming hash interface shared by SHA-1, SHA-256, SHA-384 and SHA-512, and the block buffering they share.
//
// `update` is async: it compresses whole blocks in place and yields on the step budget. `digest` does not
// disturb the running state (TLS reads transcript hashes at several points of a handshake).
import { charge, relax } from "../platform/budget"

/** Hash algorithms implemented here. */
export type HashAlg = "sha1" | "sha256" | "sha384" | "sha512"

export interface Hash {
    readonly alg: HashAlg
    /** block size in bytes (64 or 128) */
    readonly blockLen: number
    /** digest size in bytes */
    readonly outLen: number
    update(data: Buffer): Promise<void>
    /** digest of everything fed so far; the hash can keep being updated */
    digest(): Promise<Buffer>
    /** independent copy of the running state */
    clone(): Hash
}

/** budget units charged per update/digest call for its own bookkeeping (calls are cheap in opcodes, not free) */
export const CALL_UNITS = 40

/** compression of n consecutive blocks of src at off into the chaining state h */
export type Compress = (h: number[], src: Buffer, off: number, n: number) => Promise<void>

/**
 * Merkle–Damgård buffering over a compression function: a partial block is kept in `buf`; whole blocks of the
 * input are compressed straight from the caller's buffer; the digest is the first outLen bytes of the
 * big-endian state words. (One class for every SHA: per-algorithm subclasses would cost their methods'
 * bytecode in the firmware.)
 */
export class BlockHash implements Hash {
    alg: HashAlg
    blockLen: number
    outLen: number
    buf: Buffer
    bufLen: number
    total: number
    h: number[]
    comp: Compress

    constructor(alg: HashAlg, blockLen: number, outLen: number, h: number[], comp: Compress) {
        this.alg = alg
        this.blockLen = blockLen
        this.outLen = outLen
        this.buf = Buffer.alloc(blockLen)
        this.bufLen = 0
        this.total = 0
        this.h = h
        this.comp = comp
    }

    clone(): Hash {
        const c = new BlockHash(this.alg, this.blockLen, this.outLen, this.h.slice(0), this.comp)
        c.buf.blitAt(0, this.buf, 0, this.bufLen)
        c.bufLen = this.bufLen
        c.total = this.total
        return c
    }

    async update(data: Buffer) {
        if (charge(CALL_UNITS)) await relax()
        const bl = this.blockLen
        const buf = this.buf
        let have = this.bufLen
        let off = 0
        let len = data.length
        this.total += len
        if (have > 0) {
            // top up the kept partial block
            off = Math.min(bl - have, len)
            buf.blitAt(have, data, 0, off)
            len -= off
            if (have + off < bl) {
                this.bufLen = have + off
                return
            }
            await this.comp(this.h, buf, 0, 1)
        }
        const n = Math.idiv(len, bl)
        if (n > 0) await this.comp(this.h, data, off, n)
        // keep the rest
        buf.blitAt(0, data, off + n * bl, len - n * bl)
        this.bufLen = len - n * bl
    }

    /**
     * The digest of a copy: pads and compresses its last block(s) (0x80, zeros, big-endian bit length of 64 or
     * 128 bits); the first outLen bytes of its big-endian state words.
     */
    async digest(): Promise<Buffer> {
        if (charge(CALL_UNITS)) await relax()
        const c = this.clone() as BlockHash
        const bl = this.blockLen
        const b = c.buf
        let n = this.bufLen
        const bitsHi = Math.floor(this.total / 536870912)
        const bitsLo = (this.total * 8) >>> 0 // (VM: `%` by 2^32 is wrong, >>> 0 is exact)
        b[n++] = 0x80
        if (n > bl - (bl >> 3)) {
            b.fillAt(n, bl - n, 0)
            await this.comp(c.h, b, 0, 1)
            n = 0
        }
        b.fillAt(n, bl - n, 0)
        for (let i = 0; i < 4; i++) {
            b[bl - 8 + i] = bitsHi >>> (24 - 8 * i)
            b[bl - 4 + i] = bitsLo >>> (24 - 8 * i)
        }
        await this.comp(c.h, b, 0, 1)
        const r = Buffer.alloc(this.outLen)
        for (let i = 0; i < this.outLen; i++) r[i] = c.h[i >> 2] >>> (24 - ((i & 3) << 3))
        return r
    }
}

