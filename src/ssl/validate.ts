// AT+SSLSETOPTS checks of what AT+SSLSET gave, before the state moves to PARAMETRIZED.
// First, option values that no TLS engine of the firmware implements are refused with 902 (REFUSED). Then the
// files of options 0 (client certificate), 1 (CA) and 2 (client key) are read with their directory passwords
// (the store's 905/906/907) and parsed by the X.509 layer (src/x509/files.ts checkSecurityFiles): 908 CA,
// 909 client certificate, 910 key — including a key that does not match the certificate; a certificate
// needs its key (910) and a key its certificate (909), since neither can be used alone.
import { readFile } from "../store/files"
import { SecurityFiles, checkSecurityFiles } from "../x509/files"
import { SSL_COPT_CERT, SSL_COPT_CERT_AUTHORITY, SSL_COPT_PRIVATE_KEY, nums, pws, strs } from "./config"

export const E_VALUE = 902

/**
 * Per option 4..10, a bit mask of the values refused (bit v = value v): 5 = 1 RSA key exchange; 6 = 2 DSS,
 * 3 NULL (anonymous); 7 = 1 DES, 2 3DES, 3 RC2, 4 RC4, 6 NULL; 8 = 1 MD5, 2 SHA1; 9 = 1 SSL 3.0, 2 TLS 1.0.
 * Reasons in docs/COMMANDS.md.
 */
const REFUSED = hex`00020c5e060600`

/** The files of options 0..2 with their directory passwords, as src/x509/files.ts reads them (also for the TLS glue). */
export function securityFiles(): SecurityFiles {
    return {
        cert: strs[SSL_COPT_CERT],
        certPw: pws[SSL_COPT_CERT] || undefined,
        ca: strs[SSL_COPT_CERT_AUTHORITY],
        caPw: pws[SSL_COPT_CERT_AUTHORITY] || undefined,
        key: strs[SSL_COPT_PRIVATE_KEY],
        keyPw: pws[SSL_COPT_PRIVATE_KEY] || undefined,
    }
}

/** 0 if the options can be used, else the 90x code to answer. */
export async function validateOptions(): Promise<number> {
    for (let i = 0; i < REFUSED.length; i++) if ((REFUSED[i] >> nums[i]) & 1) return E_VALUE
    return await checkSecurityFiles(securityFiles(), readFile)
}
