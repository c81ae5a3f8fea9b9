// Differential test: SHA-1/256/384/512, HMAC, HKDF and the TLS 1.2 PRF in the VM against node:crypto on random
// inputs of many lengths (0 ... 16 KB, and a 64 KB message streamed in pieces).
import { createHash, createHmac, hkdfSync, randomBytes, randomInt } from "node:crypto"
import { writeGen } from "../lib/vm.mjs"
import { vmTestFile } from "../lib/vmtest.mjs"
import { input, LENGTHS, rec, genModule } from "../lib/cryptogen.mjs"

const ALGS = ["sha1", "sha256", "sha384", "sha512"]
const h = b => b.toString("hex")

function prf(alg, secret, label, seed, n) {
    const ls = Buffer.concat([Buffer.from(label), seed])
    let a = ls
    const out = []
    let have = 0
    while (have < n) {
        a = createHmac(alg, secret).update(a).digest()
        const p = createHmac(alg, secret).update(Buffer.concat([a, ls])).digest()
        out.push(p)
        have += p.length
    }
    return Buffer.concat(out).subarray(0, n)
}

// alg;input;cuts (3 uneven update cut points, comma-separated);digest
const HASHES = []
for (const alg of ALGS) {
    for (const len of [...LENGTHS, 65536]) {
        const { spec, data } = input(len)
        const cuts = []
        for (let i = 0; i < 3; i++) cuts.push(randomInt(0, len + 1))
        cuts.sort((a, b) => a - b)
        HASHES.push(rec(alg, spec, cuts.join(","), createHash(alg).update(data).digest("hex")))
    }
}

// alg;key;input;mac
const MACS = []
for (const alg of ALGS) {
    for (const klen of [0, 1, 20, 32, 63, 64, 65, 127, 128, 129, 200]) {
        const key = randomBytes(klen)
        const { spec, data } = input([0, 1, 64, 100, 128, 1000][randomInt(0, 6)])
        MACS.push(rec(alg, key.toString("hex"), spec, createHmac(alg, key).update(data).digest("hex")))
    }
}

// alg;ikm;salt;info;len;okm;secret;label;seed;prf
const KDFS = []
for (const alg of ALGS) {
    for (const len of [1, 20, 32, 48, 64, 100, 255]) {
        const ikm = randomBytes(randomInt(0, 80))
        const salt = randomBytes(randomInt(0, 80))
        const info = randomBytes(randomInt(0, 40))
        const okm = Buffer.from(hkdfSync(alg, ikm, salt, info, len))
        const secret = randomBytes(randomInt(1, 80))
        const seed = randomBytes(randomInt(0, 80))
        const label = "label " + randomInt(0, 1000)
        KDFS.push(rec(alg, h(ikm), h(salt), h(info), len, h(okm), h(secret), label, h(seed), h(prf(alg, secret, label, seed, len))))
    }
}

// HMAC-DRBG (SP 800-90A 10.1.2) reference over node's HMAC-SHA256: personalization, additional input, reseed.
// entropy;nonce;pers;add1;reseedEntropy;reseedAdd;add2;n;output of the second generate
class Drbg {
    constructor(seed) {
        this.k = Buffer.alloc(32)
        this.v = Buffer.alloc(32, 1)
        this.update(seed)
    }
    mac(...p) {
        return createHmac("sha256", this.k).update(Buffer.concat(p)).digest()
    }
    update(p) {
        this.k = this.mac(this.v, Buffer.from([0]), p)
        this.v = this.mac(this.v)
        if (!p.length) return
        this.k = this.mac(this.v, Buffer.from([1]), p)
        this.v = this.mac(this.v)
    }
    generate(n, add) {
        if (add.length) this.update(add)
        const out = []
        for (let have = 0; have < n; have += 32) out.push((this.v = this.mac(this.v)))
        this.update(add)
        return Buffer.concat(out).subarray(0, n)
    }
}
const DRBGS = []
for (let i = 0; i < 8; i++) {
    const f = [32, 16, randomInt(0, 33), randomInt(0, 33), 32, randomInt(0, 33), randomInt(0, 33)].map(n => randomBytes(n))
    const n = [1, 31, 32, 33, 64, 100, 128, 1000][i]
    const d = new Drbg(Buffer.concat([f[0], f[1], f[2]]))
    d.generate(n, f[3])
    d.update(Buffer.concat([f[4], f[5]]))
    DRBGS.push(rec(...f.map(h), n, h(d.generate(n, f[6]))))
}

writeGen("crypto-hash", genModule("crypto-hash", { HASHES, MACS, KDFS, DRBGS }))

vmTestFile("test/vmhost/crypto-hash.test.ts", { timeoutMs: 300000 })
