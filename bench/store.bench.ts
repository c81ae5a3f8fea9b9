// File store timings (simulator): flash get/set round trips, writing/reading a 2 KB file (plain and in a
// protected directory), mount, and the PBKDF2 of a directory password.
import * as ds from "@devicescript/core"
import { emit, finish } from "./lib"
import { writeFile, readFile, remountStore, setDirPassword, freeBytes, formatStore } from "../src/store/files"
import { flashGet, flashSet } from "../src/store/flash"
import { pbkdf2Sha256 } from "../src/store/kdf"
import { DEFAULT_ITERATIONS } from "../src/store/seal"

async function time(name: string, runs: number, fn: () => Promise<void>, bytes?: number) {
    await ds.sleep(0)
    const t0 = ds.millis()
    for (let i = 0; i < runs; i++) await fn()
    const ms = Math.round((ds.millis() - t0) / runs)
    emit(name, ms, bytes ? { bytes: bytes } : null)
}

const chunk = Buffer.alloc(224)
await time("flash set+verify (224 B)", 10, async () => {
    await flashSet("#bz", chunk)
})
await time("flash get (224 B)", 10, async () => {
    await flashGet("#bz")
})
const data = Buffer.alloc(2048)
for (let i = 0; i < data.length; i++) data[i] = (i * 7) & 0xff
await formatStore()
await time("write 2 KB file", 2, async () => {
    await writeFile("/b/f.bin", data)
}, 2048)
await time("read 2 KB file", 2, async () => {
    await readFile("/b/f.bin")
}, 2048)
await time("pbkdf2 " + DEFAULT_ITERATIONS + " iterations", 1, async () => {
    await pbkdf2Sha256(Buffer.from("password"), Buffer.from("0123456789abcdef"), DEFAULT_ITERATIONS)
})
await setDirPassword("/p", "password")
await time("write 2 KB file, protected dir (key cached)", 2, async () => {
    await writeFile("/p/f.bin", data, "password")
}, 2048)
await time("read 2 KB file, protected dir (key cached)", 2, async () => {
    await readFile("/p/f.bin", "password")
}, 2048)
await time("mount (2 files + 1 dir)", 2, async () => {
    await remountStore()
})
finish()
