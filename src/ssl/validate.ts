// AT+SSLSETOPTS checks of what AT+SSLSET gave, before the state moves to PARAMETRIZED.
// For each file option set (0 client certificate, 1 CA, 2 client key): the file must be readable with the
// given directory password (905 missing, 906 wrong password, 907 corrupt — the store's codes), then have the
// shape of a certificate (908 CA, 909 client certificate) or a key (910): see shape.ts. A client certificate
// needs its key and the reverse (910 / 909), since neither can be used alone.
// The X.509 work replaces the shape check with parsing (same codes).
// First of all, option values that no TLS engine of the firmware implements are refused with 902 (REFUSED).
import { readFile } from "../store/files"
import { SSL_COPT_CERT, SSL_COPT_CERT_AUTHORITY, SSL_COPT_PRIVATE_KEY, nums, pws, strs } from "./config"
import { fileShaped } from "./shape"

export const E_BAD_CA = 908
export const E_BAD_CERT = 909
export const E_BAD_KEY = 910

export const E_VALUE = 902

/**
 * Per option 4..10, a bit mask of the values refused (bit v = value v): 5 = 1 RSA key exchange; 6 = 2 DSS,
 * 3 NULL (anonymous); 7 = 1 DES, 2 3DES, 3 RC2, 4 RC4, 6 NULL; 8 = 1 MD5, 2 SHA1; 9 = 1 SSL 3.0, 2 TLS 1.0.
 * Reasons in docs/COMMANDS.md.
 */
const REFUSED = hex`00020c5e060600`

/** 0 if the options can be used, else the 90x code to answer. */
export async function validateOptions(): Promise<number> {
    for (let i = 0; i < REFUSED.length; i++) if ((REFUSED[i] >> nums[i]) & 1) return E_VALUE
    for (let opt = SSL_COPT_CERT; opt <= SSL_COPT_PRIVATE_KEY; opt++) {
        const path = strs[opt]
        if (!path) continue
        const pw = pws[opt]
        const r = await readFile(path, pw ? pw : undefined)
        if (r.err) return r.err
        const isKey = opt === SSL_COPT_PRIVATE_KEY
        if (!(await fileShaped(r.data, isKey)))
            return isKey ? E_BAD_KEY : opt === SSL_COPT_CERT_AUTHORITY ? E_BAD_CA : E_BAD_CERT
    }
    const cert = strs[SSL_COPT_CERT]
    const key = strs[SSL_COPT_PRIVATE_KEY]
    if (cert && !key) return E_BAD_KEY
    if (key && !cert) return E_BAD_CERT
    return 0
}
