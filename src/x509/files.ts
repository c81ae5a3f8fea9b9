// Reading the certificate and key files of AT+SSLSET options 0..2 (PEM or DER) and the AT+SSLSETOPTS check.
//
// checkSecurityFiles returns the Security AT code: 0; the store's 905/906/907 unchanged; 904 when a file is
// larger than MAX_FILE (checked before parsing: an OutOfMemory panic cannot be caught); 908 for a CA file
// that is not usable; 909 for a client certificate file; 910 for a key file. See docs/X509.md.
import { isPem, pemDecode } from "./pem"
import { Certificate, parseCertificates, EKU_F_CLIENT } from "./cert"
import { PrivateKey, parsePrivateKey } from "./keys"
import { bytesEqual } from "./der"
import { E_EMPTY } from "./errors"
import { checkTime, checkUsage } from "./path"
import { clockNow } from "./time"

/** largest certificate/key file parsed (bytes) */
export const MAX_FILE = 16384
/** most certificates kept from one CA file */
export const MAX_CA_CERTS = 16

/** The DER of the PEM blocks whose label contains `word` (in order), or [data] if it is not PEM. Throws. */
async function ders(data: Buffer, word: string): Promise<Buffer[]> {
    if (!isPem(data)) return [data]
    const out: Buffer[] = []
    for (const b of await pemDecode(data)) if (b.label.indexOf(word) >= 0) out.push(b.der)
    if (!out.length) throw E_EMPTY
    return out
}

/** The private key of a PEM or DER file; a PEM file with more than one "... PRIVATE KEY" block is refused. Throws. */
export async function loadPrivateKey(data: Buffer): Promise<PrivateKey> {
    const d = await ders(data, "PRIVATE KEY")
    if (d.length > 1) throw E_EMPTY
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
export interface SecurityMaterial {
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
    const m: SecurityMaterial = { err: 0, anchors: [], clientChain: [], clientKey: null }
    const now = clockNow()
    const paths = [f.ca, f.cert, f.key]
    const pws = [f.caPw, f.certPw, f.keyPw]
    let err = 0
    for (let i = 0; i < 3 && !err; i++) {
        if (!paths[i]) continue
        // 908 CA, 909 client certificate, 910 key (a key without a certificate: 909); a parse failure (an
        // exception) keeps the code of the file being read
        err = 908 + i
        if (+(i > 1) & +!f.cert) {
            err = 909
            continue
        }
        try {
            const r = await read(paths[i], pws[i] || undefined)
            const data = r.data
            const e = r.err || (data ? +(data.length > MAX_FILE) * 904 : 907)
            if (e) err = e
            else if (i > 1) {
                // the key belongs to the certificate: the same public point (EC) or n (RSA; n and a point never
                // have the same length) and, RSA, the same e
                const k = await loadPrivateKey(data)
                const c = m.clientChain[0]
                const r = k.rsa
                m.clientKey = k
                if (bytesEqual(k.pub, 0, k.pub.length, c.buf, c.a, c.b) && (!r || bytesEqual(k.buf, r[2], r[3], c.buf, c.c, c.d))) err = 0
            } else {
                // PEM blocks other than CERTIFICATE are skipped (a combined cert+key file works for option 0)
                const certs: Certificate[] = []
                for (const d of await ders(data, "CERTIFICATE")) await parseCertificates(d, certs)
                if (i) {
                    m.clientChain = certs
                    if (!(checkTime(certs[0], now) || checkUsage(certs[0], EKU_F_CLIENT, false))) err = f.key ? 0 : 910
                } else {
                    // an expired certificate in a bundle is only useless; a file of nothing usable is refused
                    m.anchors = certs
                    for (const c of certs) if (+(certs.length <= MAX_CA_CERTS) & +!checkTime(c, now)) err = 0
                }
            }
        } catch (e) {}
    }
    m.err = err
    return m
}

/** AT+SSLSETOPTS: 0 or the 90x code (see loadSecurityFiles). */
export async function checkSecurityFiles(f: SecurityFiles, read: ReadFn): Promise<number> {
    return (await loadSecurityFiles(f, read)).err
}
