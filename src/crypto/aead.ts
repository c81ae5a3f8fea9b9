// The allocating seal/open shared by the AEADs (AES-GCM, ChaCha20-Poly1305) on top of their in-place forms.

export abstract class Aead {
    /** Encrypts buf[off, off+len) in place; returns the 16-byte tag. */
    abstract encryptInPlace(iv: Buffer, aad: Buffer, buf: Buffer, off: number, len: number): Promise<Buffer>
    /** Checks the tag, then decrypts buf[off, off+len) in place; false (buf untouched) if the tag is wrong. */
    abstract decryptInPlace(iv: Buffer, aad: Buffer, buf: Buffer, off: number, len: number, tag: Buffer): Promise<boolean>

    /** ciphertext || tag */
    async seal(iv: Buffer, aad: Buffer, plaintext: Buffer): Promise<Buffer> {
        const out = Buffer.alloc(plaintext.length + 16)
        out.blitAt(0, plaintext, 0, plaintext.length)
        const t = await this.encryptInPlace(iv, aad, out, 0, plaintext.length)
        out.blitAt(plaintext.length, t, 0, 16)
        return out
    }

    /** plaintext, or null when the input is shorter than a tag or the tag does not verify */
    async open(iv: Buffer, aad: Buffer, sealed: Buffer): Promise<Buffer> {
        const n = sealed.length - 16
        if (n < 0) return null
        const out = sealed.slice(0, n)
        return (await this.decryptInPlace(iv, aad, out, 0, n, sealed.slice(n, n + 16))) ? out : null
    }
}
