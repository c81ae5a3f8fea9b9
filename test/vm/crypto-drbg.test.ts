// HMAC-DRBG: NIST CAVP HMAC_DRBG.rsp [SHA-256] no reseed, PredictionResistance = False, COUNT 0; and the
// process-wide generator (CSPRNG-seeded, AT+SSLSET=3 extra seed).
import { describe, test, expect } from "@devicescript/test"
import { HmacDrbg, randomBytes, addSeed } from "../../src/crypto/index"

describe("HMAC-DRBG", () => {
    test("CAVP SHA-256 COUNT 0: second 1024-bit generate", () => {
        const d = new HmacDrbg(
            hex`ca851911349384bffe89de1cbdc46e6831e44d34a4fb935ee285dd14b71a7488`,
            hex`659ba96c601dc69fc902940805ec0ca8`
        )
        d.generate(128)
        expect(d.generate(128).toString("hex")).toBe(
            "e528e9abf2dece54d47c7e75e5fe302149f817ea9fb4bee6f4199697d04d5b89d54fbb978a15b5c443c9ec21036d2460b6f73ebad0dc2aba6e624abf07745bc107694bb7547bb0995f70de25d6b29e2d3011bb19d27676c07162c8b5ccde0668961df86803482cb37ed6d5c0bb8d50cf1f50d476aa0458bdaba806f48be9dcb8"
        )
    })
    test("reseed with extra material changes the stream; same inputs give the same stream", () => {
        const e = hex`000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f`
        const a = new HmacDrbg(e)
        const b = new HmacDrbg(e)
        const c = new HmacDrbg(e)
        b.reseed(Buffer.alloc(32), Buffer.from("user seed"))
        c.reseed(Buffer.alloc(32), Buffer.from("user seed"))
        const x = a.generate(40).toString("hex")
        const y = b.generate(40).toString("hex")
        expect(x === y).toBe(false)
        expect(c.generate(40).toString("hex")).toBe(y)
        expect(() => a.generate(5000)).toThrow()
    })
    test("process-wide generator: lengths, no repeats, absorbs a seed string", () => {
        const r1 = randomBytes(33)
        const r2 = randomBytes(33)
        expect(r1.length).toBe(33)
        expect(r1.toString("hex") === r2.toString("hex")).toBe(false)
        addSeed("the AT+SSLSET=3 string")
        const r3 = randomBytes(1)
        expect(r3.length).toBe(1)
        // not all zero over a few hundred bytes
        const big = randomBytes(300)
        let or = 0
        for (let i = 0; i < big.length; i++) or |= big[i]
        expect(or).toBe(255)
    })
})
