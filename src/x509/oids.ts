// Object identifiers we act on, as hex tables (data, not code): entries of (content length, OID content
// bytes, value), looked up with Der.oid(table) on the element just read.

// signature algorithms → SIG_* (RSA ones first: id <= SIG_RSA_PSS is RSA)
export const SIG_RSA_SHA1 = 1
export const SIG_RSA_SHA256 = 2
export const SIG_RSA_SHA384 = 3
export const SIG_RSA_SHA512 = 4
export const SIG_RSA_PSS = 5
export const SIG_ECDSA_SHA1 = 6
export const SIG_ECDSA_SHA256 = 7
export const SIG_ECDSA_SHA384 = 8
export const SIG_ECDSA_SHA512 = 9

export const SIG_OIDS = hex`
09 2a864886f70d010105 01  09 2a864886f70d01010b 02  09 2a864886f70d01010c 03  09 2a864886f70d01010d 04
09 2a864886f70d01010a 05  07 2a8648ce3d0401 06  08 2a8648ce3d040302 07  08 2a8648ce3d040303 08
08 2a8648ce3d040304 09`

/**
 * RSASSA-PSS parameters accepted → hash index (1 SHA-256, 2 SHA-384, 3 SHA-512): exactly the encodings with
 * MGF1 of the same hash and salt = hash length (what CAs and TLS stacks produce; other parameter sets are
 * refused, as BoringSSL does). The content of the parameters SEQUENCE.
 */
export const PSS_PARAMS = hex`
34 a00f300d06096086480165030402010500a11c301a06092a864886f70d010108300d06096086480165030402010500a203020120 01
34 a00f300d06096086480165030402020500a11c301a06092a864886f70d010108300d06096086480165030402020500a203020130 02
34 a00f300d06096086480165030402030500a11c301a06092a864886f70d010108300d06096086480165030402030500a203020140 03`

/** key algorithms → 1 RSA, 2 EC public key */
export const KEY_ALGS = hex`09 2a864886f70d010101 01  07 2a8648ce3d0201 02`

/** named curves → size in bits / 128 - 1 (1 P-256, 2 P-384) */
export const CURVES = hex`08 2a8648ce3d030107 01  05 2b81040022 02`

/**
 * certificate extensions → 1 basicConstraints, 2 keyUsage, 3 extendedKeyUsage, 4 subjectAltName,
 * 5 nameConstraints (not evaluated), 6 subject / 7 authority key identifier (ignored)
 */
export const EXTS = hex`03 551d13 01  03 551d0f 02  03 551d25 03  03 551d11 04  03 551d1e 05  03 551d0e 06  03 551d23 07`

/** extended key usages → EKU_F_* (cert.ts) */
export const EKUS = hex`08 2b06010505070301 01  08 2b06010505070302 02  04 551d2500 04`
