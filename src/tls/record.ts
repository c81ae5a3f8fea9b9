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

    /** the per-record nonce for the current sequence number */
    nonce(): Buffer {
        const n = Buffer.alloc(12)
        const s = this.seq
        const hi = Math.floor(s / 4294967296)
        const lo = s >>> 0
        if (this.iv.length === 4) {
            n.blitAt(0, this.iv, 0, 4)
            n[4] = hi >>> 24
            n[5] = hi >>> 16
            n[6] = hi >>> 8
            n[7] = hi
            n[8] = lo >>> 24
            n[9] = lo >>> 16
            n[10] = lo >>> 8
            n[11] = lo
        } else {
            n.blitAt(0, this.iv, 0, 12)
            n[4] ^= hi >>> 24
            n[5] ^= (hi >>> 16) & 0xff
            n[6] ^= (hi >>> 8) & 0xff
            n[7] ^= hi & 0xff
            n[8] ^= lo >>> 24
            n[9] ^= (lo >>> 16) & 0xff
            n[10] ^= (lo >>> 8) & 0xff
            n[11] ^= lo & 0xff
        }
        return n
    }

    /** TLS 1.2 additional data: seq_num(8) type(1) version(2) length(2) */
    aad12(type: number, len: number): Buffer {
        const a = Buffer.alloc(13)
        const s = this.seq
        const hi = Math.floor(s / 4294967296)
        const lo = s >>> 0
        a[0] = hi >>> 24
        a[1] = hi >>> 16
        a[2] = hi >>> 8
        a[3] = hi
        a[4] = lo >>> 24
        a[5] = lo >>> 16
        a[6] = lo >>> 8
        a[7] = lo
        a[8] = type
        a[9] = 3
        a[10] = 3
        a[11] = len >> 8
        a[12] = len & 0xff
        return a
    }
}

export interface TlsRecord {
    type: number
    data: Buffer
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
    /** bytes received in total (diagnostics) */
    received: number

    constructor(transport: Transport) {
        this.transport = transport
        this.read = null
        this.write = null
        this.writeVersion = 0x0301
        this.chunks = []
        this.head = 0
        this.avail = 0
        this.timeout = undefined
        this.received = 0
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
            this.received += b.length
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

    /** removes `n` buffered bytes (n <= avail) into one buffer */
    private take(n: number): Buffer {
        const c0 = this.chunks[0]
        if (this.head === 0 && c0.length === n) {
            this.chunks.shift()
            this.avail -= n
            return c0
        }
        if (c0.length - this.head >= n) {
            const r = c0.slice(this.head, this.head + n)
            this.head += n
            if (this.head === c0.length) {
                this.chunks.shift()
                this.head = 0
            }
            this.avail -= n
            return r
        }
        const r = Buffer.alloc(n)
        let off = 0
        while (off < n) {
            const c = this.chunks[0]
            const k = Math.min(c.length - this.head, n - off)
            r.blitAt(off, c, this.head, k)
            off += k
            this.head += k
            if (this.head === c.length) {
                this.chunks.shift()
                this.head = 0
            }
        }
        this.avail -= n
        return r
    }

    /** true when no bytes of a next record are buffered */
    idle(): boolean {
        return this.avail === 0
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
        const type = this.peek(0)
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
            throw new TlsError(
                Alert.None,
                `connection closed after ${this.avail - 5} of ${len} bytes of a record (truncated)`
            )
        const h = this.take(5)
        // the body is passed on without a local here, so that the open* functions can drop it (heap: a 16 KB
        // record must not be held three times)
        if (!encrypted) return { type: type, data: this.take(len) }
        if (prot.version === 0x0304) return await this.open13(prot, h, this.take(len))
        return await this.open12(prot, type, this.take(len))
    }

    /** TLS 1.3: decrypts in place, strips the padding, reads the inner content type */
    private async open13(prot: Protection, h: Buffer, body: Buffer): Promise<TlsRecord> {
        const n = body.length - TAG_LEN
        if (n < 1) throw new TlsError(Alert.BadRecordMac, "encrypted record too short")
        if (!(await prot.aead.decryptInPlace(prot.nonce(), h, body, 0, n, body.slice(n))))
            throw new TlsError(Alert.BadRecordMac, "record authentication failed")
        prot.seq++
        let i = n - 1
        while (i >= 0 && body[i] === 0) i--
        if (i < 0) throw new TlsError(Alert.UnexpectedMessage, "encrypted record without content type")
        if (i > MAX_PLAINTEXT) throw new TlsError(Alert.RecordOverflow, `record plaintext of ${i} bytes exceeds 2^14`)
        return { type: body[i], data: body.slice(0, i) }
    }

    /** TLS 1.2 AEAD: decrypts in place (GCM: after the 8-byte explicit nonce) */
    private async open12(prot: Protection, type: number, body: Buffer): Promise<TlsRecord> {
        const off = prot.explicit() ? 8 : 0
        const n = body.length - off - TAG_LEN
        if (n < 0) throw new TlsError(Alert.BadRecordMac, "encrypted record too short")
        if (n > MAX_PLAINTEXT) throw new TlsError(Alert.RecordOverflow, `record plaintext of ${n} bytes exceeds 2^14`)
        let nonce: Buffer
        if (off) {
            nonce = Buffer.alloc(12)
            nonce.blitAt(0, prot.iv, 0, 4)
            nonce.blitAt(4, body, 0, 8)
        } else nonce = prot.nonce()
        if (!(await prot.aead.decryptInPlace(nonce, prot.aad12(type, n), body, off, n, body.slice(off + n))))
            throw new TlsError(Alert.BadRecordMac, "record authentication failed")
        prot.seq++
        return { type: type, data: body.slice(off, off + n) }
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
