// Byte cursors for building and parsing TLS messages.
//
// ByteWriter grows a Buffer and writes big-endian integers; `lenU8/lenU16/lenU24` reserve a length field and
// return a function that fills it in once the body is written (so nested vectors are written top to bottom).
// ByteReader reads big-endian integers and vectors with bounds checks; every malformed input ends in a
// TlsError(decode_error) — never an exception from Buffer code or a read past the end.
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

    u8(v: number) {
        this.room(1)
        this.buf[this.len++] = v & 0xff
    }

    u16(v: number) {
        this.room(2)
        const b = this.buf
        const p = this.len
        b[p] = (v >> 8) & 0xff
        b[p + 1] = v & 0xff
        this.len = p + 2
    }

    u24(v: number) {
        this.room(3)
        const b = this.buf
        const p = this.len
        b[p] = (v >> 16) & 0xff
        b[p + 1] = (v >> 8) & 0xff
        b[p + 2] = v & 0xff
        this.len = p + 3
    }

    bytes(data: Buffer) {
        this.room(data.length)
        this.buf.blitAt(this.len, data, 0, data.length)
        this.len += data.length
    }

    /** writes an 8-bit length-prefixed vector */
    vec8(data: Buffer) {
        this.u8(data.length)
        this.bytes(data)
    }

    /** writes a 16-bit length-prefixed vector */
    vec16(data: Buffer) {
        this.u16(data.length)
        this.bytes(data)
    }

    /** size 2 or 3 */
    private lenField(size: number): () => void {
        this.room(size)
        const at = this.len
        this.len += size
        const self = this
        return () => {
            const n = self.len - at - size
            const b = self.buf
            if (size === 3) b[at] = (n >> 16) & 0xff
            b[at + size - 2] = (n >> 8) & 0xff
            b[at + size - 1] = n & 0xff
        }
    }

    /** reserves a 1-byte length; call the result after writing the body */
    lenU8(): () => void {
        this.room(1)
        const at = this.len
        this.len++
        const self = this
        return () => {
            self.buf[at] = (self.len - at - 1) & 0xff
        }
    }

    /** reserves a 2-byte length; call the result after writing the body */
    lenU16(): () => void {
        return this.lenField(2)
    }

    /** reserves a 3-byte length; call the result after writing the body */
    lenU24(): () => void {
        return this.lenField(3)
    }

    /** the bytes written so far (a copy) */
    result(): Buffer {
        return this.buf.slice(0, this.len)
    }
}

function decodeError(what: string): TlsError {
    return new TlsError(Alert.DecodeError, "malformed " + what)
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
        if (this.pos + n > this.end) throw decodeError(this.what)
    }

    u8(): number {
        this.need(1)
        return this.buf[this.pos++]
    }

    u16(): number {
        this.need(2)
        const b = this.buf
        const p = this.pos
        this.pos = p + 2
        return (b[p] << 8) | b[p + 1]
    }

    u24(): number {
        this.need(3)
        const b = this.buf
        const p = this.pos
        this.pos = p + 3
        return (b[p] << 16) | (b[p + 1] << 8) | b[p + 2]
    }

    bytes(n: number): Buffer {
        this.need(n)
        const r = this.buf.slice(this.pos, this.pos + n)
        this.pos += n
        return r
    }

    skip(n: number) {
        this.need(n)
        this.pos += n
    }

    vec8(): Buffer {
        return this.bytes(this.u8())
    }

    vec16(): Buffer {
        return this.bytes(this.u16())
    }

    vec24(): Buffer {
        return this.bytes(this.u24())
    }

    /** a reader over the next 16-bit length-prefixed vector; this reader moves past it */
    sub16(what: string): ByteReader {
        const n = this.u16()
        this.need(n)
        const r = new ByteReader(this.buf, what, this.pos, this.pos + n)
        this.pos += n
        return r
    }

    /** a reader over the next 24-bit length-prefixed vector; this reader moves past it */
    sub24(what: string): ByteReader {
        const n = this.u24()
        this.need(n)
        const r = new ByteReader(this.buf, what, this.pos, this.pos + n)
        this.pos += n
        return r
    }

    /** a reader over the next 8-bit length-prefixed vector; this reader moves past it */
    sub8(what: string): ByteReader {
        const n = this.u8()
        this.need(n)
        const r = new ByteReader(this.buf, what, this.pos, this.pos + n)
        this.pos += n
        return r
    }

    /** fails unless everything was read */
    done() {
        if (this.pos !== this.end) throw decodeError(this.what)
    }
}

/** constant-time-ish equality of two buffers (length leaks, content does not short-circuit) */
export function bufEq(a: Buffer, b: Buffer): boolean {
    if (a.length !== b.length) return false
    let d = 0
    for (let i = 0; i < a.length; i++) d |= a[i] ^ b[i]
    return d === 0
}
