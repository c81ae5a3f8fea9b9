// Reading the certificate and key files of AT+SSLSET options 0..2 (PEM or DER) and the AT+SSLSETOPTS check.
//
// checkSecurityFiles returns the Security AT code: 0; the store's 905/906/907 unchanged; 904 when a file is
// larger than MAX_FILE (checked before parsing: an OutOfMemory panic cannot be caught); 908 for a CA file
// that is not usable; 909 for a client certificate file; 910 for a key file. See docs/X509.md.
import { isPem, pemDecode } from "./pem"
import { Certificate, parseCertificate, parseCertificates, EKU_F_CLIENT } from "./cert"
import { PrivateKey, parsePrivateKey, keyMatches } from "./keys"
import { X509Error, E_EMPTY } from "./errors"
import { checkTime, checkUsage } from "./path"
import { clockNow } from "./time"

/** largest certificate/key file parsed (bytes) */
export const MAX_FILE = 16384
/** most certificates kept from one CA file */
export const MAX_CA_CERTS = 16

/** The DER of the PEM blocks whose label contains `word` (in order), or [data] if it is not PEM. Throws. */
async function ders(data: Buffer, word: string): Promise<Buffer[]> {
    if (!isPem(data)) return [data]
    const blocks = await pemDecode(data)
    const out: Buffer[] = []
    for (let i = 0; i < blocks.length; i++) if (blocks[i].label.indexOf(word) >= 0) out.push(blocks[i].der)
    if (!out.length) throw new X509Error(E_EMPTY, "")
    return out
}

/**
 * All certificates of a PEM or DER file, in order (DER: one certificate or a concatenation). PEM blocks other
 * than CERTIFICATE are skipped (a combined cert+key file works for option 0). Throws.
 */
export async function loadCertificates(data: Buffer): Promise<Certificate[]> {
    const d = await ders(data, "CERTIFICATE")
    const out: Certificate[] = []
    for (let i = 0; i < d.length; i++) await parseCertificates(d[i], out)
    return out
}

/** The private key of a PEM or DER file; a PEM file with more than one "... PRIVATE KEY" block is refused. Throws. */
export async function loadPrivateKey(data: Buffer): Promise<PrivateKey> {
    const d = await ders(data, "PRIVATE KEY")
    if (d.length > 1) throw new X509Error(E_EMPTY, "")
    return await parsePrivateKey(d[0])
}

export interface SecurityFiles {
    /** option 0 client certificate path, "" when unset */
    cert: string
    certPw?: string
    /** option 1 CA path */
    ca: string
    caPw?: string
    /** option 2 key path */
    key: string
    keyPw?: string
}

export type ReadFn = (path: string, password?: string) => Promise<{ err: number; data?: Buffer }>

/** What the files hold, for the TLS engine: trust anchors, the client's certificates (own first) and key. */
export class SecurityMaterial {
    err: number
    anchors: Certificate[]
    clientChain: Certificate[]
    clientKey: PrivateKey
}

/**
 * Reads and checks the files of options 1 (CA), 0 (client certificate) and 2 (key), in that order; the first
 * failure wins. Returns the material with err = 0, or err = the 90x code. The store's codes are passed
 * through; 904 for a file larger than MAX_FILE.
 *
 * 908: the CA file is not PEM/DER certificates, one of them does not parse, it has more than MAX_CA_CERTS,
 * or none is within its validity period. 909: the client certificate does not parse, is not valid now, does
 * not allow clientAuth / a signature, or a key is set without it. 910: the key does not parse, is encrypted,
 * does not match the client certificate, or the client certificate is set without a key.
 */
export async function loadSecurityFiles(f: SecurityFiles, read: ReadFn): Promise<SecurityMaterial> {
    const m = new SecurityMaterial()
    const now = clockNow()
    const paths = [f.ca, f.cert, f.key]
    const pws = [f.caPw, f.certPw, f.keyPw]
    m.anchors = []
    m.clientChain = []
    m.err = 0
    for (let i = 0; i < 3 && !m.err; i++) {
        if (!paths[i]) continue
        // 908 CA, 909 client certificate, 910 key (a key without a certificate: 909)
        m.err = i === 2 && !f.cert ? 909 : 908 + i
        if (m.err !== 908 + i) break
        const r = await read(paths[i], pws[i] || undefined)
        if (r.err || !r.data || r.data.length > MAX_FILE) {
            m.err = r.err || (r.data ? 904 : 907)
            break
        }
        try {
            if (i === 2) {
                m.clientKey = await loadPrivateKey(r.data)
                if (keyMatches(m.clientKey, m.clientChain[0].key)) m.err = 0
            } else {
                const certs = await loadCertificates(r.data)
                if (i) {
                    m.clientChain = certs
                    if (!checkTime(certs[0], now) && !checkUsage(certs[0], EKU_F_CLIENT, false)) m.err = f.key ? 0 : 910
                } else {
                    // an expired certificate in a bundle is only useless; a file of nothing usable is refused
                    m.anchors = certs
                    for (let k = 0; k < certs.length && certs.length <= MAX_CA_CERTS; k++) if (!checkTime(certs[k], now)) m.err = 0
                }
            }
        } catch (e) {
            // a parse failure keeps the code of the file being read (908/909/910)
        }
    }
    return m
}

/** AT+SSLSETOPTS: 0 or the 90x code (see loadSecurityFiles). */
export async function checkSecurityFiles(f: SecurityFiles, read: ReadFn): Promise<number> {
    return (await loadSecurityFiles(f, read)).err
}
