// Shape check of certificate and key files for AT+SSLSETOPTS, until the X.509 parser does the real check:
// a file passes if it is PEM armor whose blocks all carry an accepted label and decode to DER-shaped
// content, or DER-shaped as is (the store hands PEM uploads back as DER). DER-shaped: ASN.1 SEQUENCEs with
// definite lengths that exactly span the file, each opening with the element a certificate (a SEQUENCE:
// tbsCertificate) or a private key (an INTEGER: the version of PKCS#8, SEC1 and PKCS#1 keys) opens with; a
// key file holds one key, a certificate file one or more certificates. Nothing deeper is parsed here.
import { PemBlock, isPem, pemDecode } from "../x509/pem"

/** accepted PEM labels, each between bars */
export const CERT_LABELS = "|CERTIFICATE|X509 CERTIFICATE|TRUSTED CERTIFICATE|"
export const KEY_LABELS = "|PRIVATE KEY|RSA PRIVATE KEY|EC PRIVATE KEY|"

/** Most top-level SEQUENCEs accepted in one file (a CA bundle). */
const MAX_BLOCKS = 64

/**
 * True if b is SEQUENCEs back to back (at most `max`) with nothing before, between or after them, each
 * starting with an element of tag `first` (0x30 certificate, 0x02 key).
 */
export function derShaped(b: Buffer, first: number, max: number): boolean {
    const n = b.length
    let i = 0
    let count = 0
    while (i < n) {
        if (b[i] !== 0x30 || i + 2 > n || ++count > max) return false
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
        if (len < 2 || b[i + hdr] !== first) return false
        i += hdr + len
    }
    return i === n && count > 0
}

/** A certificate file (key = false: CERTIFICATE blocks) or a key file (key = true: one PRIVATE KEY block). */
export async function fileShaped(b: Buffer, key: boolean): Promise<boolean> {
    const first = key ? 0x02 : 0x30
    const max = key ? 1 : MAX_BLOCKS
    if (!isPem(b)) return derShaped(b, first, max)
    let blocks: PemBlock[]
    try {
        blocks = await pemDecode(b)
    } catch (e) {
        return false
    }
    if (blocks.length > max) return false
    const labels = key ? KEY_LABELS : CERT_LABELS
    for (const blk of blocks) {
        if (labels.indexOf("|" + blk.label + "|") < 0 || !derShaped(blk.der, first, 1)) return false
    }
    return true
}
