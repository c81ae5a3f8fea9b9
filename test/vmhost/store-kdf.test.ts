// PBKDF2-HMAC-SHA256 (src/store/kdf.ts): RFC 7914 section 11 vector and node:crypto on generated inputs.
import { describe, test, expect } from "@devicescript/test"
import { pbkdf2Sha256 } from "../../src/store/kdf"
import { KDF } from "../gen/store_kdf"

describe("pbkdf2-hmac-sha256", () => {
    test("RFC 7914 §11: P=passwd S=salt c=1 (first 32 bytes)", async () => {
        const k = await pbkdf2Sha256(Buffer.from("passwd"), Buffer.from("salt"), 1)
        expect(k.toString("hex")).toBe("55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc")
    })
    test("matches node:crypto pbkdf2Sync on random passwords, salts, 1..2048 iterations", async () => {
        for (let i = 0; i < KDF.length; i++) {
            const v = KDF[i]
            const k = await pbkdf2Sha256(Buffer.from(v[0], "hex"), Buffer.from(v[1], "hex"), v[2])
            expect(k.toString("hex")).toBe(v[3])
        }
    })
})
