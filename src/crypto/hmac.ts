// HMAC (RFC 2104) over SHA-1/256/384/512. A keyed Hmac keeps the hash states after the ipad and opad blocks,
// so every MAC costs only the message blocks plus one outer block (the TLS 1.2 PRF and HKDF call it in loops).
import { hmac as nativeHmac } from "@devicescript/crypto"
import { charge, relax } from "../platform/budget"
import { CALL_UNITS, Hash, HashAlg } from "./hash"
import { createHash } from "./digest"

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

/** A keyed HMAC. */
export async function createHmac(alg: HashAlg, key: Buffer): Promise<Hmac> {
    const bl = alg === "sha384" || alg === "sha512" ? 128 : 64
    if (key.length > bl) {
        const kh = createHash(alg)
        await kh.update(key)
        key = await kh.digest()
    }
    const pad = Buffer.alloc(bl)
    pad.blitAt(0, key, 0, key.length)
    for (let i = 0; i < bl; i++) pad[i] ^= 0x36
    const ik = createHash(alg)
    await ik.update(pad)
    for (let i = 0; i < bl; i++) pad[i] ^= 0x36 ^ 0x5c
    const ok = createHash(alg)
    await ok.update(pad)
    return new Hmac(alg, ik, ok)
}

/** One-shot HMAC of the concatenation of parts (HMAC-SHA256 uses the runtime's native HMAC). */
export async function hmac(alg: HashAlg, key: Buffer, ...parts: Buffer[]): Promise<Buffer> {
    if (alg === "sha256") {
        if (charge(CALL_UNITS)) await relax()
        return nativeHmac(key, "sha256", ...parts)
    }
    const h = await createHmac(alg, key)
    return await h.mac(...parts)
}
