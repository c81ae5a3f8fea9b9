// Hash factory and one-shot digests over the four SHA variants.
import { Hash, HashAlg } from "./hash"
import { sha256Ts } from "./sha256"
import { sha512 } from "./sha512"

/**
 * SHA-1 is plugged in by importing sha1.ts (index.ts does), so that a build without it (the firmware: no
 * SHA-1 suites or signatures) does not carry its code.
 */
export const sha1Impl: { create: () => Hash } = { create: null }

/**
 * A new streaming hash. SHA-256 is the TypeScript one: the native-backed Sha256 of sha256.ts (faster for short
 * inputs, which it keeps) costs ~600 bytes of firmware bytecode for a few ms per TLS handshake.
 */
export function createHash(alg: HashAlg): Hash {
    if (alg === "sha256") return sha256Ts()
    if (alg === "sha384") return sha512(true)
    if (alg === "sha512") return sha512(false)
    if (alg === "sha1" && sha1Impl.create) return sha1Impl.create()
    throw new TypeError("unknown hash " + alg)
}

/** digest size in bytes */
export function hashLen(alg: HashAlg): number {
    return alg === "sha1" ? 20 : createHash(alg).outLen // (throws for an unknown alg, as createHash does)
}

/** block size in bytes */
export function hashBlockLen(alg: HashAlg): number {
    return alg === "sha384" || alg === "sha512" ? 128 : 64
}

/** One-shot digest of the concatenation of `parts`. */
export async function hash(alg: HashAlg, ...parts: Buffer[]): Promise<Buffer> {
    const h = createHash(alg)
    for (let i = 0; i < parts.length; i++) await h.update(parts[i])
    return await h.digest()
}
