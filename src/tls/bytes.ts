// Byte cursors for building and parsing TLS messages (big-endian integers of 1..3 bytes, vectors with 1..3-byte
// length prefixes). ByteWriter grows a Buffer; `len(n)` reserves an n-byte length field and returns a function
// that fills it in once the body is written, so nested vectors are written top to bottom. ByteReader checks
// every bound: malformed input ends in TlsError(decode_error), never in a read past the end.
// (Few generic methods rather than one per width: the runtime caps a program's code at 64 KB.)
import { Alert, TlsError } from "./errors"

export class ByteWriter {
    buf: Buffer
    len: number

    constructor(capacity?: number) {
        this.buf = Buffer.alloc(capacity || 256)
        this.len = 0
    }

    private room(n: number) {
        if (this.len + n <= this.buf.length) return
        let cap = this.buf.length * 2
        while (cap < this.len + n) cap *= 2
        const nb = Buffer.alloc(cap)
        nb.blitAt(0, this.buf, 0, this.len)
        this.buf = nb
    }

    /** an n-byte big-endian integer */
    int(v: number, n: number) {
        this.room(n)
        for (let i = n - 1; i >= 0; i--) {
            this.buf[this.len + i] = v & 0xff
            v >>= 8
        }
        this.len += n
    }

    u8(v: number) {
        this.int(v, 1)
    }

    u16(v: number) {
        this.int(v, 2)
    }

    bytes(data: Buffer) {
        this.room(data.length)
        this.buf.blitAt(this.len, data, 0, data.length)
        this.len += data.length
    }

    /** a vector with an n-byte length prefix */
    vec(data: Buffer, n: number) {
        this.int(data.length, n)
        this.bytes(data)
    }

    /** reserves an n-byte length; call the result after writing the body */
    lenField(n: number): () => void {
        this.int(0, n)
        const at = this.len
        const self = this
        return () => {
            let v = self.len - at
            for (let i = 1; i <= n; i++) {
                self.buf[at - i] = v & 0xff
                v >>= 8
            }
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

    remaining(): number {
        return this.end - this.pos
    }

    private need(n: number) {
        if (this.pos + n > this.end) throw new TlsError(Alert.DecodeError, "malformed " + this.what)
    }

    /** an n-byte big-endian integer */
    int(n: number): number {
        this.need(n)
        let v = 0
        for (let i = 0; i < n; i++) v = (v << 8) | this.buf[this.pos++]
        return v
    }

    bytes(n: number): Buffer {
        this.need(n)
        const r = this.buf.slice(this.pos, this.pos + n)
        this.pos += n
        return r
    }

    /** a vector with an n-byte length prefix */
    vec(n: number): Buffer {
        return this.bytes(this.int(n))
    }

    /** a reader over the next vector with an n-byte length prefix; this reader moves past it */
    sub(n: number, what: string): ByteReader {
        const len = this.int(n)
        this.need(len)
        const r = new ByteReader(this.buf, what, this.pos, this.pos + len)
        this.pos += len
        return r
    }

    /** fails unless everything was read */
    done() {
        if (this.pos !== this.end) throw new TlsError(Alert.DecodeError, "malformed " + this.what)
    }
}

/** equality of two buffers (no early exit on content) */
export function bufEq(a: Buffer, b: Buffer): boolean {
    if (a.length !== b.length) return false
    let d = 0
    for (let i = 0; i < a.length; i++) d |= a[i] ^ b[i]
    return d === 0
}
