// Group secp256r1: uncompressed points (65 bytes), shared secret = X coordinate.
import { ecdhKeygen, ecdhShared } from "../crypto/ecdh"
import { P256 } from "../crypto/p256"
import { groupImpls } from "./features"
import { GROUP_SECP256R1 } from "./suites"

groupImpls.push({
    id: GROUP_SECP256R1,
    keygen: async () => await ecdhKeygen(P256),
    shared: async (priv: Buffer, peer: Buffer) => (peer.length === 65 ? await ecdhShared(P256, priv, peer) : null),
})
