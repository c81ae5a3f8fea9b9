// Differential test: AES-GCM, AES-CBC and ChaCha20-Poly1305 in the VM against node:crypto on random keys, nonces,
// AAD and plaintexts of many lengths (0 ... 16 KB records). Outputs longer than 64 bytes are compared through
// their SHA-256 (keeps the generated module small); the VM also opens what it sealed and must reject tampered
// ciphertexts, tags and AAD.
import { createCipheriv, createHash, randomBytes, randomInt } from "node:crypto"
import { writeGen } from "../lib/vm.mjs"
import { vmTestFile } from "../lib/vmtest.mjs"
import { input, LENGTHS, rec, genModule } from "../lib/cryptogen.mjs"

const h = b => b.toString("hex")
const out = b => (b.length <= 64 ? h(b) : "#" + createHash("sha256").update(b).digest("hex"))

function aead(alg, key, iv, aad, pt) {
    const c = createCipheriv(alg, key, iv, { authTagLength: 16 })
    c.setAAD(aad, { plaintextLength: pt.length })
    const ct = Buffer.concat([c.update(pt), c.final()])
    return Buffer.concat([ct, c.getAuthTag()])
}

// alg;key;iv;aad;input;sealed (ct||tag, hex or #sha256)
const AEAD = []
for (const alg of ["aes-128-gcm", "aes-256-gcm", "chacha20-poly1305"]) {
    const klen = alg === "aes-128-gcm" ? 16 : 32
    for (const len of LENGTHS) {
        const key = randomBytes(klen)
        const iv = randomBytes(12)
        const aad = randomBytes([0, 1, 13, 16, 17, 40][randomInt(0, 6)])
        const { spec, data } = input(len)
        AEAD.push(rec(alg, h(key), h(iv), h(aad), spec, out(aead(alg, key, iv, aad, data))))
    }
}

// alg;key;iv;input;ct
const CBC = []
for (const alg of ["aes-128-cbc", "aes-256-cbc"]) {
    for (const len of [0, 16, 32, 48, 64, 1024, 16384]) {
        const key = randomBytes(alg === "aes-128-cbc" ? 16 : 32)
        const iv = randomBytes(16)
        const { spec, data } = input(len)
        const c = createCipheriv(alg, key, iv)
        c.setAutoPadding(false)
        CBC.push(rec(alg, h(key), h(iv), spec, out(Buffer.concat([c.update(data), c.final()]))))
    }
}

// Poly1305 against a BigInt reference, with edge keys (largest clamped r, s all ones) and all-0xff messages
function poly1305(key, msg) {
    const le = b => BigInt("0x" + (Buffer.from(b).reverse().toString("hex") || "0"))
    const r = le(key.subarray(0, 16)) & 0x0ffffffc0ffffffc0ffffffc0fffffffn
    const p = (1n << 130n) - 5n
    let a = 0n
    for (let i = 0; i < msg.length; i += 16) a = ((a + le(Buffer.concat([msg.subarray(i, i + 16), Buffer.from([1])]))) * r) % p
    a = (a + le(key.subarray(16))) & ((1n << 128n) - 1n)
    return Buffer.from(a.toString(16).padStart(32, "0"), "hex").reverse()
}
// key;input;tag
const POLY = []
for (const len of [0, 1, 15, 16, 17, 31, 32, 33, 64, 100, 1000, 4096]) {
    for (const kind of ["random", "max", "ff"]) {
        const key = kind === "random" ? randomBytes(32) : Buffer.alloc(32, 0xff)
        let spec, data
        if (kind === "ff" || (kind === "max" && len <= 256)) {
            data = Buffer.alloc(len, 0xff)
            spec = { hex: data.toString("hex"), seed: 0, len }
        } else ({ spec, data } = input(len))
        POLY.push(rec(h(key), spec, h(poly1305(key, data))))
    }
}

writeGen("crypto-aead", genModule("crypto-aead", { AEAD, CBC, POLY }))

vmTestFile("test/vmhost/crypto-aead.test.ts", { timeoutMs: 300000 })
