// Known-answer tests for AES (FIPS-197 appendix C), AES-CBC (SP 800-38A F.2.1, F.2.5) and AES-GCM (the GCM
// specification's test cases 1-6 and 13-16, McGrew & Viega), plus tag rejection.
import { describe, test, expect } from "@devicescript/test"
import { AesCbc, aeadOpen, aeadSeal, createAesGcm } from "../../src/crypto/index"

const K3 = hex`feffe9928665731c6d6a8f9467308308`
const IV3 = hex`cafebabefacedbaddecaf888`
const P3 = hex`d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255`
const A4 = hex`feedfacedeadbeeffeedfacedeadbeefabaddad2`

async function gcmCase(key: Buffer, iv: Buffer, aad: Buffer, pt: Buffer, ct: string, tag: string) {
    const g = await createAesGcm(key)
    const sealed = await aeadSeal(g, iv, aad, pt)
    expect(sealed.toString("hex")).toBe(ct + tag)
    const opened = await aeadOpen(g, iv, aad, sealed)
    expect(opened.toString("hex")).toBe(pt.toString("hex"))
}

describe("AES block (FIPS-197 C.1-C.3, as one CBC block with a zero IV)", () => {
    test("AES-128, AES-192, AES-256", async () => {
        const pt = hex`00112233445566778899aabbccddeeff`
        const iv = Buffer.alloc(16)
        const k = hex`000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f`
        expect((await new AesCbc(k.slice(0, 16)).encrypt(iv, pt)).toString("hex")).toBe("69c4e0d86a7b0430d8cdb78070b4c55a")
        expect((await new AesCbc(k.slice(0, 24)).encrypt(iv, pt)).toString("hex")).toBe("dda97ca4864cdfe06eaf70a0ec0d7191")
        expect((await new AesCbc(k).encrypt(iv, pt)).toString("hex")).toBe("8ea2b7ca516745bfeafc49904b496089")
        expect((await new AesCbc(k).decrypt(iv, hex`8ea2b7ca516745bfeafc49904b496089`)).toString("hex")).toBe(
            "00112233445566778899aabbccddeeff"
        )
    })
})

describe("AES-CBC (SP 800-38A)", () => {
    const iv = hex`000102030405060708090a0b0c0d0e0f`
    const pt = hex`6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e5130c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710`
    test("F.2.1/F.2.2 CBC-AES128", async () => {
        const c = new AesCbc(hex`2b7e151628aed2a6abf7158809cf4f3c`)
        const ct = await c.encrypt(iv, pt)
        expect(ct.toString("hex")).toBe(
            "7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b273bed6b8e3c1743b7116e69e222295163ff1caa1681fac09120eca307586e1a7"
        )
        expect((await c.decrypt(iv, ct)).toString("hex")).toBe(pt.toString("hex"))
    })
    test("F.2.5/F.2.6 CBC-AES256", async () => {
        const c = new AesCbc(hex`603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4`)
        const ct = await c.encrypt(iv, pt)
        expect(ct.toString("hex")).toBe(
            "f58c4c04d6e5f1ba779eabfb5f7bfbd69cfc4e967edb808d679f777bc6702c7d39f23369a9d9bacfa530e26304231461b2eb05e2c39be9fcda6c19078c6a9d1b"
        )
        expect((await c.decrypt(iv, ct)).toString("hex")).toBe(pt.toString("hex"))
    })
})

describe("AES-GCM (GCM spec test cases)", () => {
    test("cases 1, 2 (AES-128, zero key)", async () => {
        const k = Buffer.alloc(16)
        const iv = Buffer.alloc(12)
        await gcmCase(k, iv, Buffer.alloc(0), Buffer.alloc(0), "", "58e2fccefa7e3061367f1d57a4e7455a")
        await gcmCase(k, iv, Buffer.alloc(0), Buffer.alloc(16), "0388dace60b6a392f328c2b971b2fe78", "ab6e47d42cec13bdf53a67b21257bddf")
    })
    test("cases 3, 4 (AES-128, with and without AAD)", async () => {
        await gcmCase(
            K3,
            IV3,
            Buffer.alloc(0),
            P3,
            "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091473f5985",
            "4d5c2af327cd64a62cf35abd2ba6fab4"
        )
        await gcmCase(
            K3,
            IV3,
            A4,
            P3.slice(0, 60),
            "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091",
            "5bc94fbc3221a5db94fae95ae7121a47"
        )
    })
    test("cases 5, 6 (8-byte and 60-byte IVs)", async () => {
        await gcmCase(
            K3,
            hex`cafebabefacedbad`,
            A4,
            P3.slice(0, 60),
            "61353b4c2806934a777ff51fa22a4755699b2a714fcdc6f83766e5f97b6c742373806900e49f24b22b097544d4896b424989b5e1ebac0f07c23f4598",
            "3612d2e79e3b0785561be14aaca2fccb"
        )
        await gcmCase(
            K3,
            hex`9313225df88406e555909c5aff5269aa6a7a9538534f7da1e4c303d2a318a728c3c0c95156809539fcf0e2429a6b525416aedbf5a0de6a57a637b39b`,
            A4,
            P3.slice(0, 60),
            "8ce24998625615b603a033aca13fb894be9112a5c3a211a8ba262a3cca7e2ca701e4a9a4fba43c90ccdcb281d48c7c6fd62875d2aca417034c34aee5",
            "619cc5aefffe0bfa462af43c1699d050"
        )
    })
    test("cases 13-16 (AES-256)", async () => {
        const k = Buffer.alloc(32)
        const iv = Buffer.alloc(12)
        await gcmCase(k, iv, Buffer.alloc(0), Buffer.alloc(0), "", "530f8afbc74536b9a963b4f1c4cb738b")
        await gcmCase(k, iv, Buffer.alloc(0), Buffer.alloc(16), "cea7403d4d606b6e074ec5d3baf39d18", "d0d1c8a799996bf0265b98b5d48ab919")
        const k2 = Buffer.concat(K3, K3)
        await gcmCase(
            k2,
            IV3,
            Buffer.alloc(0),
            P3,
            "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad",
            "b094dac5d93471bdec1a502270e3cc6c"
        )
        await gcmCase(
            k2,
            IV3,
            A4,
            P3.slice(0, 60),
            "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662",
            "76fc6ece0f4e1768cddf8853bb2d551b"
        )
    })
    test("a flipped bit in ciphertext, tag or AAD is rejected and nothing is decrypted", async () => {
        const g = await createAesGcm(K3)
        const sealed = await aeadSeal(g, IV3, A4, P3)
        const spots = [0, 30, 63, 64, 79]
        for (let i = 0; i < spots.length; i++) {
            const bad = sealed.slice(0)
            bad[spots[i]] ^= 1
            expect(await aeadOpen(g, IV3, A4, bad)).toBe(null)
        }
        const badAad = A4.slice(0)
        badAad[0] ^= 0x80
        expect(await aeadOpen(g, IV3, badAad, sealed)).toBe(null)
        expect(await aeadOpen(g, IV3, A4, sealed.slice(0, 15))).toBe(null)
        // in-place: a bad tag leaves the buffer as it was
        const buf = sealed.slice(0, 64)
        const tag = sealed.slice(64, 80)
        tag[15] ^= 0x40
        expect(await g.decryptInPlace(IV3, A4, buf, 0, 64, tag)).toBe(false)
        expect(buf.toString("hex")).toBe(sealed.slice(0, 64).toString("hex"))
        tag[15] ^= 0x40
        expect(await g.decryptInPlace(IV3, A4, buf, 0, 64, tag)).toBe(true)
        expect(buf.toString("hex")).toBe(P3.toString("hex"))
    })
})
