// TLS record layer for TLS 1.2 and TLS 1.3 (RFC 5246 section 6.2, RFC 8446 section 5).
//
// Reads records from a byte transport (the runtime's TCP socket), checks header and size limits before reading
// a body, and removes AEAD protection: TLS 1.3 (nonce = iv XOR seq, AAD = record header, inner content type and
// zero padding) and TLS 1.2 AEAD (AES-GCM: 4-byte salt + 8-byte explicit nonce sent in the record;
// ChaCha20-Poly1305: iv XOR seq; AAD = seq, type, version, plaintext length). Writes records the same way,
// fragmenting at 2^14 bytes. All per-byte work is in the AEAD primitives and native Buffer copies.
import { Aead } from "../crypto/aead"
import { Alert, TlsError } from "./errors"

export const enum ContentType {
    ChangeCipherSpec = 20,
    Alert = 21,
    Handshake = 22,
    ApplicationData = 23,
}

export const MAX_PLAINTEXT = 16384
/** TLS 1.3 TLSCiphertext.length limit: 2^14 + 256 */
export const MAX_CIPHERTEXT_13 = 16384 + 256
/** TLS 1.2 TLSCiphertext.length limit: 2^14 + 2048 */
export const MAX_CIPHERTEXT_12 = 16384 + 2048

/** A byte stream, e.g. a `Socket` of @devicescript/net. */
export interface Transport {
    send(data: Buffer): Promise<void>
    /** next chunk of bytes; null when the peer closed; undefined on timeout */
    recv(timeout?: number): Promise<Buffer>
    close(): Promise<void>
}

export const TAG_LEN = 16

/** One direction's record protection. */
export class Protection {
    /** 0x0303 or 0x0304 */
    version: number
    aead: Aead
    /** TLS 1.3 and 1.2 ChaCha20: 12-byte IV; TLS 1.2 GCM: 4-byte salt */
    iv: Buffer
    seq: number

    constructor(version: number, aead: Aead, iv: Buffer) {
        this.version = version
        this.aead = aead
        this.iv = iv
        this.seq = 0
    }

    /** true for TLS 1.2 GCM: an 8-byte explicit nonce precedes the ciphertext */
    explicit(): boolean {
        return this.iv.length === 4
    }

    /** the per-record nonce: 12-byte IV xor seq (TLS 1.3, ChaCha20), or 4-byte salt || seq (TLS 1.2 GCM) */
    nonce(): Buffer {
        const n = Buffer.alloc(12)
        const xor = this.iv.length === 12
        n.blitAt(0, this.iv, 0, this.iv.length)
        let s = this.seq
        for (let i = 11; i > 3; i--) {
            const b = s % 256
            n[i] = xor ? n[i] ^ b : b
            s = Math.floor(s / 256)
        }
        return n
    }

    /** TLS 1.2 additional data: seq_num(8) type(1) version(2) length(2) */
    aad12(type: number, len: number): Buffer {
        const a = Buffer.alloc(13)
        let s = this.seq
        for (let i = 7; i >= 0; i--) {
            a[i] = s % 256
            s = Math.floor(s / 256)
        }
        a[8] = type
        a[9] = 3
        a[10] = 3
        a[11] = len >> 8
        a[12] = len & 0xff
        return a
    }
}

/**
 * A record's plaintext. Application data is a view buf[off, end) (decrypted in place in the received bytes: no
 * copy of a 16 KB record); other types also have `data`, a Buffer of their own.
 */
export interface TlsRecord {
    type: number
    data: Buffer
    buf?: Buffer
    off?: number
    end?: number
}

export class RecordLayer {
    transport: Transport
    read: Protection
    write: Protection
    /** record-layer version written in plaintext record headers */
    writeVersion: number
    /** received bytes not yet consumed: chunks[0] from offset head */
    chunks: Buffer[]
    head: number
    avail: number
    /** recv timeout in ms (undefined: wait forever) */
    timeout: number

    constructor(transport: Transport) {
        this.transport = transport
        this.read = null
        this.write = null
        this.writeVersion = 0x0301
        this.chunks = []
        this.head = 0
        this.avail = 0
        this.timeout = undefined
    }

    /** waits until `n` bytes are buffered: 1 = ok, 0 = the peer closed first, -1 = timeout */
    private async fill(n: number): Promise<number> {
        while (this.avail < n) {
            const b = await this.transport.recv(this.timeout)
            if (b === undefined) return -1
            if (b === null) return 0
            if (b.length === 0) continue
            this.chunks.push(b)
            this.avail += b.length
        }
        return 1
    }

    /** byte `i` of the buffered data (i < avail) */
    private peek(i: number): number {
        let k = 0
        i += this.head
        while (i >= this.chunks[k].length) {
            i -= this.chunks[k].length
            k++
        }
        return this.chunks[k][i]
    }

    /** moves `n` buffered bytes (n <= avail) into dst[off..] */
    private takeInto(dst: Buffer, off: number, n: number) {
        this.avail -= n
        while (n > 0) {
            const c = this.chunks[0]
            const k = Math.min(c.length - this.head, n)
            dst.blitAt(off, c, this.head, k)
            off += k
            n -= k
            this.head += k
            if (this.head === c.length) {
                this.chunks.shift()
                this.head = 0
            }
        }
    }

    /** removes `n` buffered bytes into one buffer (a whole received chunk is passed on as is) */
    private take(n: number): Buffer {
        const c0 = this.chunks[0]
        if (this.head === 0 && c0.length === n) {
            this.chunks.shift()
            this.avail -= n
            return c0
        }
        const r = Buffer.alloc(n)
        this.takeInto(r, 0, n)
        return r
    }

    /**
     * Reads one record and removes its protection. Returns null when the peer closed the connection at a record
     * boundary, undefined on timeout (nothing consumed: the call can be repeated). Throws TlsError for malformed,
     * oversized, truncated or unauthenticated records.
     */
    async readRecord(): Promise<TlsRecord> {
        const f = await this.fill(5)
        if (f < 0) return undefined
        if (f === 0) {
            if (this.avail > 0) throw new TlsError(Alert.None, "connection closed inside a record header (truncated)")
            return null
        }
        let type = this.peek(0)
        const len = (this.peek(3) << 8) | this.peek(4)
        if (type < 20 || type > 23 || this.peek(1) !== 3) {
            const head = this.take(Math.min(this.avail, 16))
            throw new TlsError(Alert.UnexpectedMessage, "not a TLS record: peer sent " + head.toString("hex"))
        }
        const prot = this.read
        const encrypted = prot !== null && (prot.version === 0x0303 || type === ContentType.ApplicationData)
        const limit = !encrypted ? MAX_PLAINTEXT : prot.version === 0x0304 ? MAX_CIPHERTEXT_13 : MAX_CIPHERTEXT_12
        if (len > limit) throw new TlsError(Alert.RecordOverflow, `record of ${len} bytes exceeds the ${limit}-byte limit`)
        const g = await this.fill(5 + len)
        if (g < 0) return undefined
        if (g === 0)
            throw new TlsError(Alert.None, `connection closed after ${this.avail - 5} of ${len} bytes of a record (truncated)`)
        if (!encrypted) {
            this.take(5)
            const d = this.take(len)
            return { type: type, data: d, buf: d, off: 0, end: len }
        }
        // heap: a 16 KB record must not be held in several copies. When one received chunk holds the whole
        // record it is decrypted in place there; otherwise the ciphertext is gathered into a buffer of its own
        // size. Explicit nonce (TLS 1.2 GCM) and tag are taken apart.
        const ex = prot.explicit() ? 8 : 0
        const n = len - ex - TAG_LEN
        if (n < (prot.version === 0x0304 ? 1 : 0)) throw new TlsError(Alert.BadRecordMac, "encrypted record too short")
        if (prot.version !== 0x0304 && n > MAX_PLAINTEXT)
            throw new TlsError(Alert.RecordOverflow, `record plaintext of ${n} bytes exceeds 2^14`)
        const nonce = prot.nonce()
        const c = this.chunks[0]
        let buf: Buffer
        let off: number
        let h: Buffer
        let tag: Buffer
        if (c.length - this.head >= 5 + len) {
            const p = this.head
            h = c.slice(p, p + 5)
            if (ex) nonce.blitAt(4, c, p + 5, 8)
            buf = c
            off = p + 5 + ex
            tag = c.slice(off + n, off + n + TAG_LEN)
            this.head += 5 + len
            this.avail -= 5 + len
            if (this.head === c.length) {
                this.chunks.shift()
                this.head = 0
            }
        } else {
            h = this.take(5)
            if (ex) this.takeInto(nonce, 4, 8)
            buf = Buffer.alloc(n)
            off = 0
            this.takeInto(buf, 0, n)
            tag = this.take(TAG_LEN)
        }
        const aad = prot.version === 0x0304 ? h : prot.aad12(type, n)
        if (!(await prot.aead.decryptInPlace(nonce, aad, buf, off, n, tag)))
            throw new TlsError(Alert.BadRecordMac, "record authentication failed")
        prot.seq++
        let end = off + n
        if (prot.version === 0x0304) {
            // inner plaintext: content || type || zero padding
            end--
            while (end >= off && buf[end] === 0) end--
            if (end < off) throw new TlsError(Alert.UnexpectedMessage, "encrypted record without content type")
            if (end - off > MAX_PLAINTEXT) throw new TlsError(Alert.RecordOverflow, `record plaintext of ${end - off} bytes exceeds 2^14`)
            type = buf[end]
        }
        if (type === ContentType.ApplicationData) return { type: type, data: null, buf: buf, off: off, end: end }
        return { type: type, data: off === 0 && end === buf.length ? buf : buf.slice(off, end) }
    }

    /** Writes `data` as one or more records of `type` (protected when write keys are set). */
    async writeRecord(type: number, data: Buffer) {
        let off = 0
        for (;;) {
            const n = Math.min(MAX_PLAINTEXT, data.length - off)
            const frag = off === 0 && n === data.length ? data : data.slice(off, off + n)
            await this.transport.send(await this.seal(type, frag))
            off += n
            if (off >= data.length) break
        }
    }

    /** one protected (or plaintext) record, header included, built in a single buffer */
    async seal(type: number, frag: Buffer): Promise<Buffer> {
        const prot = this.write
        const len = frag.length
        if (prot === null) {
            const r = Buffer.alloc(5 + len)
            writeHeader(r, type, this.writeVersion, len)
            r.blitAt(5, frag, 0, len)
            return r
        }
        let r: Buffer
        let off: number
        let n = len
        if (prot.version === 0x0304) {
            // inner plaintext: content || type (no padding); the outer type is application_data
            n = len + 1
            r = Buffer.alloc(5 + n + TAG_LEN)
            writeHeader(r, ContentType.ApplicationData, 0x0303, n + TAG_LEN)
            r[5 + len] = type
            off = 5
        } else {
            const ex = prot.explicit() ? 8 : 0
            r = Buffer.alloc(5 + ex + len + TAG_LEN)
            writeHeader(r, type, 0x0303, ex + len + TAG_LEN)
            off = 5 + ex
        }
        r.blitAt(off, frag, 0, len)
        const nonce = prot.nonce()
        if (off === 13) r.blitAt(5, nonce, 4, 8) // TLS 1.2 GCM explicit nonce = the sequence number
        const aad = prot.version === 0x0304 ? r.slice(0, 5) : prot.aad12(type, len)
        const tag = await prot.aead.encryptInPlace(nonce, aad, r, off, n)
        r.blitAt(off + n, tag, 0, TAG_LEN)
        prot.seq++
        return r
    }
}

function writeHeader(r: Buffer, type: number, version: number, len: number) {
    r[0] = type
    r[1] = version >> 8
    r[2] = version & 0xff
    r[3] = len >> 8
    r[4] = len & 0xff
}
