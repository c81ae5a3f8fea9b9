// TLS 1.2 PRF (RFC 5246 section 5): PRF(secret, label, seed) = P_<hash>(secret, label + seed).
import { HashAlg } from "./hash"
import { hmac } from "./hmac"

export async function tls12Prf(alg: HashAlg, secret: Buffer, label: string, seed: Buffer, len: number): Promise<Buffer> {
    const ls = Buffer.concat(Buffer.from(label), seed)
    const out = Buffer.alloc(len)
    let a = ls
    for (let off = 0; off < len; ) {
        a = await hmac(alg, secret, a)
        const p = await hmac(alg, secret, a, ls)
        const n = Math.min(p.length, len - off)
        out.blitAt(off, p, 0, n)
        off += n
    }
    return out
}
