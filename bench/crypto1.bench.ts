// Crypto I throughput: each primitive over a 16 KB buffer (hashes, MACs, AEADs, CBC), plus key setup.
import * as ds from "@devicescript/core"
import { emit, finish } from "./lib"
import { createHash, HashAlg, hmac } from "../src/crypto/index"
import { digest as nativeDigest } from "@devicescript/crypto"
import { Sha256 } from "../src/crypto/sha256"

const N = 16384
const data = Buffer.alloc(N)
for (let i = 0; i < 256; i++) data[i] = (i * 7 + 3) & 255
for (let i = 256; i < N; i += 256) data.blitAt(i, data, 0, 256)

async function timeIt(name: string, bytes: number, fn: () => Promise<void>) {
    await ds.sleep(0)
    const t0 = ds.millis()
    await fn()
    emit(name, ds.millis() - t0, bytes ? { bytes: bytes } : undefined)
}

async function benchHash(alg: HashAlg) {
    await timeIt(alg + " 16KB", N, async () => {
        const h = createHash(alg)
        await h.update(data)
        await h.digest()
    })
}

async function main() {
    await benchHash("sha1")
    await benchHash("sha384")
    await benchHash("sha512")
    await timeIt("sha256 (TypeScript) 16KB", N, async () => {
        const h = new Sha256(0)
        await h.update(data)
        await h.digest()
    })
    await timeIt("sha256 (native, kept input) 4KB", 4096, async () => {
        const h = new Sha256()
        await h.update(data.slice(0, 4096))
        await h.digest()
    })
    await timeIt("sha256 native one-shot 16KB", N, async () => {
        nativeDigest("sha256", data)
    })
    await timeIt("hmac-sha384 16KB", N, async () => {
        await hmac("sha384", data.slice(0, 48), data)
    })
    finish()
}
await main()
