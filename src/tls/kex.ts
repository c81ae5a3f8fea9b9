// Ephemeral key exchange through the registered groups (features.ts).
import { Alert, TlsError, failIf } from "./errors"
import { findImpl, groupImpls } from "./features"
import { groupName } from "./suites"

export interface KeyShare {
    group: number
    pub: Buffer
    priv: Buffer
    /** the group's implementation (features.ts) */
    impl: any
}

export async function newKeyShare(group: number): Promise<KeyShare> {
    const g = findImpl(groupImpls, group)
    failIf(!g, Alert.InternalError, "group not built in: " + groupName(group))
    const kp = await g.keygen()
    kp.group = group
    kp.impl = g
    return kp
}

/** The ECDHE shared secret with the peer's public value; an invalid peer value is illegal_parameter. */
export async function sharedSecret(ks: KeyShare, peer: Buffer): Promise<Buffer> {
    const z = await ks.impl.shared(ks.priv, peer)
    failIf(!z, Alert.IllegalParameter, "invalid " + groupName(ks.group) + " public value from the server")
    return z
}
