// Byte cursors for building and parsing TLS messages (big-endian integers of 1..3 bytes, vectors with 1..3-byte
// length prefixes). ByteWriter grows a Buffer; `put(0, n)` reserves an n-byte length field and returns where the
// body starts, `close(at, n)` fills it in once the body is written, so nested vectors are written top to
// bottom. ByteReader checks every bound: malformed input ends in TlsError(decode_error), never in a read past
// the end. (Few generic methods rather than one per width: the runtime caps a program's code at 64 KB.)
import { Alert, TlsError, failIf } from "./errors"

export class ByteWriter {
    buf: Buffer
    len: number

    constructor(capacity?: number) {
        this.buf = Buffer.alloc(capacity || 256)
        this.len = 0
    }

    /** an n-byte big-endian integer `v` (n may be 0), then `data` if given; returns the length written so far */
    put(v: number, n: number, data?: Buffer): number {
        const dl = data ? data.length : 0
        let b = this.buf
        let at = this.len
        if (at + n + dl > b.length) {
            const nb = Buffer.alloc(2 * (at + n + dl))
            nb.blitAt(0, b, 0, at)
            this.buf = b = nb
        }
        for (let i = n - 1; i >= 0; i--) {
            b[at + i] = v & 0xff
            v >>= 8
        }
        at += n
        if (dl) b.blitAt(at, data, 0, dl)
        return (this.len = at + dl)
    }

    /** a vector with an n-byte length prefix */
    vec(data: Buffer, n: number) {
        this.put(data.length, n, data)
    }

    /** fills the n-byte length field that ends at `at` (from `put(0, n)`) with the length written since */
    close(at: number, n: number) {
        let v = this.len - at
        for (let i = 1; i <= n; i++) {
            this.buf[at - i] = v & 0xff
            v >>= 8
        }
    }

    /** the bytes written so far (a copy) */
    result(): Buffer {
        return this.buf.slice(0, this.len)
    }
}

export class ByteReader {
    buf: Buffer
    pos: number
    end: number
    what: string

    /** reads buf[start, end); `what` names the message in errors */
    constructor(buf: Buffer, what: string, start?: number, end?: number) {
        this.buf = buf
        this.pos = start || 0
        this.end = end === undefined ? buf.length : end
        this.what = what
    }

    /** moves past the next n bytes; returns where they start */
    skip(n: number): number {
        const p = this.pos
        failIf(p + n > this.end, Alert.DecodeError, "malformed " + this.what)
        this.pos = p + n
        return p
    }

    /** an n-byte big-endian integer */
    int(n: number): number {
        const p = this.skip(n)
        let v = 0
        for (let i = 0; i < n; i++) v = (v << 8) | this.buf[p + i]
        return v
    }

    /** a vector with an n-byte length prefix */
    vec(n: number): Buffer {
        const len = this.int(n)
        const p = this.skip(len)
        return this.buf.slice(p, p + len)
    }

    /** a reader over the next vector with an n-byte length prefix; this reader moves past it */
    sub(n: number): ByteReader {
        const len = this.int(n)
        const p = this.skip(len)
        return new ByteReader(this.buf, this.what, p, p + len)
    }

    /** fails unless everything was read */
    done() {
        if (this.pos !== this.end) this.skip(this.end + 1)
    }
}

/** equality of two buffers (no early exit on content) */
export function bufEq(a: Buffer, b: Buffer): boolean {
    if (a.length !== b.length) return false
    let d = 0
    for (let i = 0; i < a.length; i++) d |= a[i] ^ b[i]
    return d === 0
}
