// HKDF (RFC 5869) and the TLS 1.3 HKDF-Expand-Label / Derive-Secret (RFC 8446 section 7.1).
import { HashAlg } from "./hash"
import { hashLen } from "./digest"
import { hmac } from "./hmac"

/** HKDF-Extract(salt, IKM) = HMAC(salt or zeros, IKM) */
export async function hkdfExtract(alg: HashAlg, salt: Buffer, ikm: Buffer): Promise<Buffer> {
    if (!salt || !salt.length) salt = Buffer.alloc(hashLen(alg))
    return await hmac(alg, salt, ikm)
}

/** HKDF-Expand(PRK, info, L) */
export async function hkdfExpand(alg: HashAlg, prk: Buffer, info: Buffer, len: number): Promise<Buffer> {
    const hl = hashLen(alg)
    if (len > 255 * hl) throw new RangeError("hkdf: output too long")
    const out = Buffer.alloc(len)
    const ctr = Buffer.alloc(1)
    let t = Buffer.alloc(0)
    for (let off = 0, i = 1; off < len; i++) {
        ctr[0] = i
        t = await hmac(alg, prk, t, info, ctr)
        const n = Math.min(hl, len - off)
        out.blitAt(off, t, 0, n)
        off += n
    }
    return out
}

/** HKDF-Expand-Label(Secret, Label, Context, Length); `label` without the "tls13 " prefix */
export async function hkdfExpandLabel(
    alg: HashAlg,
    secret: Buffer,
    label: string,
    context: Buffer,
    len: number
): Promise<Buffer> {
    // HkdfLabel: length (2 bytes), label with its length byte, context with its length byte; the "." are
    // placeholders for the length bytes
    const h = Buffer.from("...tls13 " + label + ".")
    const n = h.length
    h[0] = len >> 8
    h[1] = len
    h[2] = n - 4
    h[n - 1] = context.length
    return await hkdfExpand(alg, secret, Buffer.concat(h, context), len)
}

/** Derive-Secret(Secret, Label, Messages) given Transcript-Hash(Messages) */
export async function deriveSecret(alg: HashAlg, secret: Buffer, label: string, transcriptHash: Buffer): Promise<Buffer> {
    return await hkdfExpandLabel(alg, secret, label, transcriptHash, transcriptHash.length) // Hash.length
}
