// Record protection for one direction through the registered AEAD implementations (features.ts): from a key
// and IV, or from a TLS 1.3 traffic secret.
import { aeadImpls, findImpl } from "./features"
import { trafficKeys } from "./keyschedule"
import { Protection } from "./record"
import { Suite, TLS13 } from "./suites"

export async function protection(suite: Suite, version: number, key: Buffer, iv: Buffer): Promise<Protection> {
    return new Protection(version, await findImpl(aeadImpls, suite.aead).create(key), iv)
}

/** record protection for one direction from a TLS 1.3 traffic secret */
export async function protection13(suite: Suite, secret: Buffer): Promise<Protection> {
    const k = await trafficKeys(suite, secret)
    return await protection(suite, TLS13, k.key, k.iv)
}
