// Base64 (RFC 4648, standard alphabet, padded) over Buffers.
//
// Decoding skips ASCII whitespace (space, tab, CR, LF, VT, FF) anywhere, so PEM bodies with any line length,
// CRLF line ends and blank lines decode directly; anything else outside the alphabet, a '=' that is not final
// padding, or a missing/extra padding character throws. Work is charged to the step budget (a 20 KB input is
// far beyond one VM slice) and the loops are inlined (a call costs as much as ~60 loop iterations).
import { charge, relax } from "../platform/budget"

// byte -> 6-bit value; 0x40 whitespace, 0x41 '=', 0xff invalid
const DEC = hex`
ffffffffffffffffff4040404040ffffffffffffffffffffffffffffffffffff
40ffffffffffffffffffff3effffff3f3435363738393a3b3c3dffffff41ffff
ff000102030405060708090a0b0c0d0e0f10111213141516171819ffffffffff
ff1a1b1c1d1e1f202122232425262728292a2b2c2d2e2f30313233ffffffffff
ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff
ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff
ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff
ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff`

const ENC = Buffer.from("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")

/** budget units charged per 64 input bytes (each byte is a few table lookups and branches) */
const UNITS_PER_64 = 160

/**
 * Decode `src[start, end)`. Throws Error("base64: ...") on a character outside the alphabet (whitespace
 * excepted), misplaced '=', or a length that is not a whole number of 4-character groups.
 */
export async function base64Decode(src: Buffer, start?: number, end?: number): Promise<Buffer> {
    if (start === undefined) start = 0
    if (end === undefined || end > src.length) end = src.length
    // pass 1: validate and count significant characters, so the output is allocated at its exact size
    let n = 0
    let pad = 0
    for (let i = start; i < end; i++) {
        const v = DEC[src[i]]
        if (v < 0x40) {
            if (pad) throw new Error("base64: data after padding at offset " + i)
            n++
        } else if (v === 0x41) {
            pad++
            if (pad > 2) throw new Error("base64: too much padding at offset " + i)
        } else if (v !== 0x40) {
            throw new Error("base64: invalid character " + src[i] + " at offset " + i)
        }
        if ((i & 63) === 0 && charge(UNITS_PER_64)) await relax()
    }
    const r = n & 3
    if (pad ? r === 0 || pad !== 4 - r : r !== 0)
        throw new Error("base64: length " + n + " with " + pad + " padding is not a whole group")
    const out = Buffer.alloc((n >> 2) * 3 + (n & 3 ? (n & 3) - 1 : 0))
    // pass 2: decode (input already validated)
    let acc = 0
    let k = 0
    let o = 0
    for (let i = start; i < end; i++) {
        const v = DEC[src[i]]
        if (v < 0x40) {
            acc = (acc << 6) | v
            if (++k === 4) {
                out[o] = acc >> 16
                out[o + 1] = (acc >> 8) & 0xff
                out[o + 2] = acc & 0xff
                o += 3
                k = 0
                acc = 0
            }
        }
        if ((i & 63) === 0 && charge(UNITS_PER_64)) await relax()
    }
    if (k === 2) out[o] = acc >> 4
    else if (k === 3) {
        out[o] = acc >> 10
        out[o + 1] = (acc >> 2) & 0xff
    }
    return out
}

/**
 * Encode `data` as padded base64 (ASCII bytes). `lineLen` > 0 (a multiple of 4) inserts "\n" after every
 * `lineLen` characters and at the end, as PEM bodies are written.
 */
export async function base64Encode(data: Buffer, lineLen?: number): Promise<Buffer> {
    const len = data.length
    const chars = Math.idiv(len + 2, 3) * 4
    const ll = lineLen && lineLen > 0 ? lineLen : 0
    const lines = ll ? Math.idiv(chars + ll - 1, ll) : 0
    const out = Buffer.alloc(chars + lines)
    let o = 0
    let col = 0
    const full = len - (len % 3)
    for (let i = 0; i < full; i += 3) {
        const w = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2]
        out[o] = ENC[w >> 18]
        out[o + 1] = ENC[(w >> 12) & 63]
        out[o + 2] = ENC[(w >> 6) & 63]
        out[o + 3] = ENC[w & 63]
        o += 4
        if (ll) {
            col += 4
            if (col >= ll) {
                out[o++] = 10
                col = 0
            }
        }
        if ((i & 63) === 0 && charge(UNITS_PER_64)) await relax()
    }
    const rest = len - full
    if (rest) {
        const w = (data[full] << 16) | (rest === 2 ? data[full + 1] << 8 : 0)
        out[o] = ENC[w >> 18]
        out[o + 1] = ENC[(w >> 12) & 63]
        out[o + 2] = rest === 2 ? ENC[(w >> 6) & 63] : 61
        out[o + 3] = 61
        o += 4
        col += 4
    }
    if (ll && col) out[o++] = 10
    return out
}
