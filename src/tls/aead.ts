// The AEAD of each suite (AES-GCM, ChaCha20-Poly1305 from src/crypto), keyed once per traffic key, and the
// record protection of a TLS 1.3 traffic secret.
import { createAesGcm } from "../crypto/gcm"
import { createChaCha20Poly1305 } from "../crypto/chacha20poly1305"
import { trafficKeys } from "./keyschedule"
import { Aead, Protection } from "./record"
import { AEAD_AES_GCM, Suite, TLS13 } from "./suites"

export async function makeAead(suite: Suite, key: Buffer): Promise<Aead> {
    if (suite.aead === AEAD_AES_GCM) return await createAesGcm(key)
    return await createChaCha20Poly1305(key)
}

/** record protection for one direction from a TLS 1.3 traffic secret */
export async function protection13(suite: Suite, secret: Buffer): Promise<Protection> {
    const k = await trafficKeys(suite, secret)
    return new Protection(TLS13, await makeAead(suite, k.key), k.iv)
}
