// File store atomicity, new files: a power loss (a test hook throws before the n-th flash mutation) at every
// point of a write leaves no file or the complete one; after the restart (remount) no slot holds
// unreferenced data and the store works on. Also: a loss right after the slot high-water mark was raised.
import { describe, test, expect } from "@devicescript/test"
import { pattern, hexOf, orphanSlots } from "./store-util"
import { crashAt, mutations, writeBig, NEW, baseState, expectOther } from "./store-crash-util"
import { writeFile, readFile, listFiles } from "../../src/store/files"
import { flashGet } from "../../src/store/flash"
import { MAX_VALUE } from "../../src/store/flash"
import { INDEX_KEY } from "../../src/store/records"

describe("store power loss", () => {
    test("new file: at every mutation the file is absent or complete, never partial", async () => {
        const write = async () => await writeFile("/k/f", NEW)
        const total = await mutations(baseState, write)
        expect(total >= 6).toBe(true)
        let sawNew = 0
        for (let n = 0; n < total; n++) {
            await baseState()
            expect(await crashAt(n, write)).toBe(true)
            const r = await readFile("/k/f")
            if (r.err === 0) {
                expect(hexOf(r.data)).toBe(hexOf(NEW))
                sawNew++
            } else expect(r.err).toBe(905)
            await expectOther()
            expect((await orphanSlots()).length).toBe(0)
            expect((await listFiles()).length).toBe(r.err === 0 ? 2 : 1)
        }
        // the index switch is the last mutation of a new-file write
        expect(sawNew).toBe(0)
        expect(await crashAt(total, write)).toBe(false)
        expect(hexOf((await readFile("/k/f")).data)).toBe(hexOf(NEW))
    })

    test("a write into never-used slots: power loss after raising the high-water mark or after a chunk", async () => {
        // each round needs more slots than any write before, so it raises the mark first
        for (let round = 0; round < 3; round++) {
            await baseState()
            const hw0 = (await flashGet(INDEX_KEY))[1]
            const big = pattern((12 + 3 * round) * MAX_VALUE, 10 + round)
            expect(await crashAt(1 + round, writeBig(big))).toBe(true)
            expect((await flashGet(INDEX_KEY))[1] > hw0).toBe(true)
            expect((await readFile("/k/big")).err).toBe(905)
            await expectOther()
            expect((await orphanSlots()).length).toBe(0)
            expect(await writeFile("/k/big", big)).toBe(0)
            expect(hexOf((await readFile("/k/big")).data)).toBe(hexOf(big))
        }
    })
})
