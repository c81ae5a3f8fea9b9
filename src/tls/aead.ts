// The AEAD of each suite through the registered implementations (features.ts), and the record protection of a
// TLS 1.3 traffic secret.
import { Aead } from "../crypto/aead"
import { aeadImpl } from "./features"
import { trafficKeys } from "./keyschedule"
import { Protection } from "./record"
import { Suite, TLS13 } from "./suites"

export async function makeAead(suite: Suite, key: Buffer): Promise<Aead> {
    return await aeadImpl(suite.aead).create(key)
}

/** record protection for one direction from a TLS 1.3 traffic secret */
export async function protection13(suite: Suite, secret: Buffer): Promise<Protection> {
    const k = await trafficKeys(suite, secret)
    return new Protection(TLS13, await makeAead(suite, k.key), k.iv)
}
