// PEM armor (RFC 7468): "-----BEGIN <label>-----" / base64 body / "-----END <label>-----".
//
// A file may hold several blocks (a CA bundle). Tolerated: CRLF or LF line ends, blank lines and any line
// length inside the body, spaces around the markers, explanatory text outside the blocks (as
// `openssl x509 -text` writes). Rejected with Error("pem: ..."): no BEGIN line at all, a BEGIN without an
// END of the same label, anything but base64 and whitespace between them (another BEGIN, RFC 1421 headers of
// legacy encrypted keys, text after a marker), an empty body.
import { base64Decode, base64Encode } from "./base64"

export interface PemBlock {
    label: string
    der: Buffer
}

/** Returns true if `buf` contains a PEM BEGIN marker (so it is decoded with pemDecode, not taken as DER). */
export function isPem(buf: Buffer): boolean {
    return buf.toString().indexOf("-----BEGIN ") >= 0
}

/** Decodes every PEM block of `buf`, in order. Throws Error("pem: ...") on malformed armor (see above). */
export async function pemDecode(buf: Buffer): Promise<PemBlock[]> {
    const s = buf.toString()
    const out: PemBlock[] = []
    let pos = 0
    for (;;) {
        const b = s.indexOf("-----BEGIN ", pos)
        if (b < 0) break
        const le = s.indexOf("-----", b + 11)
        const label = le < 0 ? "" : s.slice(b + 11, le)
        const end = "-----END " + label + "-----"
        const e = s.indexOf(end, le)
        if (!label || label.indexOf("\n") >= 0 || e < 0) throw new Error("pem: BEGIN without END")
        const der = await base64Decode(Buffer.from(s.slice(le + 5, e)))
        if (!der.length) throw new Error("pem: empty block")
        out.push({ label: label, der: der })
        pos = e + end.length
    }
    if (!out.length) throw new Error("pem: no BEGIN line")
    return out
}

/** Encodes one PEM block (64-character lines, LF line ends). */
export async function pemEncode(label: string, der: Buffer): Promise<Buffer> {
    const b = (await base64Encode(der)).toString()
    let s = "-----BEGIN " + label + "-----\n"
    for (let i = 0; i < b.length; i += 64) s += b.slice(i, i + 64) + "\n"
    return Buffer.from(s + "-----END " + label + "-----\n")
}
