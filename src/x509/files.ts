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

/**
 * All certificates of a PEM or DER file, in order. PEM blocks other than CERTIFICATE are skipped (a
 * combined cert+key file works for option 0). Throws (E_EMPTY if there is none).
 */
export async function loadCertificates(data: Buffer): Promise<Certificate[]> {
    let out: Certificate[] = []
    if (isPem(data)) {
        const blocks = await pemDecode(data)
        for (let i = 0; i < blocks.length; i++) if (blocks[i].label.indexOf("CERTIFICATE") >= 0) out.push(await parseCertificate(blocks[i].der))
    } else out = await parseCertificates(data)
    if (!out.length) throw new X509Error(E_EMPTY, "")
    return out
}

/** The private key of a PEM or DER file (the first "... PRIVATE KEY" block of a PEM file). Throws. */
export async function loadPrivateKey(data: Buffer): Promise<PrivateKey> {
    if (!isPem(data)) return await parsePrivateKey(data)
    const blocks = await pemDecode(data)
    for (let i = 0; i < blocks.length; i++) if (blocks[i].label.indexOf("PRIVATE KEY") >= 0) return await parsePrivateKey(blocks[i].der)
    throw new X509Error(E_EMPTY, "")
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

/** Reads one file; the data, or the AT code of the failure as a number. */
async function readFile(read: ReadFn, path: string, pw: string): Promise<Buffer | number> {
    const r = await read(path, pw || undefined)
    return r.err ? r.err : !r.data ? 907 : r.data.length > MAX_FILE ? 904 : r.data
}

/**
 * Reads and checks the files of options 1 (CA), 0 (client certificate) and 2 (key), in that order; the first
 * failure wins. Returns the material with err = 0, or err = the 90x code.
 *
 * 908: the CA file is not PEM/DER certificates, one of them does not parse, it has more than MAX_CA_CERTS,
 * or none is within its validity period. 909: the client certificate does not parse, is not valid now, does
 * not allow clientAuth / a signature, or a key is set without it. 910: the key does not parse, is encrypted,
 * does not match the client certificate, or the client certificate is set without a key.
 */
export async function loadSecurityFiles(f: SecurityFiles, read: ReadFn): Promise<SecurityMaterial> {
    const m = new SecurityMaterial()
    const now = clockNow()
    m.anchors = []
    m.clientChain = []
    m.err = 0
    try {
        if (f.ca) {
            const data = await readFile(read, f.ca, f.caPw)
            if (typeof data === "number") m.err = data
            else {
                m.err = 908
                m.anchors = await loadCertificates(data)
                // an expired certificate in a bundle is only useless; a file of nothing usable is refused
                if (m.anchors.length <= MAX_CA_CERTS && m.anchors.some(c => !checkTime(c, now))) m.err = 0
            }
        }
        if (!m.err && f.cert) {
            const data = await readFile(read, f.cert, f.certPw)
            if (typeof data === "number") m.err = data
            else {
                m.err = 909
                m.clientChain = await loadCertificates(data)
                const c = m.clientChain[0]
                if (!checkTime(c, now) && !checkUsage(c, EKU_F_CLIENT, false)) m.err = f.key ? 0 : 910
            }
        }
        if (!m.err && f.key) {
            const data = !f.cert ? 909 : await readFile(read, f.key, f.keyPw)
            if (typeof data === "number") m.err = data
            else {
                m.err = 910
                m.clientKey = await loadPrivateKey(data)
                if (keyMatches(m.clientKey, m.clientChain[0].key)) m.err = 0
            }
        }
    } catch (e) {
        // a parse failure keeps the code of the file being read (908/909/910)
    }
    return m
}

/** AT+SSLSETOPTS: 0 or the 90x code (see loadSecurityFiles). */
export async function checkSecurityFiles(f: SecurityFiles, read: ReadFn): Promise<number> {
    return (await loadSecurityFiles(f, read)).err
}
