// Object identifiers we act on, keyed by the hex of their DER content (Der.hex()).

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

export const SIG_OIDS: Record<string, number> = {
    "2a864886f70d010105": SIG_RSA_SHA1,
    "2a864886f70d01010b": SIG_RSA_SHA256,
    "2a864886f70d01010c": SIG_RSA_SHA384,
    "2a864886f70d01010d": SIG_RSA_SHA512,
    "2a864886f70d01010a": SIG_RSA_PSS,
    "2a8648ce3d0401": SIG_ECDSA_SHA1,
    "2a8648ce3d040302": SIG_ECDSA_SHA256,
    "2a8648ce3d040303": SIG_ECDSA_SHA384,
    "2a8648ce3d040304": SIG_ECDSA_SHA512,
}

/**
 * RSASSA-PSS parameters accepted: exactly the encodings for SHA-256/384/512 with MGF1 of the same hash and
 * salt = hash length (what CAs and TLS stacks produce; other parameter sets are refused, as BoringSSL does).
 */
export const PSS_PARAMS: Record<string, string> = {
    "a00f300d06096086480165030402010500a11c301a06092a864886f70d010108300d06096086480165030402010500a203020120": "sha256",
    "a00f300d06096086480165030402020500a11c301a06092a864886f70d010108300d06096086480165030402020500a203020130": "sha384",
    "a00f300d06096086480165030402030500a11c301a06092a864886f70d010108300d06096086480165030402030500a203020140": "sha512",
}

export const OID_RSA = "2a864886f70d010101"
export const OID_EC_PUBLIC_KEY = "2a8648ce3d0201"
/** named curves → size in bits */
export const CURVES: Record<string, number> = {
    "2a8648ce3d030107": 256,
    "2b81040022": 384,
}

/**
 * certificate extensions → 1 basicConstraints, 2 keyUsage, 3 extendedKeyUsage, 4 subjectAltName,
 * 5 nameConstraints (not evaluated), 6 subject / 7 authority key identifier (ignored)
 */
export const EXTS: Record<string, number> = {
    "551d13": 1,
    "551d0f": 2,
    "551d25": 3,
    "551d11": 4,
    "551d1e": 5,
    "551d0e": 6,
    "551d23": 7,
}

/** extended key usages → EKU_F_* (cert.ts) */
export const EKUS: Record<string, number> = {
    "2b06010505070301": 1,
    "2b06010505070302": 2,
    "551d2500": 4,
}
