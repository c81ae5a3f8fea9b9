// Object identifiers we act on, as string tables (data, not code): entries ",<content hex>=<digit value>",
// looked up with Der.oid(table) on the element just read.

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

export const SIG_OIDS = ",2a864886f70d010105=1,2a864886f70d01010b=2,2a864886f70d01010c=3,2a864886f70d01010d=4,2a864886f70d01010a=5,2a8648ce3d0401=6,2a8648ce3d040302=7,2a8648ce3d040303=8,2a8648ce3d040304=9"

/**
 * RSASSA-PSS parameters accepted → hash index (1 SHA-256, 2 SHA-384, 3 SHA-512): exactly the encodings with
 * MGF1 of the same hash and salt = hash length (what CAs and TLS stacks produce; other parameter sets are
 * refused, as BoringSSL does). The content of the parameters SEQUENCE.
 */
export const PSS_PARAMS = ",a00f300d06096086480165030402010500a11c301a06092a864886f70d010108300d06096086480165030402010500a203020120=1,a00f300d06096086480165030402020500a11c301a06092a864886f70d010108300d06096086480165030402020500a203020130=2,a00f300d06096086480165030402030500a11c301a06092a864886f70d010108300d06096086480165030402030500a203020140=3"

/** key algorithms → 1 RSA, 2 EC public key */
export const KEY_ALGS = ",2a864886f70d010101=1,2a8648ce3d0201=2"

/** named curves → size in bits / 128 - 1 (1 P-256, 2 P-384) */
export const CURVES = ",2a8648ce3d030107=1,2b81040022=2"

/**
 * certificate extensions → 1 basicConstraints, 2 keyUsage, 3 extendedKeyUsage, 4 subjectAltName,
 * 5 nameConstraints (not evaluated), 6 subject / 7 authority key identifier (ignored)
 */
export const EXTS = ",551d13=1,551d0f=2,551d25=3,551d11=4,551d1e=5,551d0e=6,551d23=7"

/** extended key usages → EKU_F_* (cert.ts) */
export const EKUS = ",2b06010505070301=1,2b06010505070302=2,551d2500=4"
