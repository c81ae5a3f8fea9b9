// X25519 known answers typed from RFC 7748 (sections 5.2 and 6.1), and the all-zero-output rejection.
import { describe, test, expect } from "@devicescript/test"
import { x25519, x25519Base } from "../../src/crypto/x25519"

function h(s: string) {
    return Buffer.from(s, "hex")
}
async function xh(k: string, u: string) {
    const r = await x25519(h(k), h(u))
    return r ? r.toString("hex") : "null"
}

describe("x25519", () => {
    test("RFC 7748 5.2 vector 1", async () => {
        expect(
            await xh(
                "a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4",
                "e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c",
            ),
        ).toBe("c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552")
    })
    test("RFC 7748 5.2 vector 2 (u with the top bit set)", async () => {
        expect(
            await xh(
                "4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d",
                "e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493",
            ),
        ).toBe("95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957")
    })
    test("RFC 7748 5.2 iterated, 1 iteration", async () => {
        const k = h("0900000000000000000000000000000000000000000000000000000000000000")
        const r = await x25519(k, k)
        expect(r.toString("hex")).toBe("422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079")
    })
    test("RFC 7748 6.1 Diffie-Hellman", async () => {
        const a = h("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a")
        const b = h("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb")
        const pa = await x25519Base(a)
        const pb = await x25519Base(b)
        expect(pa.toString("hex")).toBe("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a")
        expect(pb.toString("hex")).toBe("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f")
        const k1 = await x25519(a, pb)
        const k2 = await x25519(b, pa)
        expect(k1.toString("hex")).toBe("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742")
        expect(k2.toString("hex")).toBe(k1.toString("hex"))
    })
    test("small-order u (0, 1, p-1, p, p+1) gives the all-zero secret, reported as null", async () => {
        const k = "a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4"
        expect(await xh(k, "0000000000000000000000000000000000000000000000000000000000000000")).toBe("null")
        expect(await xh(k, "0100000000000000000000000000000000000000000000000000000000000000")).toBe("null")
        expect(await xh(k, "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f")).toBe("null")
        expect(await xh(k, "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f")).toBe("null")
        expect(await xh(k, "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f")).toBe("null")
    })
})
