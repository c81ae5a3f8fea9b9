// HMAC (RFC 2104) over SHA-1/256/384/512. The one-shot hmac() is what HKDF, the TLS 1.2 PRF and TLS use (SHA-256:
// native; others re-key per call, two extra block compressions, a few per handshake). A keyed Hmac (createHmac)
// keeps the hash states after the ipad and opad blocks for streaming use; it is not in the firmware's path.
import { hmac as nativeHmac } from "./native"
import { charge, relax } from "../platform/budget"
import { CALL_UNITS, Hash, HashAlg } from "./hash"
import { createHash, hash } from "./digest"

export class Hmac {
    alg: HashAlg
    outLen: number
    ikeyed: Hash
    okeyed: Hash
    inner: Hash

    constructor(alg: HashAlg, ikeyed: Hash, okeyed: Hash) {
        this.alg = alg
        this.outLen = ikeyed.outLen
        this.ikeyed = ikeyed
        this.okeyed = okeyed
        this.inner = ikeyed.clone()
    }

    async update(data: Buffer) {
        await this.inner.update(data)
    }

    /** MAC of everything fed since creation; updates may continue */
    async digest(): Promise<Buffer> {
        const ih = await this.inner.digest()
        const o = this.okeyed.clone()
        await o.update(ih)
        return await o.digest()
    }

    /** one-shot MAC of the concatenation of parts with this key (the streaming state is untouched) */
    async mac(...parts: Buffer[]): Promise<Buffer> {
        const i = this.ikeyed.clone()
        for (let k = 0; k < parts.length; k++) await i.update(parts[k])
        const ih = await i.digest()
        const o = this.okeyed.clone()
        await o.update(ih)
        return await o.digest()
    }
}

/** A new hash already fed with the key block xor `x` (0x36: inner, 0x5c: outer). */
async function padded(alg: HashAlg, key: Buffer, x: number): Promise<Hash> {
    const h = createHash(alg)
    const bl = h.blockLen
    if (key.length > bl) key = await hash(alg, key)
    const pad = Buffer.alloc(bl)
    pad.blitAt(0, key, 0, key.length)
    for (let i = 0; i < bl; i++) pad[i] = pad[i] ^ x
    await h.update(pad)
    return h
}

/** A keyed HMAC (streaming; the one-shot hmac() is what the firmware's TLS uses). */
export async function createHmac(alg: HashAlg, key: Buffer): Promise<Hmac> {
    return new Hmac(alg, await padded(alg, key, 0x36), await padded(alg, key, 0x5c))
}

/** One-shot HMAC of the concatenation of parts (HMAC-SHA256 uses the runtime's native HMAC). */
export async function hmac(alg: HashAlg, key: Buffer, ...parts: Buffer[]): Promise<Buffer> {
    if (charge(CALL_UNITS)) await relax()
    if (alg === "sha256") return nativeHmac(key, "sha256", ...parts)
    const i = await padded(alg, key, 0x36)
    for (let k = 0; k < parts.length; k++) await i.update(parts[k])
    const o = await padded(alg, key, 0x5c)
    await o.update(await i.digest())
    return await o.digest()
}
