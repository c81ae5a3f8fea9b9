// ECDH over P-256 / P-384 (SEC1 uncompressed points): key generation and shared-secret computation.
import { randomBuffer } from "@devicescript/crypto"
import { relax } from "../platform/budget"
import { WCurve, decodePoint, publicFromScalar, scalarFromBytes, scalarMulCT, toAffine } from "./ec-weier"
import { limbsToBytes, newLimbs } from "./ec-limbs"

/** A fresh key pair: priv (big-endian scalar, 1 <= d < n, from the runtime CSPRNG), pub = 04 || X || Y. */
export async function ecdhKeygen(c: WCurve): Promise<{ priv: Buffer; pub: Buffer }> {
    const k = newLimbs(c.n)
    for (;;) {
        const priv = randomBuffer(c.bytes)
        if (!scalarFromBytes(c, priv, k)) continue // out of range (probability ~2^-32 or less): draw again
        const pub = await publicFromScalar(c, k)
        return { priv: priv, pub: pub }
    }
}

/** The public key (04 || X || Y) of a private scalar; null if the scalar is not in [1, n-1]. */
export async function ecPublicKey(c: WCurve, priv: Buffer): Promise<Buffer> {
    const k = newLimbs(c.n)
    if (!scalarFromBytes(c, priv, k)) return null
    return await publicFromScalar(c, k)
}

/**
 * Shared secret: the X coordinate (c.bytes bytes) of priv * peer. Returns null when the peer point is
 * invalid (bad encoding, coordinate >= p, not on the curve) or the private scalar is out of range.
 */
export async function ecdhShared(c: WCurve, priv: Buffer, peerPub: Buffer): Promise<Buffer> {
    const n = c.n
    const k = newLimbs(n)
    if (!scalarFromBytes(c, priv, k)) return null
    const q = newLimbs(3 * n)
    await relax() // start on a fresh slice: decoding runs ~9 kernel calls without yielding
    if (!decodePoint(c, peerPub, q)) return null
    const r = newLimbs(3 * n)
    await scalarMulCT(c, r, q, k)
    const x = newLimbs(n)
    if (!(await toAffine(c, r, x, null))) return null // cannot happen for a valid point of prime order
    const out = Buffer.alloc(c.bytes)
    limbsToBytes(out, 0, x, c.bytes)
    return out
}
