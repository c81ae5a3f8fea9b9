// DER reading: a structure check that never reads past its input, and a cursor to navigate checked data.
//
// derCheck walks every element of a range, descending into constructed ones, and throws E_DER (a plain number, errors.ts) on
// anything malformed: a length running past its container, indefinite or non-minimal lengths, lengths of more
// than 4 bytes, high tag numbers, truncated headers, children not filling their parent exactly. Parsers call it
// once on their input (and on DER carried in OCTET/BIT STRINGs), then navigate with a Der cursor, which re-reads
// headers with the same bounds checks and only adds the tag and "filled exactly" checks. Positions are absolute
// offsets into the buffer: callers keep offsets, never copies. Compact by design (the firmware's bytecode
// budget): few functions, no per-site error text.
import { charge, relax } from "../platform/budget"
import { E_DER } from "./errors"

export const T_BOOLEAN = 0x01
export const T_INTEGER = 0x02
export const T_BITSTRING = 0x03
export const T_OCTETSTRING = 0x04
export const T_NULL = 0x05
export const T_OID = 0x06
export const T_SEQUENCE = 0x30

export class Der {
    b: Buffer
    /** cursor and end of the current container */
    p: number
    end: number
    /** ends of the enclosing containers (a stack) */
    ends: number[]
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
        let p = this.p
        const t = b[p]
        let len = b[p + 1]
        this.hs = p
        p += 2
        if (+(p > this.end) | +((t & 0x1f) === 0x1f)) throw E_DER
        if (len & 0x80) {
            let n = len & 0x7f
            // 1..4 length bytes, no leading zero, a value that needs the long form
            if (+((n - 1) >>> 0 > 3) | +(p + n > this.end) | +!b[p]) throw E_DER
            for (len = 0; n--; ) len = len * 256 + b[p++]
            if (len < 0x80) throw E_DER
        }
        this.vs = p
        this.p = this.ve = p += len
        if (p > this.end) throw E_DER
        return (this.t = t)
    }

    /** Reads the next element, which must have tag `t`; returns its value start. */
    next(t: number): number {
        if (this.any() !== t) throw E_DER
        return this.vs
    }

    /** Reads the next element (tag t) and enters its value. */
    into(t: number) {
        this.sub(this.next(t), this.ve)
    }

    /** Enters buf[s, e) (e.g. DER carried in a string type) as the current container. */
    sub(s: number, e: number) {
        this.ends.push(this.end)
        this.p = s
        this.end = e
    }

    /** Leaves the current container, which must have been read entirely. */
    out() {
        if (this.p !== this.end) throw E_DER
        this.end = this.ends.pop()
    }

    /** The value of the last element's content in `table` (oids.ts: ",<hex>=<digit>" entries); 0 if absent. */
    oid(table: string): number {
        const k = "," + this.b.slice(this.vs, this.ve).toString("hex") + "="
        const i = table.indexOf(k)
        return i < 0 ? 0 : table.charCodeAt(i + k.length) - 48
    }

    /**
     * The last element is a non-negative, minimal INTEGER; returns the start of its magnitude (sign byte
     * dropped). With `small`: it must be below 2^48, and its value is returned instead.
     */
    posInt(small?: boolean): number {
        const b = this.b
        let s = this.vs
        const e = this.ve
        // a leading zero byte, allowed only before a byte >= 0x80
        const z = +(e - s > 1) & +!b[s]
        if (+(this.t !== T_INTEGER) | +(s === e) | (b[s] & 0x80) | (z & +!(b[s + 1] & 0x80))) throw E_DER
        s += z
        if (!small) return s
        if (e - s > 6) throw E_DER
        let v = 0
        while (s < e) v = v * 256 + b[s++]
        return v
    }

    /** The last element is a BOOLEAN (DER: 00 or ff); returns it. */
    bool(): boolean {
        const v = this.b[this.vs]
        if (+(this.t !== T_BOOLEAN) | +(this.ve - this.vs !== 1) | ((v + 1) & 0xfe)) throw E_DER
        return !!v
    }
}

/** Checks the DER structure of buf[s, e) (a sequence of elements), descending into constructed elements. */
export async function derCheck(buf: Buffer, s: number, e: number) {
    const d = new Der(buf, s, e)
    for (;;) {
        if (d.p < d.end) {
            if (d.any() & 0x20) d.sub(d.vs, d.ve)
            if (charge(4)) await relax()
        } else if (d.ends.length) d.out()
        else return
    }
}

/** true if a[as, ae) equals b[bs, be) */
export function bytesEqual(a: Buffer, as: number, ae: number, b: Buffer, bs: number, be: number): boolean {
    if (ae - as !== be - bs) return false
    while (as < ae) if (a[as++] !== b[bs++]) return false
    return true
}
