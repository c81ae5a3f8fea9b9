// Hash factory and one-shot digests over the four SHA variants.
import { Hash, HashAlg } from "./hash"
import { Sha1 } from "./sha1"
import { Sha256 } from "./sha256"
import { Sha512 } from "./sha512"

/** A new streaming hash. */
export function createHash(alg: HashAlg): Hash {
    if (alg === "sha256") return new Sha256()
    if (alg === "sha384") return new Sha512(true)
    if (alg === "sha512") return new Sha512(false)
    if (alg === "sha1") return new Sha1()
    throw new TypeError("unknown hash " + alg)
}

/** digest size in bytes */
export function hashLen(alg: HashAlg): number {
    if (alg === "sha256") return 32
    if (alg === "sha384") return 48
    if (alg === "sha512") return 64
    if (alg === "sha1") return 20
    throw new TypeError("unknown hash " + alg)
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
