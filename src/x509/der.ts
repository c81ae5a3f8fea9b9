// DER reading: a structure check that never reads past its input, and a cursor to navigate checked data.
//
// derCheck walks every element of a range, descending into constructed ones, and throws X509Error(E_DER) on
// anything malformed: a length running past its container, indefinite or non-minimal lengths, lengths of more
// than 4 bytes, high tag numbers, truncated headers, children not filling their parent exactly. Parsers call it
// once on their input (and on DER carried in OCTET/BIT STRINGs), then navigate with a Der cursor, which re-reads
// headers with the same bounds checks and only adds the tag and "filled exactly" checks. Positions are absolute
// offsets into the buffer: callers keep offsets, never copies. Compact by design (the firmware's bytecode
// budget): few functions, no per-site error text.
import { charge, relax } from "../platform/budget"
import { X509Error, E_DER } from "./errors"

export const T_BOOLEAN = 0x01
export const T_INTEGER = 0x02
export const T_BITSTRING = 0x03
export const T_OCTETSTRING = 0x04
export const T_NULL = 0x05
export const T_OID = 0x06
export const T_SEQUENCE = 0x30

/** The error of every malformed-DER check (no detail: each call site costs bytecode). */
export function derErr(): X509Error {
    return new X509Error(E_DER, "")
}

export class Der {
    b: Buffer
    /** cursor and end of the current container */
    p: number
    end: number
    /** ends of the enclosing containers: ends[0 .. depth) */
    ends: number[]
    depth: number
    /** last element read: tag, header start, value start, value end */
    t: number
    hs: number
    vs: number
    ve: number

    constructor(b: Buffer, s: number, e: number) {
        this.b = b
        this.p = s
        this.end = e
        this.ends = []
        this.depth = 0
    }

    more(): boolean {
        return this.p < this.end
    }

    /** tag of the next element, -1 at the end of the container */
    peek(): number {
        return this.p < this.end ? this.b[this.p] : -1
    }

    /** Reads the next element (any tag) and moves past it; returns its tag. */
    any(): number {
        const b = this.b
        const pos = this.p
        const lim = this.end
        if (pos + 2 > lim) throw derErr()
        const t = b[pos]
        let len = b[pos + 1]
        let p = pos + 2
        if ((t & 0x1f) === 0x1f) throw derErr()
        if (len & 0x80) {
            const n = len & 0x7f
            if (n < 1 || n > 4 || p + n > lim || !b[p]) throw derErr()
            len = 0
            for (let k = 0; k < n; k++) len = len * 256 + b[p + k]
            p += n
            if (len < 0x80) throw derErr()
        }
        if (p + len > lim) throw derErr()
        this.t = t
        this.hs = pos
        this.vs = p
        this.p = this.ve = p + len
        return t
    }

    /** Reads the next element, which must have tag `t`; returns its value start. */
    next(t: number): number {
        if (this.any() !== t) throw derErr()
        return this.vs
    }

    /** Reads the next element (tag t) and enters its value. */
    into(t: number) {
        this.next(t)
        this.sub(this.vs, this.ve)
    }

    /** Enters buf[s, e) (e.g. DER carried in a string type) as the current container. */
    sub(s: number, e: number) {
        this.ends[this.depth++] = this.end
        this.p = s
        this.end = e
    }

    /** Leaves the current container, which must have been read entirely. */
    out() {
        if (this.p !== this.end) throw derErr()
        this.end = this.ends[--this.depth]
    }

    /** The value of the last element's content in `table` (oids.ts: entries of length, bytes, value); 0 if absent. */
    oid(table: Buffer): number {
        const n = this.ve - this.vs
        for (let i = 0; i < table.length; i += table[i] + 2)
            if (table[i] === n && bytesEqual(table, i + 1, i + 1 + n, this.b, this.vs, this.ve)) return table[i + 1 + n]
        return 0
    }

    /** The last element is a non-negative INTEGER below 2^48; returns it. */
    int(): number {
        const s = this.posInt()
        if (this.ve - s > 6) throw derErr()
        let v = 0
        for (let k = s; k < this.ve; k++) v = v * 256 + this.b[k]
        return v
    }

    /** The last element is a non-negative, minimal INTEGER; returns the start of its magnitude (sign byte dropped). */
    posInt(): number {
        const b = this.b
        const s = this.vs
        const n = this.ve - s
        if (this.t !== T_INTEGER || n < 1 || b[s] & 0x80 || (n > 1 && !b[s] && !(b[s + 1] & 0x80))) throw derErr()
        return n > 1 && !b[s] ? s + 1 : s
    }

    /** The last element is a BOOLEAN (DER: 00 or ff); returns it. */
    bool(): boolean {
        if (this.t !== T_BOOLEAN || this.ve - this.vs !== 1 || (this.b[this.vs] + 1) & 0xfe) throw derErr()
        return !!this.b[this.vs]
    }
}

/** Checks the DER structure of buf[s, e) (a sequence of elements), descending into constructed elements. */
export async function derCheck(buf: Buffer, s: number, e: number) {
    const d = new Der(buf, s, e)
    for (;;) {
        if (d.more()) {
            if (d.any() & 0x20) d.sub(d.vs, d.ve)
            if (charge(4)) await relax()
        } else if (d.depth) d.out()
        else return
    }
}

/** true if a[as, ae) equals b[bs, be) */
export function bytesEqual(a: Buffer, as: number, ae: number, b: Buffer, bs: number, be: number): boolean {
    const n = ae - as
    if (n !== be - bs) return false
    for (let k = 0; k < n; k++) if (a[as + k] !== b[bs + k]) return false
    return true
}
