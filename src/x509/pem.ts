// PEM armor (RFC 7468): "-----BEGIN <label>-----" / base64 body / "-----END <label>-----".
//
// A file may hold several blocks (a CA bundle). Tolerated: CRLF or LF line ends, blank lines and any line
// length inside the body, spaces/tabs around the marker lines, a UTF-8 BOM, explanatory text outside the
// blocks (as `openssl x509 -text` writes). Rejected with Error("pem: ..."): no BEGIN line at all, a BEGIN
// without a matching END, an END label different from its BEGIN label, a block nested in another, RFC 1421
// headers (legacy "Proc-Type: 4,ENCRYPTED" keys), an invalid or truncated base64 body, an empty body.
import { base64Decode, base64Encode } from "./base64"

export interface PemBlock {
    label: string
    der: Buffer
}

const DASH = 0x2d
const NL = 0x0a
const BEGIN = Buffer.from("-----BEGIN ")
const END = Buffer.from("-----END ")

function startsWith(buf: Buffer, at: number, lit: Buffer): boolean {
    const n = lit.length
    if (at + n > buf.length) return false
    for (let k = 0; k < n; k++) if (buf[at + k] !== lit[k]) return false
    return true
}

/** true if only spaces/tabs (or a BOM at the start of the file) precede `at` on its line */
function atLineStart(buf: Buffer, at: number): boolean {
    let j = at
    while (j > 0 && (buf[j - 1] === 0x20 || buf[j - 1] === 0x09)) j--
    if (j === 0 || buf[j - 1] === NL || buf[j - 1] === 0x0d) return true
    return j === 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf
}

/** position of the next `lit` at a line start, from `from`; -1 if none */
function findMarker(buf: Buffer, from: number, lit: Buffer): number {
    let i = from
    for (;;) {
        i = buf.indexOf(DASH, i)
        if (i < 0) return -1
        if (startsWith(buf, i, lit) && atLineStart(buf, i)) return i
        // skip the run of dashes
        while (i < buf.length && buf[i] === DASH) i++
    }
}

/**
 * Reads "<label>-----" from `at` and checks the rest of the line is blank.
 * Returns [label, index of the next line] or throws.
 */
function markerTail(buf: Buffer, at: number, what: string): [string, number] {
    let nl = buf.indexOf(NL, at)
    if (nl < 0) nl = buf.length
    let e = nl
    while (e > at && (buf[e - 1] === 0x0d || buf[e - 1] === 0x20 || buf[e - 1] === 0x09)) e--
    if (e - at < 5 || !(buf[e - 1] === DASH && buf[e - 2] === DASH && buf[e - 3] === DASH && buf[e - 4] === DASH && buf[e - 5] === DASH))
        throw new Error("pem: malformed " + what + " line")
    const label = buf.slice(at, e - 5).toString()
    if (label.indexOf("-----") >= 0) throw new Error("pem: malformed " + what + " line")
    return [label, nl + 1]
}

/** Returns true if `buf` contains a PEM BEGIN line (so it should be decoded with pemDecode, not taken as DER). */
export function isPem(buf: Buffer): boolean {
    return findMarker(buf, 0, BEGIN) >= 0
}

/** Decodes every PEM block of `buf`, in order. Throws Error("pem: ...") on malformed armor (see above). */
export async function pemDecode(buf: Buffer): Promise<PemBlock[]> {
    const blocks: PemBlock[] = []
    let pos = 0
    for (;;) {
        const b = findMarker(buf, pos, BEGIN)
        if (b < 0) break
        const t = markerTail(buf, b + BEGIN.length, "BEGIN")
        const label = t[0]
        const body = t[1]
        // RFC 1421 headers ("Proc-Type: 4,ENCRYPTED" of legacy encrypted keys) are not supported
        const nl = buf.indexOf(NL, body)
        if (buf.indexOf(0x3a, body, nl < 0 ? buf.length : nl) >= 0) throw new Error("pem: " + label + " has headers (legacy encryption?)")
        // the body ends at the first '-' (not in the base64 alphabet), which must open the END line
        const e = buf.indexOf(DASH, body)
        if (e < 0 || !startsWith(buf, e, END)) {
            if (e < 0 || startsWith(buf, e, BEGIN)) throw new Error("pem: BEGIN " + label + " without END")
            throw new Error("pem: invalid character in " + label + " body")
        }
        if (!atLineStart(buf, e)) throw new Error("pem: END line of " + label + " does not start a line")
        const et = markerTail(buf, e + END.length, "END")
        if (et[0] !== label) throw new Error("pem: END " + et[0] + " does not match BEGIN " + label)
        const der = await base64Decode(buf, body, e)
        if (der.length === 0) throw new Error("pem: empty " + label + " block")
        blocks.push({ label: label, der: der })
        pos = et[1]
    }
    if (!blocks.length) throw new Error("pem: no BEGIN line")
    return blocks
}

/** Encodes one PEM block with 64-character lines and LF line ends. */
export async function pemEncode(label: string, der: Buffer): Promise<Buffer> {
    const body = await base64Encode(der, 64)
    return Buffer.concat(Buffer.from("-----BEGIN " + label + "-----\n"), body, Buffer.from("-----END " + label + "-----\n"))
}
