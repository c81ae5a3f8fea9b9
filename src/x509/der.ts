// DER reading: a structure check that never reads past its input, and a cursor to navigate checked data.
//
// derCheck walks every element of a range, descending into constructed ones, and throws E_DER (a plain number, errors.ts) on
// anything malformed: a length running past its container, indefinite or non-minimal lengths, lengths of more
// than 4 bytes, high tag numbers, truncated headers, children not filling their parent exactly. Parsers call it
// once on their input (and on DER carried in OCTET/BIT STRINGs), then navigate with the cursor, which re-reads
// headers with the same bounds checks and only adds the tag and "filled exactly" checks. Positions are absolute
// offsets into the buffer: callers keep offsets, never copies. Compact by design (the firmware's bytecode
// budget): few functions, no per-site error text.
//
// The cursor is module state (a global costs fewer bytecode bytes than an object field): open() starts a walk,
// and it is valid until the next await. Code that awaits in the middle of a walk uses pause() and derCheck(),
// which put the caller's walk back before returning; values of the last element (T, HS, VS, VE) do not survive
// them. The tag of the next element is B[P] (where the container ends, B[P] is the tag of what follows it, or
// undefined: never a tag a caller looks for in a checked structure).
import { charge, relax } from "../platform/budget"
import { E_DER } from "./errors"

export const T_BOOLEAN = 0x01
export const T_INTEGER = 0x02
export const T_BITSTRING = 0x03
export const T_OCTETSTRING = 0x04
export const T_NULL = 0x05
export const T_OID = 0x06
export const T_SEQUENCE = 0x30

/** the buffer walked */
export let B: Buffer = null
/** cursor and end of the current container */
export let P = 0
export let END = 0
/** ends of the enclosing containers (a stack) */
let ENDS: number[] = []
/** last element read: tag, header start, value start, value end */
export let T = 0
export let HS = 0
export let VS = 0
export let VE = 0

/** Starts a walk over buf[s, e). */
export function open(buf: Buffer, s: number, e: number) {
    B = buf
    P = s
    END = e
    ENDS = []
}

/** Yields to other fibers when `units` exhaust the step budget (platform/budget.ts), keeping the walk. */
export async function pause(units: number) {
    if (charge(units)) {
        const h: any[] = [B, P, END, ENDS]
        await relax()
        B = h[0]
        P = h[1]
        END = h[2]
        ENDS = h[3]
    }
}

/** Reads the next element (any tag) and moves past it; returns its tag. */
export function any(): number {
    const b = B
    let p = P
    const t = b[p]
    let len = b[p + 1]
    HS = p
    p += 2
    if (+(p > END) | +((t & 0x1f) === 0x1f)) throw E_DER
    if (len & 0x80) {
        let n = len & 0x7f
        // 1..4 length bytes, no leading zero, a value that needs the long form
        if (+((n - 1) >>> 0 > 3) | +(p + n > END) | +!b[p]) throw E_DER
        for (len = 0; n--; ) len = len * 256 + b[p++]
        if (len < 0x80) throw E_DER
    }
    VS = p
    P = VE = p += len
    if (p > END) throw E_DER
    return (T = t)
}

/** Reads the next element, which must have tag `t`; returns its value start. */
export function next(t: number): number {
    if (any() !== t) throw E_DER
    return VS
}

/** Reads the next element (tag t) and enters its value. */
export function into(t: number) {
    sub(next(t), VE)
}

/** Enters B[s, e) (e.g. DER carried in a string type) as the current container. */
export function sub(s: number, e: number) {
    ENDS.push(END)
    P = s
    END = e
}

/** Leaves the current container, which must have been read entirely. */
export function out() {
    if (P !== END) throw E_DER
    END = ENDS.pop()
}

/** Skips the rest of the current container (checked DER). */
export function skip() {
    while (P < END) any()
}

/** The value of the last element's content in `table` (oids.ts: ",<hex>=<digit>" entries); 0 if absent. */
export function oid(table: string): number {
    const k = "," + B.slice(VS, VE).toString("hex") + "="
    const i = table.indexOf(k)
    return i < 0 ? 0 : table.charCodeAt(i + k.length) - 48
}

/**
 * The last element is a non-negative, minimal INTEGER; returns the start of its magnitude (sign byte
 * dropped). With `small`: it must be below 2^48, and its value is returned instead.
 */
export function posInt(small?: boolean): number {
    const b = B
    let s = VS
    const e = VE
    // a leading zero byte, allowed only before a byte >= 0x80
    const z = +(e - s > 1) & +!b[s]
    if (+(T !== T_INTEGER) | +(s === e) | (b[s] & 0x80) | (z & +!(b[s + 1] & 0x80))) throw E_DER
    s += z
    if (!small) return s
    if (e - s > 6) throw E_DER
    let v = 0
    while (s < e) v = v * 256 + b[s++]
    return v
}

/** The last element is a BOOLEAN (DER: 00 or ff); returns it. */
export function bool(): boolean {
    const v = B[VS]
    if (+(T !== T_BOOLEAN) | +(VE - VS !== 1) | ((v + 1) & 0xfe)) throw E_DER
    return !!v
}

/**
 * Checks the DER structure of buf[s, e) (a sequence of elements), descending into constructed elements. The
 * caller's walk is kept.
 */
export async function derCheck(buf: Buffer, s: number, e: number) {
    const h: any[] = [B, P, END, ENDS]
    open(buf, s, e)
    for (;;) {
        if (P < END) {
            if (any() & 0x20) sub(VS, VE)
            await pause(4)
        } else if (ENDS.length) out()
        else break
    }
    B = h[0]
    P = h[1]
    END = h[2]
    ENDS = h[3]
}

/** true if a[as, ae) equals b[bs, be) */
export function bytesEqual(a: Buffer, as: number, ae: number, b: Buffer, bs: number, be: number): boolean {
    if (ae - as !== be - bs) return false
    while (as < ae) if (a[as++] !== b[bs++]) return false
    return true
}
