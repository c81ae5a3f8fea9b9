// TLS 1.3 key schedule (RFC 8446 section 7.1) and traffic keys (7.3), over the HKDF of src/crypto.
import { hash, hashLen } from "../crypto/digest"
import { HashAlg } from "../crypto/hash"
import { deriveSecret, hkdfExpandLabel, hkdfExtract } from "../crypto/hkdf"
import { hmac } from "../crypto/hmac"
import { Suite } from "./suites"

const EMPTY = Buffer.alloc(0)

/** Early Secret = HKDF-Extract(0, PSK or zeros) */
export async function earlySecret(alg: HashAlg, psk?: Buffer): Promise<Buffer> {
    return await hkdfExtract(alg, EMPTY, psk || Buffer.alloc(hashLen(alg)))
}

/**
 * the next stage's secret: HKDF-Extract(Derive-Secret(prev, "derived", ""), ikm or zeros); prev null: the
 * early secret without PSK
 */
export async function nextStage(alg: HashAlg, prev: Buffer, ikm: Buffer): Promise<Buffer> {
    const zeros = Buffer.alloc(hashLen(alg))
    const derived = await deriveSecret(alg, prev || (await hkdfExtract(alg, EMPTY, zeros)), "derived", await hash(alg))
    return await hkdfExtract(alg, derived, ikm || zeros)
}

export interface TrafficKeys {
    key: Buffer
    iv: Buffer
}

/** [sender]_write_key and _iv from a traffic secret */
export async function trafficKeys(suite: Suite, secret: Buffer): Promise<TrafficKeys> {
    const key = await hkdfExpandLabel(suite.hash, secret, "key", EMPTY, suite.keyLen)
    const iv = await hkdfExpandLabel(suite.hash, secret, "iv", EMPTY, 12)
    return { key: key, iv: iv }
}

/** Finished verify_data = HMAC(finished_key(secret), transcript hash) */
export async function finishedData(alg: HashAlg, secret: Buffer, transcriptHash: Buffer): Promise<Buffer> {
    const fk = await hkdfExpandLabel(alg, secret, "finished", EMPTY, hashLen(alg))
    return await hmac(alg, fk, transcriptHash)
}

/** application_traffic_secret_N+1 (KeyUpdate) */
export async function nextTrafficSecret(alg: HashAlg, secret: Buffer): Promise<Buffer> {
    return await hkdfExpandLabel(alg, secret, "traffic upd", EMPTY, hashLen(alg))
}
