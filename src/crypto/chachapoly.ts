// ChaCha20-Poly1305 AEAD (RFC 8439 section 2.8): 32-byte key, 12-byte nonce, 16-byte tag. Decryption verifies
// the tag (constant-time compare) before producing any plaintext.
import { chacha20Xor } from "./chacha20"
import { Poly1305 } from "./poly1305"
import { ctEqual, leWords } from "./bytes"
import { Aead } from "./aead"

export class ChaCha20Poly1305 implements Aead {
    key: number[]
    constructor(key: Buffer) {
        if (key.length !== 32) throw new RangeError("ChaCha20-Poly1305 key length")
        this.key = leWords(key, 0, 8)
    }

    async tag(nonce: number[], aad: Buffer, ct: Buffer, off: number, len: number): Promise<Buffer> {
        const otk = Buffer.alloc(32)
        await chacha20Xor(this.key, nonce, 0, otk, 0, otk, 0, 32)
        const p = new Poly1305(otk)
        await p.update(aad, 0, aad.length, true)
        await p.update(ct, off, len, true)
        const l = Buffer.alloc(16)
        l.setAt(0, "u32", aad.length)
        l.setAt(8, "u32", len)
        await p.update(l, 0, 16, true)
        return p.digest()
    }

    async encryptInPlace(iv: Buffer, aad: Buffer, buf: Buffer, off: number, len: number): Promise<Buffer> {
        const n = leWords(iv, 0, 3)
        await chacha20Xor(this.key, n, 1, buf, off, buf, off, len)
        return await this.tag(n, aad, buf, off, len)
    }

    /** false (buf untouched) when the tag does not match */
    async decryptInPlace(iv: Buffer, aad: Buffer, buf: Buffer, off: number, len: number, tag: Buffer): Promise<boolean> {
        const n = leWords(iv, 0, 3)
        const t = await this.tag(n, aad, buf, off, len)
        if (tag.length !== 16 || !ctEqual(t, 0, tag, 0, 16)) return false
        await chacha20Xor(this.key, n, 1, buf, off, buf, off, len)
        return true
    }
}
