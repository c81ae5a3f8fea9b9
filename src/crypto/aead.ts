// The AEAD shape (AES-GCM, ChaCha20-Poly1305): in-place encryption/decryption, and the allocating seal/open on
// top of it as free functions (not methods: the firmware's TLS record layer uses only the in-place forms, and
// every method of a class in use is compiled in).

export interface Aead {
    /** Encrypts buf[off, off+len) in place; returns the 16-byte tag. */
    encryptInPlace(iv: Buffer, aad: Buffer, buf: Buffer, off: number, len: number): Promise<Buffer>
    /** Checks the tag, then decrypts buf[off, off+len) in place; false (buf untouched) if the tag is wrong. */
    decryptInPlace(iv: Buffer, aad: Buffer, buf: Buffer, off: number, len: number, tag: Buffer): Promise<boolean>
}

/** ciphertext || tag */
export async function aeadSeal(a: Aead, iv: Buffer, aad: Buffer, plaintext: Buffer): Promise<Buffer> {
    const out = Buffer.alloc(plaintext.length + 16)
    out.blitAt(0, plaintext, 0, plaintext.length)
    const t = await a.encryptInPlace(iv, aad, out, 0, plaintext.length)
    out.blitAt(plaintext.length, t, 0, 16)
    return out
}

/** plaintext, or null when the input is shorter than a tag or the tag does not verify */
export async function aeadOpen(a: Aead, iv: Buffer, aad: Buffer, sealed: Buffer): Promise<Buffer> {
    const n = sealed.length - 16
    if (n < 0) return null
    const out = sealed.slice(0, n)
    return (await a.decryptInPlace(iv, aad, out, 0, n, sealed.slice(n, n + 16))) ? out : null
}
