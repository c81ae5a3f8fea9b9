// Ephemeral key exchange for the TLS groups we offer: x25519 (RFC 7748) and secp256r1 / secp384r1 ECDH with
// uncompressed points (the arithmetic is in src/crypto).
import { x25519, x25519Keygen } from "../crypto/x25519"
import { ecdhKeygen, ecdhShared } from "../crypto/ecdh"
import { P256 } from "../crypto/p256"
import { P384 } from "../crypto/p384"
import { Alert, TlsError } from "./errors"
import { GROUP_SECP256R1, GROUP_SECP384R1, GROUP_X25519, groupName } from "./suites"

export interface KeyShare {
    group: number
    pub: Buffer
    priv: Buffer
}

export async function newKeyShare(group: number): Promise<KeyShare> {
    let kp: { priv: Buffer; pub: Buffer }
    if (group === GROUP_X25519) kp = await x25519Keygen()
    else if (group === GROUP_SECP256R1) kp = await ecdhKeygen(P256)
    else if (group === GROUP_SECP384R1) kp = await ecdhKeygen(P384)
    else throw new TlsError(Alert.InternalError, "group not implemented: " + groupName(group))
    return { group: group, pub: kp.pub, priv: kp.priv }
}

/** The ECDHE shared secret with the peer's public value; an invalid peer value is illegal_parameter. */
export async function sharedSecret(ks: KeyShare, peer: Buffer): Promise<Buffer> {
    let z: Buffer = null
    if (ks.group === GROUP_X25519) {
        if (peer.length === 32) {
            z = await x25519(ks.priv, peer)
            // an all-zero result means a small-order peer point (RFC 7748 6.1)
            let acc = 0
            for (let i = 0; i < 32; i++) acc |= z[i]
            if (acc === 0) z = null
        }
    } else if (ks.group === GROUP_SECP256R1) {
        if (peer.length === 65) z = await ecdhShared(P256, ks.priv, peer)
    } else if (ks.group === GROUP_SECP384R1) {
        if (peer.length === 97) z = await ecdhShared(P384, ks.priv, peer)
    }
    if (!z) throw new TlsError(Alert.IllegalParameter, "invalid " + groupName(ks.group) + " public value from the server")
    return z
}
