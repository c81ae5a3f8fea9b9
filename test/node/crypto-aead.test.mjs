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

writeGen("crypto-aead", genModule("crypto-aead", { AEAD, CBC }))

vmTestFile("test/vmhost/crypto-aead.test.ts", { timeoutMs: 300000 })
