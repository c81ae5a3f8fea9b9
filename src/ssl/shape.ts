// Shape check of certificate and key files for AT+SSLSETOPTS, until the X.509 parser does the real check:
// a file passes if it is PEM armor whose blocks all carry an accepted label and decode to DER-shaped
// content, or DER: one or more ASN.1 SEQUENCEs (definite lengths) that exactly span the file. The contents of
// the SEQUENCEs are not parsed here.
import { PemBlock, isPem, pemDecode } from "../x509/pem"

export const CERT_LABELS = ["CERTIFICATE", "X509 CERTIFICATE", "TRUSTED CERTIFICATE"]
export const KEY_LABELS = ["PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY"]

/** Most top-level SEQUENCEs accepted in one file (a CA bundle). */
const MAX_BLOCKS = 64

/** True if b is one or more DER SEQUENCEs back to back with nothing before, between or after them. */
export function derShaped(b: Buffer): boolean {
    const n = b.length
    let i = 0
    let count = 0
    while (i < n) {
        if (b[i] !== 0x30 || i + 2 > n || ++count > MAX_BLOCKS) return false
        let len = b[i + 1]
        let hdr = 2
        if (len >= 0x80) {
            const k = len & 0x7f
            if (k < 1 || k > 3 || i + 2 + k > n) return false
            len = 0
            for (let j = 0; j < k; j++) len = len * 256 + b[i + 2 + j]
            if (len < 0x80 || (k > 1 && b[i + 2] === 0)) return false // not the shortest length form
            hdr += k
        }
        if (len === 0) return false
        i += hdr + len
    }
    return i === n && count > 0
}

/** PEM with only `labels`, each block DER-shaped; or DER-shaped as is. */
export async function fileShaped(b: Buffer, labels: string[]): Promise<boolean> {
    if (!isPem(b)) return derShaped(b)
    let blocks: PemBlock[]
    try {
        blocks = await pemDecode(b)
    } catch (e) {
        return false
    }
    for (const blk of blocks) {
        if (labels.indexOf(blk.label) < 0 || !derShaped(blk.der)) return false
    }
    return true
}
