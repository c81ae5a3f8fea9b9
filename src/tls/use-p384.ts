// Group secp384r1: uncompressed points (97 bytes), shared secret = X coordinate.
import { ecdhKeygen, ecdhShared } from "../crypto/ecdh"
import { P384 } from "../crypto/p384"
import { groupImpls } from "./features"
import { GROUP_SECP384R1 } from "./suites"

groupImpls.push({
    id: GROUP_SECP384R1,
    keygen: async () => await ecdhKeygen(P384),
    shared: async (priv: Buffer, peer: Buffer) => (peer.length === 97 ? await ecdhShared(P384, priv, peer) : null),
})
