// Base64 (RFC 4648, standard alphabet, padded) decoding over Buffers.
//
// ASCII whitespace (space, tab, CR, LF, VT, FF) is skipped anywhere, so PEM bodies with any line length, CRLF
// line ends and blank lines decode directly; anything else outside the alphabet, a '=' that is not final
// padding, or a missing/extra padding character throws. Work is charged to the step budget (a 20 KB input is
// beyond one VM slice) and the loop is inlined (a call costs as much as ~60 loop iterations).
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

/** Decodes `src`. Throws Error("base64: ...") on a character outside the alphabet, misplaced or wrong padding. */
export async function base64Decode(src: Buffer): Promise<Buffer> {
    const out = Buffer.alloc((src.length >> 2) * 3 + 3)
    let acc = 0
    let k = 0
    let o = 0
    let pad = 0
    for (let i = 0; i < src.length; i++) {
        const v = DEC[src[i]]
        if (v < 0x40 && !pad) {
            acc = (acc << 6) | v
            if (++k === 4) {
                out[o] = (acc >> 16) & 0xff
                out[o + 1] = (acc >> 8) & 0xff
                out[o + 2] = acc & 0xff
                o += 3
                k = 0
            }
        } else if (v === 0x41) pad++
        else if (v !== 0x40) throw new Error("base64: bad character at " + i)
        if ((i & 63) === 0 && charge(160)) await relax()
    }
    // the last group: 2 or 3 characters padded to 4, or none
    if (pad ? k < 2 || k + pad !== 4 : k) throw new Error("base64: bad length or padding")
    if (k) {
        out[o++] = (acc >> (6 * k - 8)) & 0xff
        if (k === 3) out[o++] = (acc >> 2) & 0xff
    }
    return out.slice(0, o)
}

const ENC = Buffer.from("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=")

/** Encodes `data` as padded base64 (ASCII bytes, no line breaks). */
export async function base64Encode(data: Buffer): Promise<Buffer> {
    const n = data.length
    const out = Buffer.alloc(Math.idiv(n + 2, 3) * 4)
    let o = 0
    for (let i = 0; i < n; i += 3) {
        // bytes past the end read as undefined (0 in the bit operations); their characters become padding
        const v = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2]
        for (let k = 18; k >= 0; k -= 6) out[o++] = ENC[(v >> k) & 63]
        if (charge(8)) await relax()
    }
    // one '=' per missing byte of the last group
    for (let k = n % 3; k && k < 3; k++) out[o - 3 + k] = 61
    return out
}
