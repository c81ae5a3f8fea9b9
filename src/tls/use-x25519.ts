// Group x25519 (RFC 7748, RFC 8446 4.2.8.2): 32-byte public values; an all-zero shared secret (small-order
// peer point) is refused.
import { x25519, x25519Keygen } from "../crypto/x25519"
import { groupImpls } from "./features"
import { GROUP_X25519 } from "./suites"

groupImpls.push({
    id: GROUP_X25519,
    keygen: x25519Keygen,
    shared: async (priv: Buffer, peer: Buffer) => {
        if (peer.length !== 32) return null
        const z = await x25519(priv, peer)
        let acc = 0
        for (let i = 0; i < 32; i++) acc |= z[i]
        return acc === 0 ? null : z
    },
})
