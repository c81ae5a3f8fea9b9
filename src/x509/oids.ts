// Object identifiers we act on, keyed by the hex of their DER content (DerReader.hexValue()).

// signature algorithms → SIG_* below
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

export const OID_RSA = "2a864886f70d010101"
export const OID_EC_PUBLIC_KEY = "2a8648ce3d0201"
export const OID_P256 = "2a8648ce3d030107"
export const OID_P384 = "2b81040022"

// certificate extensions (2.5.29.x)
export const EXT_SKI = "551d0e"
export const EXT_KEY_USAGE = "551d0f"
export const EXT_SAN = "551d11"
export const EXT_BASIC_CONSTRAINTS = "551d13"
export const EXT_NAME_CONSTRAINTS = "551d1e"
export const EXT_AKI = "551d23"
export const EXT_EKU = "551d25"

// extended key usages
export const EKU_SERVER_AUTH = "2b06010505070301"
export const EKU_CLIENT_AUTH = "2b06010505070302"
export const EKU_ANY = "551d2500"

// attribute types (names)
export const OID_CN = "550403"
