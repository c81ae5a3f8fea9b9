// TLS record layer for TLS 1.2 and TLS 1.3 (RFC 5246 section 6.2, RFC 8446 section 5).
//
// Reads records from a byte transport (the runtime's TCP socket), checks header and size limits before reading
// a body, and removes AEAD protection: TLS 1.3 (nonce = iv XOR seq, AAD = record header, inner content type and
// zero padding) and TLS 1.2 AEAD (AES-GCM: 4-byte salt + 8-byte explicit nonce sent in the record;
// ChaCha20-Poly1305: iv XOR seq; AAD = seq, type, version, plaintext length). Writes records the same way,
// fragmenting at 2^14 bytes. All per-byte work is in the AEAD primitives and native Buffer copies.
import { Aead } from "../crypto/aead"
import { Alert, TlsError, failIf } from "./errors"

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
    /** of the record being processed (set by `next`): nonce, TLS 1.2 additional data */
    nonce: Buffer
    aad: Buffer

    constructor(version: number, aead: Aead, iv: Buffer) {
        this.version = version
        this.aead = aead
        this.iv = iv
        this.seq = 0
    }

    /**
     * Moves to the next record: its nonce (12-byte IV xor seq for TLS 1.3 and ChaCha20, 4-byte salt || seq for
     * TLS 1.2 GCM) and TLS 1.2 additional data (seq_num(8) type(1) version(2) length(2)).
     */
    next(type: number, len: number) {
        const n = Buffer.alloc(12)
        const a = Buffer.alloc(13)
        const iv = this.iv
        const xor = iv.length === 12
        n.blitAt(0, iv, 0, iv.length)
        let s = this.seq++
        for (let i = 7; i >= 0; i--) {
            const b = s % 256
            a[i] = b
            n[i + 4] = xor ? n[i + 4] ^ b : b
            s = Math.floor(s / 256)
        }
        a[8] = type
        a[9] = 3
        a[10] = 3
        a[11] = len >> 8
        a[12] = len & 0xff
        this.nonce = n
        this.aad = a
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
    /** the header of a record whose body has not all arrived */
    hdr: Buffer

    constructor(transport: Transport) {
        this.transport = transport
        this.read = null
        this.write = null
        this.writeVersion = 0x0301
        this.chunks = []
        this.head = 0
        this.avail = 0
    }

    /** waits until `n` bytes are buffered: 1 = ok, 0 = the peer closed first, -1 = timeout */
    private async fill(n: number): Promise<number> {
        while (this.avail < n) {
            let b: Buffer
            try {
                b = await this.transport.recv(this.timeout)
            } catch (e) {
                // the runtime reports a reset (or a failed write) on the next read
                throw new TlsError(Alert.None, "server closed the connection (" + ((e as any).message || e) + ")")
            }
            if (b === undefined) return -1
            if (b === null) return 0
            if (b.length === 0) continue
            this.chunks.push(b)
            this.avail += b.length
        }
        return 1
    }

    /** moves `n` buffered bytes (n <= avail) into dst[off..] (a new buffer when dst is null); returns dst */
    private take(n: number, dst?: Buffer, off?: number): Buffer {
        const c0 = this.chunks[0]
        if (!dst) {
            if (c0 && this.head === 0 && c0.length === n) {
                // a whole received chunk is passed on as is
                this.chunks.shift()
                this.avail -= n
                return c0
            }
            dst = Buffer.alloc(n)
            off = 0
        }
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
        return dst
    }

    /**
     * Reads one record and removes its protection. Returns null when the peer closed the connection at a record
     * boundary, undefined on timeout (nothing consumed: the call can be repeated). Throws TlsError for malformed,
     * oversized, truncated or unauthenticated records.
     */
    async readRecord(): Promise<TlsRecord> {
        // the header is taken first and kept until the body is here (a timeout in between consumes nothing)
        let h = this.hdr
        if (!h) {
            const f = await this.fill(5)
            if (f < 0) return undefined
            if (f === 0) {
                failIf(this.avail > 0, Alert.None, "connection closed inside a record header (truncated)")
                return null
            }
            h = this.hdr = this.take(5)
        }
        let type = h[0]
        const len = (h[3] << 8) | h[4]
        if (type < 20 || type > 23 || h[1] !== 3)
            throw new TlsError(Alert.UnexpectedMessage, "not a TLS record: peer sent " + Buffer.concat(h, this.take(Math.min(this.avail, 11))).toString("hex"))
        const prot = this.read
        const v13 = prot && prot.version === 0x0304
        const encrypted = prot && (!v13 || type === ContentType.ApplicationData)
        const limit = !encrypted ? MAX_PLAINTEXT : v13 ? MAX_CIPHERTEXT_13 : MAX_CIPHERTEXT_12
        failIf(len > limit, Alert.RecordOverflow, `record of ${len} bytes exceeds the ${limit}-byte limit`)
        const g = await this.fill(len)
        if (g < 0) return undefined
        failIf(g === 0, Alert.None, `connection closed after ${this.avail} of ${len} bytes of a record (truncated)`)
        this.hdr = null
        let buf: Buffer
        let off = 0
        let end = len
        if (!encrypted) {
            buf = this.take(len)
        } else {
            // heap: a 16 KB record must not be held in several copies. When one received chunk holds the whole
            // record it is decrypted in place there; otherwise the ciphertext is gathered into a buffer of its
            // own size. Explicit nonce (TLS 1.2 GCM) and tag are taken apart.
            const ex = prot.iv.length === 4 ? 8 : 0
            const n = len - ex - TAG_LEN
            failIf(n < (v13 ? 1 : 0), Alert.BadRecordMac, "encrypted record too short")
            prot.next(type, n)
            const nonce = prot.nonce
            const c = this.chunks[0]
            let tag: Buffer
            if (c && c.length - this.head >= len) {
                buf = c
                off = this.head + ex
                if (ex) nonce.blitAt(4, c, off - 8, 8)
                tag = c.slice(off + n, off + n + TAG_LEN)
                this.head += len
                this.avail -= len
                if (this.head === c.length) {
                    this.chunks.shift()
                    this.head = 0
                }
            } else {
                if (ex) this.take(8, nonce, 4)
                buf = this.take(n)
                tag = this.take(TAG_LEN)
            }
            failIf(!(await prot.aead.decryptInPlace(nonce, v13 ? h : prot.aad, buf, off, n, tag)), Alert.BadRecordMac, "record authentication failed")
            end = off + n
            if (v13) {
                // inner plaintext: content || type || zero padding
                end--
                while (end >= off && buf[end] === 0) end--
                failIf(end < off, Alert.UnexpectedMessage, "encrypted record without content type")
                type = buf[end]
            }
            failIf(end - off > MAX_PLAINTEXT, Alert.RecordOverflow, `record plaintext of ${end - off} bytes exceeds 2^14`)
        }
        return {
            type: type,
            data: type === ContentType.ApplicationData ? null : off === 0 && end === buf.length ? buf : buf.slice(off, end),
            buf: buf,
            off: off,
            end: end,
        }
    }

    /** Writes `data` as one or more records of `type` (protected when write keys are set). */
    async writeRecord(type: number, data: Buffer) {
        let off = 0
        for (;;) {
            const len = Math.min(MAX_PLAINTEXT, data.length - off)
            // one record, header included, in a single buffer: TLS 1.3 inner plaintext = content || type (no
            // padding) in an application_data record; TLS 1.2 GCM: explicit nonce (= the sequence number) first
            const prot = this.write
            const v13 = prot && prot.version === 0x0304
            const ex = prot && prot.iv.length === 4 ? 8 : 0
            const n = v13 ? len + 1 : len
            const rlen = prot ? ex + n + TAG_LEN : len
            const r = Buffer.alloc(5 + rlen)
            r[0] = v13 ? ContentType.ApplicationData : type
            r[1] = 3
            r[2] = prot ? 3 : this.writeVersion & 0xff
            r[3] = rlen >> 8
            r[4] = rlen & 0xff
            r.blitAt(5 + ex, data, off, len)
            if (prot) {
                r[5 + ex + len] = type // (overwritten by the tag in TLS 1.2)
                prot.next(type, len)
                r.blitAt(5, prot.nonce, 4, ex)
                const tag = await prot.aead.encryptInPlace(prot.nonce, v13 ? r.slice(0, 5) : prot.aad, r, 5 + ex, n)
                r.blitAt(5 + ex + n, tag, 0, TAG_LEN)
            }
            try {
                await this.transport.send(r)
            } catch (e) {
                // the peer closed: its alert, if it sent one first, is the reason (e.g. a rejected client
                // certificate), else the transport error
                this.timeout = 1000
                let a: TlsRecord = null
                try {
                    a = await this.readRecord()
                } catch (e2) {}
                if (a && a.type === ContentType.Alert && a.data.length === 2) throw new TlsError(a.data[1], "", true)
                throw new TlsError(Alert.None, "server closed the connection while we were sending (" + ((e as any).message || e) + ")")
            }
            off += len
            if (off >= data.length) break
        }
    }
}
