// Cipher suites, groups and signature schemes the engine implements, with their parameters.
import { HashAlg } from "../crypto/hash"

export const TLS13 = 0x0304
export const TLS12 = 0x0303

/** AEAD algorithms */
export const AEAD_AES_GCM = 1
export const AEAD_CHACHA20_POLY1305 = 2

/** TLS 1.2 key exchange / authentication of a suite */
export const KX_TLS13 = 0
export const KX_ECDHE_ECDSA = 1
export const KX_ECDHE_RSA = 2

export interface Suite {
    id: number
    name: string
    /** TLS13 or TLS12 */
    version: number
    kx: number
    aead: number
    keyLen: number
    hash: HashAlg
}

/**
 * Every suite implemented, in our default preference order, as data: id (2 bytes), version (2), kx, aead, key
 * length, hash (0 SHA-256, 1 SHA-384); the names in the same order.
 */
const TABLE = hex`130103040001100013020304000120011303030400022000c02b030301011000c02f030302011000c02c030301012001c030030302012001cca9030301022000cca8030302022000`
const NAMES =
    "TLS_AES_128_GCM_SHA256 TLS_AES_256_GCM_SHA384 TLS_CHACHA20_POLY1305_SHA256 TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256" +
    " TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384 TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384" +
    " TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256 TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"

export const SUITES: Suite[] = NAMES.split(" ").map((name, i) => {
    const t = TABLE.slice(8 * i, 8 * i + 8)
    return {
        id: (t[0] << 8) | t[1],
        name: name,
        version: (t[2] << 8) | t[3],
        kx: t[4],
        aead: t[5],
        keyLen: t[6],
        hash: (t[7] ? "sha384" : "sha256") as HashAlg,
    }
})

export function suiteById(id: number): Suite {
    for (let i = 0; i < SUITES.length; i++) if (SUITES[i].id === id) return SUITES[i]
    return undefined
}

export function suiteByName(name: string): Suite {
    for (let i = 0; i < SUITES.length; i++) if (SUITES[i].name === name) return SUITES[i]
    return undefined
}

/** named groups (RFC 8446 4.2.7) */
export const GROUP_SECP256R1 = 0x0017
export const GROUP_SECP384R1 = 0x0018
export const GROUP_X25519 = 0x001d

export function groupName(g: number): string {
    if (g === GROUP_X25519) return "x25519"
    if (g === GROUP_SECP256R1) return "secp256r1"
    if (g === GROUP_SECP384R1) return "secp384r1"
    return "group 0x" + hex4(g)
}

/** signature schemes we accept from servers (RFC 8446 4.2.3), in preference order */
export const SIG_SCHEMES: number[] = [
    0x0403, // ecdsa_secp256r1_sha256
    0x0503, // ecdsa_secp384r1_sha384
    0x0804, // rsa_pss_rsae_sha256
    0x0805, // rsa_pss_rsae_sha384
    0x0806, // rsa_pss_rsae_sha512
    0x0401, // rsa_pkcs1_sha256
    0x0501, // rsa_pkcs1_sha384
    0x0601, // rsa_pkcs1_sha512
]

export function versionName(v: number): string {
    if (v === 0x0301) return "TLSv1"
    return v > 0x0301 && v <= TLS13 ? "TLSv1." + (v - 0x0301) : "0x" + hex4(v)
}

export function hex4(v: number): string {
    const b = Buffer.alloc(2)
    b[0] = v >> 8
    b[1] = v & 0xff
    return b.toString("hex")
}
