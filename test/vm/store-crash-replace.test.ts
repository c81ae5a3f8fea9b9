// File store atomicity, replacing writes: a power loss at every point leaves the old content (before the
// index switch) or the new one (after), no leftovers, and a store that works on.
import { describe, test, expect } from "@devicescript/test"
import { hexOf, orphanSlots } from "./store-util"
import { crashAt, mutations, OLD, NEW, baseState, expectOther } from "./store-crash-util"
import { writeFile, readFile } from "../../src/store/files"

describe("store power loss", () => {
    test("replacing write: at every mutation the old or the new content, new only after the switch", async () => {
        const setup = async () => {
            await baseState()
            expect(await writeFile("/k/f", OLD)).toBe(0)
        }
        const write = async () => await writeFile("/k/f", NEW)
        const total = await mutations(setup, write)
        // after the switch: delete old record + 3 old chunks
        const commit = total - 4
        for (let n = 0; n < total; n++) {
            await setup()
            expect(await crashAt(n, write)).toBe(true)
            const r = await readFile("/k/f")
            expect(r.err).toBe(0)
            expect(hexOf(r.data)).toBe(hexOf(n < commit ? OLD : NEW))
            await expectOther()
            expect((await orphanSlots()).length).toBe(0)
            // the store works on: a write after the restart succeeds
            expect(await writeFile("/k/f", OLD)).toBe(0)
            expect(hexOf((await readFile("/k/f")).data)).toBe(hexOf(OLD))
        }
    })
})
