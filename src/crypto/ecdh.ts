// ECDH over P-256 / P-384 (SEC1 uncompressed points): key generation and shared-secret computation.
import { randomBuffer } from "@devicescript/crypto"
import { WCurve, wc, decodePoint, scalarFromBytes, scalarMul, toAffine } from "./ec-weier"
import { newLimbs } from "./field"

/** A fresh key pair: priv (big-endian scalar, 1 <= d < n, from the runtime CSPRNG), pub = 04 || X || Y. */
export async function ecdhKeygen(c: WCurve): Promise<{ priv: Buffer; pub: Buffer }> {
    for (;;) {
        const priv = randomBuffer(c.bytes)
        const pub = await ecPublicKey(c, priv)
        if (pub) return { priv: priv, pub: pub } // else out of range (probability ~2^-32 or less): draw again
    }
}

/**
 * The public key (04 || X || Y) of a private scalar (null if not in [1, n-1]), or with `peerPub` the ECDH
 * shared secret: the X coordinate (c.bytes bytes) of priv * peer, null when the peer point is invalid (bad
 * encoding, coordinate >= p, not on the curve).
 */
export async function ecPublicKey(c: WCurve, priv: Buffer, peerPub?: Buffer): Promise<Buffer> {
    const n = wc(c).n
    const k = newLimbs(n)
    if (!scalarFromBytes(c, priv, k)) return null
    let q = c.G
    if (peerPub) {
        q = newLimbs(3 * n)
        if (!(await decodePoint(c, peerPub, q))) return null
    }
    const r = newLimbs(3 * n)
    await scalarMul(c, r, k, q)
    const out = Buffer.alloc(peerPub ? c.bytes : 1 + 2 * c.bytes)
    out[0] = 4
    // the point at infinity cannot come out for a valid point of prime order and 1 <= k < n
    return (await toAffine(c, r, out, peerPub ? 0 : 1, !peerPub)) ? out : null
}

/** The ECDH shared secret (see ecPublicKey). */
export async function ecdhShared(c: WCurve, priv: Buffer, peerPub: Buffer): Promise<Buffer> {
    return peerPub ? await ecPublicKey(c, priv, peerPub) : null
}
