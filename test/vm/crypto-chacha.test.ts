// Known-answer tests from RFC 8439: ChaCha20 (2.4.2), Poly1305 (2.5.2), the AEAD (2.8.2), plus tag rejection.
import { describe, test, expect } from "@devicescript/test"
import { aeadOpen, aeadSeal, ChaCha20Poly1305, chacha20Xor, Poly1305 } from "../../src/crypto/index"
import { leWords } from "../../src/crypto/bytes"

const SUNSCREEN = Buffer.from(
    "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it."
)

function seq(n: number, from: number) {
    const b = Buffer.alloc(n)
    for (let i = 0; i < n; i++) b[i] = from + i
    return b
}

describe("RFC 8439", () => {
    test("2.4.2 ChaCha20 encryption (counter 1)", async () => {
        const out = Buffer.alloc(SUNSCREEN.length)
        await chacha20Xor(leWords(seq(32, 0), 0, 8), leWords(hex`000000000000004a00000000`, 0, 3), 1, SUNSCREEN, 0, out, 0, out.length)
        expect(out.toString("hex")).toBe(
            "6e2e359a2568f98041ba0728dd0d6981e97e7aec1d4360c20a27afccfd9fae0bf91b65c5524733ab8f593dabcd62b3571639d624e65152ab8f530c359f0861d807ca0dbf500d6a6156a38e088a22b65e52bc514d16ccf806818ce91ab77937365af90bbf74a35be6b40b8eedf2785e42874d"
        )
    })
    test("2.5.2 Poly1305", async () => {
        const p = new Poly1305(hex`85d6be7857556d337f4452fe42d506a80103808afb0db2fd4abff6af4149f51b`)
        const m = Buffer.from("Cryptographic Forum Research Group")
        await p.update(m, 0, m.length, false)
        expect(p.digest().toString("hex")).toBe("a8061dc1305136c6c22b8baf0c0127a9")
    })
    test("A.3 Poly1305 vectors 5-11 (wrap-around and final reduction cases)", async () => {
        const z = (n: number) => Buffer.alloc(n)
        const ff = (n: number) => {
            const b = Buffer.alloc(n)
            b.fillAt(0, n, 0xff)
            return b
        }
        const r2 = Buffer.concat(hex`02`, z(31))
        const r1 = Buffer.concat(hex`01`, z(31))
        const r10 = Buffer.concat(hex`010000000000000004`, z(23))
        const d10 = Buffer.concat(hex`e33594d7505e43b9`, z(8), hex`3394d7505e4379cd0100000000000000`, z(16), hex`01`, z(15))
        const cases: Buffer[][] = [
            [r2, ff(16)],
            [Buffer.concat(hex`02`, z(15), ff(16)), Buffer.concat(hex`02`, z(15))],
            [r1, Buffer.concat(ff(16), hex`f0`, ff(15), hex`11`, z(15))],
            [r1, Buffer.concat(ff(16), hex`fbfefefefefefefefefefefefefefefe`, hex`01010101010101010101010101010101`)],
            [r2, Buffer.concat(hex`fd`, ff(15))],
            [r10, d10],
            [r10, d10.slice(0, 48)],
        ]
        const tags = [
            "03000000000000000000000000000000",
            "03000000000000000000000000000000",
            "05000000000000000000000000000000",
            "00000000000000000000000000000000",
            "faffffffffffffffffffffffffffffff",
            "14000000000000005500000000000000",
            "13000000000000000000000000000000",
        ]
        for (let i = 0; i < cases.length; i++) {
            const p = new Poly1305(cases[i][0])
            await p.update(cases[i][1], 0, cases[i][1].length, false)
            expect("#" + (i + 5) + " " + p.digest().toString("hex")).toBe("#" + (i + 5) + " " + tags[i])
        }
    })
    test("2.8.2 AEAD seal and open; tampering rejected", async () => {
        const a = new ChaCha20Poly1305(seq(32, 0x80))
        const iv = hex`070000004041424344454647`
        const aad = hex`50515253c0c1c2c3c4c5c6c7`
        const sealed = await aeadSeal(a, iv, aad, SUNSCREEN)
        expect(sealed.toString("hex")).toBe(
            "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d63dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b3692ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc3ff4def08e4b7a9de576d26586cec64b6116" +
                "1ae10b594f09e26a7e902ecbd0600691"
        )
        expect((await aeadOpen(a, iv, aad, sealed)).toString()).toBe(SUNSCREEN.toString())
        const spots = [0, 57, 113, 114, 129]
        for (let i = 0; i < spots.length; i++) {
            const bad = sealed.slice(0)
            bad[spots[i]] ^= 0x10
            expect(await aeadOpen(a, iv, aad, bad)).toBe(null)
        }
        const badIv = iv.slice(0)
        badIv[11] ^= 1
        expect(await aeadOpen(a, badIv, aad, sealed)).toBe(null)
    })
})
