// Reading the certificate and key files of AT+SSLSET options 0..2 (PEM or DER) and the AT+SSLSETOPTS check.
//
// checkSecurityFiles returns the Security AT code: 0; the store's 905/906/907 unchanged; 904 when a file is
// larger than MAX_FILE (checked before parsing: an OutOfMemory panic cannot be caught); 908 for a CA file
// that is not usable; 909 for a client certificate file; 910 for a key file. See docs/X509.md.
import { isPem, pemDecode } from "./pem"
import { Certificate, parseCertificate, parseCertificates, EKU_F_ANY, EKU_F_CLIENT, KU_DIGITAL_SIGNATURE } from "./cert"
import { PrivateKey, parsePrivateKey, keyMatches } from "./keys"
import { X509Error, E_EMPTY, E_KEY, E_EKU, E_KEY_USAGE } from "./errors"
import { checkTime } from "./path"
import { clockNow } from "./time"

export const ERR_MEMORY = 904
export const ERR_BAD_CA = 908
export const ERR_BAD_CERT = 909
export const ERR_BAD_KEY = 910

/** largest certificate/key file parsed (bytes) */
export const MAX_FILE = 16384
/** most certificates kept from one CA file */
export const MAX_CA_CERTS = 16

const CERT_LABELS = ["CERTIFICATE", "X509 CERTIFICATE"]
const KEY_LABELS = ["PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY", "ENCRYPTED PRIVATE KEY"]

/**
 * All certificates of a PEM or DER file, in order. PEM blocks that are not certificates are skipped (a
 * combined cert+key file works for option 0). Throws X509Error (E_EMPTY if there is none).
 */
export async function loadCertificates(data: Buffer): Promise<Certificate[]> {
    let out: Certificate[]
    if (isPem(data)) {
        out = []
        const blocks = await pemDecode(data)
        for (let i = 0; i < blocks.length; i++) {
            if (CERT_LABELS.indexOf(blocks[i].label) < 0) continue
            out.push(await parseCertificate(blocks[i].der))
        }
    } else out = await parseCertificates(data)
    if (!out.length) throw new X509Error(E_EMPTY, "no certificate in the file")
    return out
}

/** The private key of a PEM or DER file (the first key block of a PEM file). Throws X509Error. */
export async function loadPrivateKey(data: Buffer): Promise<PrivateKey> {
    if (!isPem(data)) return await parsePrivateKey(data)
    const blocks = await pemDecode(data)
    for (let i = 0; i < blocks.length; i++) {
        const b = blocks[i]
        if (KEY_LABELS.indexOf(b.label) < 0) continue
        return await parsePrivateKey(b.der)
    }
    throw new X509Error(E_KEY, "no private key in the file")
}

/** A reason for diagnostics, with the AT code. */
export class FileCheck {
    code: number
    reason: string
    constructor(code: number, reason: string) {
        this.code = code
        this.reason = reason
    }
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

/** What loadSecurityFiles found (for the TLS engine). */
export class SecurityMaterial {
    /** the CA file's certificates (trust anchors), [] if unset */
    anchors: Certificate[]
    /** the client certificate file's certificates (own certificate first), [] if unset */
    clientChain: Certificate[]
    clientKey: PrivateKey
    constructor() {
        this.anchors = []
        this.clientChain = []
        this.clientKey = undefined
    }
}

async function readChecked(read: ReadFn, path: string, pw: string): Promise<{ err: number; data?: Buffer }> {
    const r = await read(path, pw || undefined)
    if (r.err) return r
    if (!r.data) return { err: 907 }
    if (r.data.length > MAX_FILE) return { err: ERR_MEMORY }
    return r
}

/**
 * Reads and checks the files of options 1 (CA), 0 (client certificate) and 2 (key), in that order; the first
 * failure wins. `out` (optional) receives the parsed material.
 */
export async function checkSecurityFilesDetailed(f: SecurityFiles, read: ReadFn, out?: SecurityMaterial): Promise<FileCheck> {
    const now = clockNow()
    if (f.ca) {
        const r = await readChecked(read, f.ca, f.caPw)
        if (r.err) return new FileCheck(r.err, "CA file")
        let certs: Certificate[]
        try {
            certs = await loadCertificates(r.data)
        } catch (e) {
            return new FileCheck(ERR_BAD_CA, (e as Error).message)
        }
        if (certs.length > MAX_CA_CERTS) return new FileCheck(ERR_MEMORY, certs.length + " certificates in the CA file")
        // usable: at least one certificate in its validity period (an expired one in a bundle is only useless)
        let usable = 0
        for (let i = 0; i < certs.length; i++) if (!checkTime(certs[i], now)) usable++
        if (!usable) return new FileCheck(ERR_BAD_CA, "every CA certificate has expired or is not yet valid")
        if (out) out.anchors = certs
    }
    let client: Certificate = undefined
    if (f.cert) {
        const r = await readChecked(read, f.cert, f.certPw)
        if (r.err) return new FileCheck(r.err, "client certificate file")
        let certs: Certificate[]
        try {
            certs = await loadCertificates(r.data)
        } catch (e) {
            return new FileCheck(ERR_BAD_CERT, (e as Error).message)
        }
        client = certs[0]
        const t = checkTime(client, now)
        if (t) return new FileCheck(ERR_BAD_CERT, new X509Error(t, "client certificate").message)
        if (client.eku >= 0 && !(client.eku & (EKU_F_CLIENT | EKU_F_ANY)))
            return new FileCheck(ERR_BAD_CERT, new X509Error(E_EKU, "no clientAuth").message)
        if (client.keyUsage >= 0 && !(client.keyUsage & KU_DIGITAL_SIGNATURE))
            return new FileCheck(ERR_BAD_CERT, new X509Error(E_KEY_USAGE, "no digitalSignature").message)
        if (!f.key) return new FileCheck(ERR_BAD_KEY, "client certificate set without a private key")
        if (out) out.clientChain = certs
    }
    if (f.key) {
        if (!client) return new FileCheck(ERR_BAD_CERT, "private key set without a client certificate")
        const r = await readChecked(read, f.key, f.keyPw)
        if (r.err) return new FileCheck(r.err, "key file")
        let key: PrivateKey
        try {
            key = await loadPrivateKey(r.data)
        } catch (e) {
            return new FileCheck(ERR_BAD_KEY, (e as Error).message)
        }
        if (!keyMatches(key, client.key)) return new FileCheck(ERR_BAD_KEY, "the key does not match the client certificate")
        if (out) out.clientKey = key
    }
    return new FileCheck(0, "")
}

/** AT+SSLSETOPTS: 0 or the 90x code (see checkSecurityFilesDetailed). */
export async function checkSecurityFiles(f: SecurityFiles, read: ReadFn): Promise<number> {
    return (await checkSecurityFilesDetailed(f, read)).code
}

/** Reads and parses the files for a connection; `err` is the code of checkSecurityFiles. */
export async function loadSecurityFiles(f: SecurityFiles, read: ReadFn): Promise<{ err: number; reason: string; material?: SecurityMaterial }> {
    const m = new SecurityMaterial()
    const r = await checkSecurityFilesDetailed(f, read, m)
    if (r.code) return { err: r.code, reason: r.reason }
    return { err: 0, reason: "", material: m }
}

