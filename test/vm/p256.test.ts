// P-256 known answers: NIST CAVS ECDH (KAS ECC CDH, P-256 count 0) and RFC 6979 A.2.5 (SHA-256, "sample"
// and "test"), plus rejection of invalid points and tampered signatures.
import { describe, test, expect } from "@devicescript/test"
import { P256 } from "../../src/crypto/p256"
import { ecdhShared, ecPublicKey } from "../../src/crypto/ecdh"
import { ecdsaSign, ecdsaVerify, ecdsaSigFromDer, ecdsaSigToDer } from "../../src/crypto/ecdsa"

function h(s: string) {
    return Buffer.from(s, "hex")
}

const CAVS_D = "7d7dc5f71eb29ddaf80d6214632eeae03d9058af1fb6d22ed80badb62bc1a534"
const CAVS_Q =
    "04700c48f77f56584c5cc632ca65640db91b6bacce3a4df6b42ce7cc838833d287db71e509e3fd9b060ddb20ba5c51dcc5948d46fbf640dfe0441782cab85fa4ac"
const CAVS_QIUT =
    "04ead218590119e8876b29146ff89ca61770c4edbbf97d38ce385ed281d8a6b23028af61281fd35e2fa7002523acc85a429cb06ee6648325389f59edfce1405141"
const CAVS_Z = "46fc62106420ff012e54a434fbdd2d25ccc5852060561e68040dd7778997bd7b"

const X = "c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721"
const U =
    "0460fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb67903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299"
const H_SAMPLE = "af2bdbe1aa9b6ec1e2ade1d694f41fc71a831d0268e9891562113d8a62add1bf"
const SIG_SAMPLE =
    "efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8"
const H_TEST = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
const SIG_TEST =
    "f1abb023518351cd71d881567b1ea663ed3efcf6c5132b354f28d3b0b7d38367019f4113742a2b14bd25926b49c649155f267e60d3814b4c0cc84250e46f0083"

describe("p256 ecdh", () => {
    test("CAVS: public key and shared secret", async () => {
        expect((await ecPublicKey(P256, h(CAVS_D))).toString("hex")).toBe(CAVS_QIUT)
        expect((await ecdhShared(P256, h(CAVS_D), h(CAVS_Q))).toString("hex")).toBe(CAVS_Z)
    })
    test("invalid peer points are rejected", async () => {
        const d = h(CAVS_D)
        const q = h(CAVS_Q)
        const off = q.slice(0)
        off[64] ^= 1 // y changed: not on the curve
        expect(await ecdhShared(P256, d, off)).toBe(null)
        const compressed = Buffer.concat(h("03"), q.slice(1, 33))
        expect(await ecdhShared(P256, d, compressed)).toBe(null)
        const big = q.slice(0) // x = p: out of range
        big.blitAt(1, h("ffffffff00000001000000000000000000000000ffffffffffffffffffffffff"), 0, 32)
        expect(await ecdhShared(P256, d, big)).toBe(null)
        const zero = Buffer.alloc(65)
        zero[0] = 4 // (0, 0) is not on the curve (b != 0)
        expect(await ecdhShared(P256, d, zero)).toBe(null)
        const wrongPrefix = q.slice(0)
        wrongPrefix[0] = 6
        expect(await ecdhShared(P256, d, wrongPrefix)).toBe(null)
        expect(await ecdhShared(P256, d, q.slice(0, 64))).toBe(null)
    })
    test("private scalar 0 and n are rejected", async () => {
        const q = h(CAVS_Q)
        expect(await ecdhShared(P256, Buffer.alloc(32), q)).toBe(null)
        expect(
            await ecdhShared(P256, h("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551"), q),
        ).toBe(null)
    })
})

describe("p256 ecdsa", () => {
    test("RFC 6979 A.2.5: public key, deterministic signatures (SHA-256)", async () => {
        expect((await ecPublicKey(P256, h(X))).toString("hex")).toBe(U)
        expect((await ecdsaSign(P256, h(X), h(H_SAMPLE), "sha256")).toString("hex")).toBe(SIG_SAMPLE)
        expect((await ecdsaSign(P256, h(X), h(H_TEST), "sha256")).toString("hex")).toBe(SIG_TEST)
    })
    test("RFC 6979 signatures verify; tampered ones do not", async () => {
        const sig = h(SIG_SAMPLE)
        expect(await ecdsaVerify(P256, h(U), h(H_SAMPLE), sig.slice(0, 32), sig.slice(32))).toBe(true)
        const t = h(SIG_TEST)
        expect(await ecdsaVerify(P256, h(U), h(H_TEST), t.slice(0, 32), t.slice(32))).toBe(true)
        // wrong hash, swapped r/s, flipped bit in s, r = 0, s = n
        expect(await ecdsaVerify(P256, h(U), h(H_TEST), sig.slice(0, 32), sig.slice(32))).toBe(false)
        expect(await ecdsaVerify(P256, h(U), h(H_SAMPLE), sig.slice(32), sig.slice(0, 32))).toBe(false)
        const bad = sig.slice(32)
        bad[31] ^= 1
        expect(await ecdsaVerify(P256, h(U), h(H_SAMPLE), sig.slice(0, 32), bad)).toBe(false)
        expect(await ecdsaVerify(P256, h(U), h(H_SAMPLE), Buffer.alloc(32), sig.slice(32))).toBe(false)
        const n = h("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551")
        expect(await ecdsaVerify(P256, h(U), h(H_SAMPLE), sig.slice(0, 32), n)).toBe(false)
    })
    test("DER signature encoding round-trips", () => {
        const rs = h(SIG_TEST) // s has a leading 0x01 byte, r a high bit (needs a 00 pad)
        const der = ecdsaSigToDer(rs)
        expect(der.toString("hex").slice(0, 10)).toBe("3045022100")
        const back = ecdsaSigFromDer(der)
        expect(back.r.toString("hex")).toBe(rs.slice(0, 32).toString("hex"))
        expect(back.s.toString("hex")).toBe(rs.slice(32).toString("hex"))
        expect(ecdsaSigFromDer(der.slice(0, der.length - 1))).toBe(null)
    })
})
