// File store capacity: freeBytes() is exact for the store's accounting (a write of freeBytes() bytes succeeds,
// one more byte is refused with 904 before anything is written), the accounting matches what the runtime's
// flash really holds, and a write the flash drops anyway (flash filled by someone else) is answered 904 with
// the old file intact.
import { describe, test, expect } from "@devicescript/test"
import { pattern, hexOf, orphanSlots } from "./store-util"
import { settings } from "@devicescript/settings"
import {
    writeFile,
    readFile,
    listFiles,
    freeBytes,
    formatStore,
    RESERVE,
} from "../../src/store/files"
import { flashGet, mutationCount } from "../../src/store/flash"
import { PATH_MAX } from "../../src/store/paths"


/** writes 1-byte values under foreign keys until the flash drops one; returns how many it kept */
async function fillForeign(prefix: string): Promise<number> {
    let n = 0
    for (; n < 400; n++) {
        const k = prefix + n
        await settings.set(k, hex`5a`)
        if ((await flashGet(k)).length !== 1) break
    }
    return n
}

describe("store capacity", () => {
    test("empty store: a file of exactly freeBytes() fits, one byte more is 904 and writes nothing", async () => {
        const free = await freeBytes()
        // ~6.9 KB: 8144 bytes of settings area minus the reserve, the index, a record, chunk overheads
        expect(free > 6500).toBe(true)
        const m0 = mutationCount()
        expect(await writeFile("/big/file.bin", pattern(free + 1, 1))).toBe(904)
        expect(mutationCount()).toBe(m0)
        expect((await listFiles()).length).toBe(0)
        const d = pattern(free, 2)
        expect(await writeFile("/big/file.bin", d)).toBe(0)
        expect(hexOf((await readFile("/big/file.bin")).data)).toBe(hexOf(d))
        expect(await freeBytes()).toBe(0)
    })

    test("a full store refuses another file with 904 and keeps its file", async () => {
        await formatStore()
        const free = await freeBytes()
        const a = pattern(free, 3)
        expect(await writeFile("/f/a", a)).toBe(0)
        const m0 = mutationCount()
        expect(await writeFile("/f/b", pattern(1, 4))).toBe(904)
        expect(mutationCount()).toBe(m0)
        expect(JSON.stringify(await listFiles())).toBe(JSON.stringify([{ path: "/f/a", size: free }]))
        expect(hexOf((await readFile("/f/a")).data)).toBe(hexOf(a))
    })

    test("replacing a file needs room for old and new until the switch: 904 keeps the old file", async () => {
        await formatStore()
        const free = await freeBytes()
        const half = free >> 1
        const a = pattern(half, 5)
        expect(await writeFile("/r/a", a)).toBe(0)
        expect(await writeFile("/r/a", pattern(half + 500, 6))).toBe(904)
        expect(hexOf((await readFile("/r/a")).data)).toBe(hexOf(a))
        // a smaller replacement fits
        const b = pattern(half - 500, 7)
        expect(await writeFile("/r/a", b)).toBe(0)
        expect(hexOf((await readFile("/r/a")).data)).toBe(hexOf(b))
        expect((await orphanSlots()).length).toBe(0)
    })

    // leaves foreign keys in the flash for good: runs last
    test("the accounting matches the runtime: with the store full, others get the reserve and little more", async () => {
        await formatStore()
        expect(await writeFile("/s/f", pattern(await freeBytes(), 11))).toBe(0)
        const n = await fillForeign("zq")
        // each 1-byte foreign value costs 32 bytes of flash
        expect(n * 32 >= RESERVE).toBe(true)
        // what the store leaves unused beyond the reserve: its transient slack (old index or a tombstone
        // while rewriting), the record room charged for a PATH_MAX path, and rounding to 32-byte values
        expect(n * 32 <= RESERVE + 32 + PATH_MAX + 64).toBe(true)
    })
})
