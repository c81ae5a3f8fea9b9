// DER reader that never reads past its input.
//
// A DerReader keeps the header of the last element it read (tag, value start, value end) in its fields, so the
// hot path is one method call per element with no allocation. Every read is bounded by a `limit` (the end of
// the enclosing element): a length that runs past it, indefinite lengths, non-minimal length encodings,
// lengths of more than 4 bytes, high tag numbers and truncated headers all throw an X509Error(E_DER).
// Positions are absolute offsets into the buffer: callers keep offsets, never copies.
import { X509Error, E_DER } from "./errors"

export const T_BOOLEAN = 0x01
export const T_INTEGER = 0x02
export const T_BITSTRING = 0x03
export const T_OCTETSTRING = 0x04
export const T_NULL = 0x05
export const T_OID = 0x06
export const T_UTF8 = 0x0c
export const T_PRINTABLE = 0x13
export const T_IA5 = 0x16
export const T_UTCTIME = 0x17
export const T_GENTIME = 0x18
export const T_SEQUENCE = 0x30
export const T_SET = 0x31

export class DerReader {
    buf: Buffer
    /** tag byte of the last element read */
    tag: number
    /** start of its header */
    hs: number
    /** start of its value */
    vs: number
    /** end of its value (= position of the next element) */
    ve: number

    constructor(buf: Buffer) {
        this.buf = buf
        this.tag = 0
        this.hs = 0
        this.vs = 0
        this.ve = 0
    }

    /** Reads the header of the element at `pos`, which must end by `limit`. Returns the end of the element. */
    head(pos: number, limit: number): number {
        const b = this.buf
        if (limit > b.length) limit = b.length
        if (pos + 2 > limit) throw derErr()
        const tag = b[pos]
        if ((tag & 0x1f) === 0x1f) throw derErr()
        let len = b[pos + 1]
        let p = pos + 2
        if (len & 0x80) {
            const n = len & 0x7f
            if (n === 0) throw derErr()
            if (n > 4) throw derErr()
            if (p + n > limit) throw derErr()
            if (b[p] === 0) throw derErr()
            len = 0
            for (let k = 0; k < n; k++) len = len * 256 + b[p + k]
            if (len < 0x80) throw derErr()
            p += n
        }
        const end = p + len
        if (end > limit) throw derErr()
        this.tag = tag
        this.hs = pos
        this.vs = p
        this.ve = end
        return end
    }

    /** `head` and check the tag and that the element ends exactly at `limit` (it fills its container). */
    fill(pos: number, limit: number, tag: number): void {
        if (this.expect(pos, limit, tag) !== limit) throw derErr()
    }

    /** `head` and check the tag. */
    expect(pos: number, limit: number, tag: number): number {
        const e = this.head(pos, limit)
        if (this.tag !== tag) throw derErr()
        return e
    }

    /** Hex of the value of the last element (OIDs are looked up by their content hex). */
    hexValue(): string {
        return this.buf.slice(this.vs, this.ve).toString("hex")
    }

    /**
     * Value of the last INTEGER as a number; it must be non-negative, minimally encoded and below 2^48.
     */
    smallInt(): number {
        const b = this.buf
        const s = this.vs
        const n = this.ve - s
        if (this.tag !== T_INTEGER || n < 1) throw derErr()
        if (b[s] & 0x80) throw derErr()
        if (n > 1 && b[s] === 0 && !(b[s + 1] & 0x80)) throw derErr()
        if (n > 7) throw derErr()
        let v = 0
        for (let k = s; k < this.ve; k++) v = v * 256 + b[k]
        return v
    }

    /**
     * Bounds of the magnitude of the last INTEGER, which must be positive (leading zero stripped):
     * [start, end). Throws on a negative, zero-length or non-minimal INTEGER.
     */
    posInt(): number {
        const b = this.buf
        let s = this.vs
        const n = this.ve - s
        if (this.tag !== T_INTEGER || n < 1) throw derErr()
        if (b[s] & 0x80) throw derErr()
        if (b[s] === 0 && n > 1) {
            if (!(b[s + 1] & 0x80)) throw derErr()
            s++
        }
        return s
    }

    /** The last element is a BIT STRING with no unused bits; returns the start of its content bytes. */
    bitsBytes(): number {
        if (this.tag !== T_BITSTRING || this.ve - this.vs < 1 || this.buf[this.vs] !== 0)
            throw derErr()
        return this.vs + 1
    }

    /** The last element is a BOOLEAN (DER: 0x00 or 0xff); returns its value. */
    bool(): boolean {
        const v = this.buf[this.vs]
        if (this.tag !== T_BOOLEAN || this.ve - this.vs !== 1 || (v !== 0 && v !== 0xff))
            throw derErr()
        return v === 0xff
    }
}

/** The error every malformed-DER check throws (no detail: each call site costs bytecode). */
export function derErr(): X509Error {
    return new X509Error(E_DER, "")
}

/** true if buf[s, e) equals lit (inline byte loop; one call) */
export function bytesEqual(a: Buffer, as: number, ae: number, b: Buffer, bs: number, be: number): boolean {
    const n = ae - as
    if (n !== be - bs) return false
    for (let k = 0; k < n; k++) if (a[as + k] !== b[bs + k]) return false
    return true
}
