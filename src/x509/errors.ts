// X.509 error codes. Parsing and path validation throw (as a plain number) or return one of these; the AT layer maps them to
// its 90x codes (a CA file that fails → 908, client cert → 909, key → 910) and diagnostics print the name.

export const X509_OK = 0
/** malformed DER (bad length, tag, truncation, trailing bytes) */
export const E_DER = 1
/** a well-formed structure with a value we do not accept (version, unknown algorithm parameters) */
export const E_FORMAT = 2
/** algorithm (signature, key type, curve, hash) not supported */
export const E_UNSUPPORTED_ALG = 3
/** a critical extension we do not understand, or a critical nameConstraints form we cannot check */
export const E_CRITICAL_EXT = 4
export const E_EXPIRED = 5
export const E_NOT_YET_VALID = 6
/** no path to a certificate of the CA file */
export const E_UNKNOWN_ISSUER = 7
export const E_BAD_SIGNATURE = 8
/** an issuing certificate without basicConstraints cA=TRUE */
export const E_NOT_CA = 9
export const E_PATHLEN = 10
/** keyUsage forbids the use (keyCertSign for issuers, digitalSignature/keyEncipherment for the server) */
export const E_KEY_USAGE = 11
/** extendedKeyUsage present without serverAuth (or anyExtendedKeyUsage) */
export const E_EKU = 12
/** host name not among the subjectAltName entries */
export const E_HOSTNAME = 13
/** no subjectAltName in the server certificate (the common name is not used, RFC 6125 6.4.4 as browsers do) */
export const E_NO_SAN = 14
/** more certificates than MAX_CHAIN in the path */
export const E_CHAIN_TOO_LONG = 15
/** a name outside a permitted subtree or inside an excluded one */
export const E_NAME_CONSTRAINTS = 16
/** RSA modulus outside 2048..4096 bits, or an EC point not on the named curve's encoding */
export const E_KEY_SIZE = 17
/** private key unreadable, encrypted without a usable password, or not matching the certificate */
export const E_KEY = 18
/** no signature implementation registered for the algorithm (crypto not linked) */
export const E_NO_VERIFIER = 19
/** input too large for the memory we allow */
export const E_MEMORY = 20
/** empty chain or empty CA file */
export const E_EMPTY = 21

// one string literal (data), not an array built by init code
const NAMES = "ok|malformed DER|bad format|unsupported algorithm|unsupported critical extension|certificate expired|certificate not yet valid|unknown issuer|bad signature|issuer is not a CA|path length exceeded|key usage|extended key usage|host name mismatch|no subjectAltName|chain too long|name constraints|key size|bad private key|no signature verifier|out of memory|empty"

export function x509ErrorName(code: number): string {
    return NAMES.split("|")[code] || "error " + code
}

/**
 * The X.509 code of an exception: x509 code throws its E_* code as a plain number (a class per error costs
 * bytecode); anything else (pem/base64 errors) is E_FORMAT.
 */
export function errorCode(e: any): number {
    return typeof e === "number" ? e : E_FORMAT
}
