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

export class Suite {
    id: number
    name: string
    /** TLS13 or TLS12 */
    version: number
    kx: number
    aead: number
    keyLen: number
    hash: HashAlg
    constructor(id: number, name: string, version: number, kx: number, aead: number, keyLen: number, hash: HashAlg) {
        this.id = id
        this.name = name
        this.version = version
        this.kx = kx
        this.aead = aead
        this.keyLen = keyLen
        this.hash = hash
    }
}

/** Every suite implemented, in our default preference order. */
export const SUITES: Suite[] = [
    new Suite(0x1301, "TLS_AES_128_GCM_SHA256", TLS13, KX_TLS13, AEAD_AES_GCM, 16, "sha256"),
    new Suite(0x1302, "TLS_AES_256_GCM_SHA384", TLS13, KX_TLS13, AEAD_AES_GCM, 32, "sha384"),
    new Suite(0x1303, "TLS_CHACHA20_POLY1305_SHA256", TLS13, KX_TLS13, AEAD_CHACHA20_POLY1305, 32, "sha256"),
    new Suite(0xc02b, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", TLS12, KX_ECDHE_ECDSA, AEAD_AES_GCM, 16, "sha256"),
    new Suite(0xc02f, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", TLS12, KX_ECDHE_RSA, AEAD_AES_GCM, 16, "sha256"),
    new Suite(0xc02c, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", TLS12, KX_ECDHE_ECDSA, AEAD_AES_GCM, 32, "sha384"),
    new Suite(0xc030, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", TLS12, KX_ECDHE_RSA, AEAD_AES_GCM, 32, "sha384"),
    new Suite(
        0xcca9,
        "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
        TLS12,
        KX_ECDHE_ECDSA,
        AEAD_CHACHA20_POLY1305,
        32,
        "sha256"
    ),
    new Suite(
        0xcca8,
        "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
        TLS12,
        KX_ECDHE_RSA,
        AEAD_CHACHA20_POLY1305,
        32,
        "sha256"
    ),
]

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
