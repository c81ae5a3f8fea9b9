// VM side of the crypto differential tests: rebuilds the inputs described by the generated vectors.
import { charge, relax } from "../../src/platform/budget"

/** An input as written by rec() in test/lib/cryptogen.mjs: hex, or "#seed:len" for the LCG stream. */
export interface InputSpec {
    hex: string
    seed: number
    len: number
}

/** s.split(sep) with the native indexOf (String.split calls a function per character: slow, no yield) */
export function fields(s: string, sep: string): string[] {
    const r: string[] = []
    let p = 0
    for (;;) {
        const q = s.indexOf(sep, p)
        if (q < 0) break
        r.push(s.slice(p, q))
        p = q + sep.length
    }
    r.push(s.slice(p))
    return r
}

export function spec(field: string): InputSpec {
    if (field.length > 0 && field.charCodeAt(0) === 35) {
        const p = fields(field.slice(1), ":")
        return { hex: "", seed: parseInt(p[0]), len: parseInt(p[1]) }
    }
    return { hex: field, seed: 0, len: field.length >> 1 }
}

/** The LCG stream of test/lib/cryptogen.mjs, read in pieces (a 64 KB input does not fit the VM heap at once). */
export class Lcg {
    x: number
    constructor(seed: number) {
        this.x = seed
    }
    /** n bytes of the stream, in a buffer with `extra` zero bytes after them */
    async next(n: number, extra?: number): Promise<Buffer> {
        const b = Buffer.alloc(n + (extra || 0))
        let x = this.x
        for (let i = 0; i < n; i++) {
            x = (Math.imul(x, 1664525) + 1013904223) | 0
            b[i] = x >>> 24
            if ((i & 255) === 255 && charge(600)) await relax()
        }
        this.x = x
        return b
    }
}

/** The input bytes: hex as sent, or the LCG stream; `extra` zero bytes of room after them. */
export async function inputOf(s: InputSpec, extra?: number): Promise<Buffer> {
    if (s.hex.length > 0 || s.len === 0) {
        const b = Buffer.from(s.hex, "hex")
        return extra ? Buffer.concat(b, Buffer.alloc(extra)) : b
    }
    return await new Lcg(s.seed).next(s.len, extra)
}

export function hex(s: string) {
    return Buffer.from(s, "hex")
}
