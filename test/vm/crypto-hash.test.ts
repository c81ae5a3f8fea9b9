// Known-answer tests for the hashes, HMAC, HKDF and the TLS 1.2 PRF, typed from FIPS 180-4 (examples),
// RFC 4231, RFC 5869, RFC 8448 and the TLS WG PRF vectors (IETF tls mailing list msg03416).
import { describe, test, expect } from "@devicescript/test"
import { createHash, hash, HashAlg } from "../../src/crypto/index"
import { hmac, createHmac } from "../../src/crypto/index"
import { hkdfExtract, hkdfExpand, hkdfExpandLabel, deriveSecret } from "../../src/crypto/index"
import { tls12Prf } from "../../src/crypto/index"
import { Sha256 } from "../../src/crypto/sha256"

const ABC = Buffer.from("abc")
const M448 = Buffer.from("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
const M896 = Buffer.from(
    "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu"
)

async function hx(alg: HashAlg, m: Buffer) {
    return (await hash(alg, m)).toString("hex")
}

function fill(n: number, v: number) {
    const b = Buffer.alloc(n)
    b.fillAt(0, n, v)
    return b
}

describe("SHA (FIPS 180-4 examples)", () => {
    test("SHA-1", async () => {
        expect(await hx("sha1", ABC)).toBe("a9993e364706816aba3e25717850c26c9cd0d89d")
        expect(await hx("sha1", M448)).toBe("84983e441c3bd26ebaae4aa1f95129e5e54670f1")
    })
    test("SHA-256 (native and TypeScript paths)", async () => {
        expect(await hx("sha256", ABC)).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        expect(await hx("sha256", M448)).toBe("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        const ts = new Sha256(0) // limit 0: always the TypeScript compression
        await ts.update(M448)
        expect(ts.ts !== null).toBe(true)
        expect((await ts.digest()).toString("hex")).toBe(
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        )
    })
    test("SHA-384", async () => {
        expect(await hx("sha384", ABC)).toBe(
            "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7"
        )
        expect(await hx("sha384", M896)).toBe(
            "09330c33f71147e83d192fc782cd1b4753111b173b3b05d22fa08086e3b0f712fcc7c71a557e2db966c3e9fa91746039"
        )
    })
    test("SHA-512", async () => {
        expect(await hx("sha512", ABC)).toBe(
            "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"
        )
        expect(await hx("sha512", M896)).toBe(
            "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909"
        )
    })
    test("empty input", async () => {
        expect(await hx("sha1", Buffer.alloc(0))).toBe("da39a3ee5e6b4b0d3255bfef95601890afd80709")
        expect(await hx("sha256", Buffer.alloc(0))).toBe(
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        )
    })
    test("digest() mid-stream leaves the running hash intact", async () => {
        const algs: HashAlg[] = ["sha1", "sha256", "sha384", "sha512"]
        for (let i = 0; i < algs.length; i++) {
            const h = createHash(algs[i])
            await h.update(M448.slice(0, 3))
            expect((await h.digest()).toString("hex")).toBe(await hx(algs[i], ABC))
            const c = h.clone()
            await h.update(M448.slice(3))
            expect((await h.digest()).toString("hex")).toBe(await hx(algs[i], M448))
            await c.update(M448.slice(3, 10))
            expect((await c.digest()).toString("hex")).toBe(await hx(algs[i], M448.slice(0, 10)))
        }
    })
})

// RFC 4231 test cases 1, 2 and 6 (key longer than the block)
describe("HMAC (RFC 4231)", () => {
    const k1 = fill(20, 0x0b)
    const d1 = Buffer.from("Hi There")
    const k2 = Buffer.from("Jefe")
    const d2 = Buffer.from("what do ya want for nothing?")
    const k6 = fill(131, 0xaa)
    const d6 = Buffer.from("Test Using Larger Than Block-Size Key - Hash Key First")
    test("HMAC-SHA-256", async () => {
        expect((await hmac("sha256", k1, d1)).toString("hex")).toBe(
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"
        )
        expect((await hmac("sha256", k2, d2)).toString("hex")).toBe(
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        )
        expect((await hmac("sha256", k6, d6)).toString("hex")).toBe(
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        )
        // the streaming object over the same hash
        const h = await createHmac("sha256", k6)
        await h.update(d6.slice(0, 10))
        await h.update(d6.slice(10))
        expect((await h.digest()).toString("hex")).toBe(
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        )
    })
    test("HMAC-SHA-384", async () => {
        expect((await hmac("sha384", k1, d1)).toString("hex")).toBe(
            "afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59cfaea9ea9076ede7f4af152e8b2fa9cb6"
        )
        expect((await hmac("sha384", k2, d2)).toString("hex")).toBe(
            "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649"
        )
        expect((await hmac("sha384", k6, d6)).toString("hex")).toBe(
            "4ece084485813e9088d2c63a041bc5b44f9ef1012a2b588f3cd11f05033ac4c60c2ef6ab4030fe8296248df163f44952"
        )
    })
    test("HMAC-SHA-512", async () => {
        expect((await hmac("sha512", k1, d1)).toString("hex")).toBe(
            "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cdedaa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854"
        )
        expect((await hmac("sha512", k2, d2)).toString("hex")).toBe(
            "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737"
        )
        expect((await hmac("sha512", k6, d6)).toString("hex")).toBe(
            "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f3526b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598"
        )
    })
})

describe("HKDF (RFC 5869) and TLS 1.3 labels (RFC 8448)", () => {
    test("test case 1 (SHA-256)", async () => {
        const prk = await hkdfExtract("sha256", hex`000102030405060708090a0b0c`, fill(22, 0x0b))
        expect(prk.toString("hex")).toBe("077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5")
        const okm = await hkdfExpand("sha256", prk, hex`f0f1f2f3f4f5f6f7f8f9`, 42)
        expect(okm.toString("hex")).toBe(
            "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865"
        )
    })
    test("test case 3 (SHA-256, empty salt and info)", async () => {
        const prk = await hkdfExtract("sha256", Buffer.alloc(0), fill(22, 0x0b))
        expect(prk.toString("hex")).toBe("19ef24a32c717b167f33a91d6f648bdf96596776afdb6377ac434c1c293ccb04")
        const okm = await hkdfExpand("sha256", prk, Buffer.alloc(0), 42)
        expect(okm.toString("hex")).toBe(
            "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8"
        )
    })
    test("test case 4 (SHA-1)", async () => {
        const prk = await hkdfExtract("sha1", hex`000102030405060708090a0b0c`, fill(11, 0x0b))
        expect(prk.toString("hex")).toBe("9b6c18c432a7bf8f0e71c8eb88f4b30baa2ba243")
        const okm = await hkdfExpand("sha1", prk, hex`f0f1f2f3f4f5f6f7f8f9`, 42)
        expect(okm.toString("hex")).toBe(
            "085a01ea1b10f36933068b56efa5ad81a4f14b822f5b091568a9cdd4f155fda2c22e422478d305f3f896"
        )
    })
    test("RFC 8448 key schedule: early, derived, handshake secrets, traffic key and iv", async () => {
        const early = await hkdfExtract("sha256", Buffer.alloc(0), Buffer.alloc(32))
        expect(early.toString("hex")).toBe("33ad0a1c607ec03b09e6cd9893680ce210adf300aa1f2660e1b22e10f170f92a")
        const derived = await deriveSecret("sha256", early, "derived", await hash("sha256", Buffer.alloc(0)))
        expect(derived.toString("hex")).toBe("6f2615a108c702c5678f54fc9dbab69716c076189c48250cebeac3576c3611ba")
        const hs = await hkdfExtract(
            "sha256",
            derived,
            hex`8bd4054fb55b9d63fdfbacf9f04b9f0d35e6d63f537563efd46272900f89492d`
        )
        expect(hs.toString("hex")).toBe("1dc826e93606aa6fdc0aadc12f741b01046aa6b99f691ed221a9f0ca043fbeac")
        const sec = hex`b67b7d690cc16c4e75e54213cb2d37b4e9c912bcded9105d42befd59d391ad38`
        expect((await hkdfExpandLabel("sha256", sec, "key", Buffer.alloc(0), 16)).toString("hex")).toBe(
            "3fce516009c21727d0f2e4e86ee403bc"
        )
        expect((await hkdfExpandLabel("sha256", sec, "iv", Buffer.alloc(0), 12)).toString("hex")).toBe(
            "5d313eb2671276ee13000b30"
        )
    })
})

describe("TLS 1.2 PRF (TLS WG test vectors)", () => {
    test("P_SHA256, 100 bytes", async () => {
        const r = await tls12Prf("sha256", hex`9bbe436ba940f017b17652849a71db35`, "test label", hex`a0ba9f936cda311827a6f796ffd5198c`, 100)
        expect(r.toString("hex")).toBe(
            "e3f229ba727be17b8d122620557cd453c2aab21d07c3d495329b52d4e61edb5a6b301791e90d35c9c9a46b4e14baf9af0fa022f7077def17abfd3797c0564bab4fbc91666e9def9b97fce34f796789baa48082d122ee42c5a72e5a5110fff70187347b66"
        )
    })
    test("P_SHA384, 148 bytes", async () => {
        const r = await tls12Prf("sha384", hex`b80b733d6ceefcdc71566ea48e5567df`, "test label", hex`cd665cf6a8447dd6ff8b27555edb7465`, 148)
        expect(r.toString("hex")).toBe(
            "7b0c18e9ced410ed1804f2cfa34a336a1c14dffb4900bb5fd7942107e81c83cde9ca0faa60be9fe34f82b1233c9146a0e534cb400fed2700884f9dc236f80edd8bfa961144c9e8d792eca722a7b32fc3d416d473ebc2c5fd4abfdad05d9184259b5bf8cd4d90fa0d31e2dec479e4f1a26066f2eea9a69236a3e52655c9e9aee691c8f3a26854308d5eaa3be85e0990703d73e56f"
        )
    })
})
