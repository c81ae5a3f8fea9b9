// File store on a settings flash that others filled beyond the store's reserve: writes the flash drops are
// detected by reading back, answered 904, and leave the old file intact and no leftovers.
import { describe, test, expect } from "@devicescript/test"
import { settings } from "@devicescript/settings"
import { pattern, hexOf, orphanSlots, storeFlashCost } from "./store-util"
import {
    writeFile,
    readFile,
    deleteFile,
    remountStore,
    listFiles,
    FLASH_AREA,
} from "../../src/store/files"
import { flashGet } from "../../src/store/flash"
import { keyCost } from "../../src/store/records"

/** writes a foreign value; true if the flash kept it */
async function foreign(k: string, size: number): Promise<boolean> {
    await settings.set(k, Buffer.alloc(size))
    return (await flashGet(k)).length === size
}

const A = pattern(300, 1)

describe("store on a flash filled by others", () => {
    test("a write that fails after some chunks landed: 904, old file intact, its chunks cleaned up", async () => {
        expect(await writeFile("/o/a", A)).toBe(0)
        // leave ~650 bytes of the area free (by the cost model the space tests check): room for two chunks
        let free = FLASH_AREA - (await storeFlashCost())
        let i = 0
        while (free - keyCost(224) >= 650) {
            expect(await foreign("zb" + i++, 224)).toBe(true)
            free -= keyCost(224)
        }
        const s = (free - 650 - 24) & ~7
        expect(await foreign("zc", s)).toBe(true)
        free -= keyCost(s)
        // the store itself thinks a 1000-byte file fits (its reserve is taken by the others)
        expect(await writeFile("/o/a", pattern(1000, 4))).toBe(904)
        expect(hexOf((await readFile("/o/a")).data)).toBe(hexOf(A))
        expect((await orphanSlots()).length).toBe(0)
        await remountStore()
        expect((await orphanSlots()).length).toBe(0)
        expect(hexOf((await readFile("/o/a")).data)).toBe(hexOf(A))
        // the room that is left is still usable
        const b = pattern(100, 5)
        expect(await writeFile("/o/b", b)).toBe(0)
        expect(hexOf((await readFile("/o/b")).data)).toBe(hexOf(b))
        expect((await listFiles()).length).toBe(2)
    })

    test("completely full: a write and even a delete are 904 (no room for the index), the file stays", async () => {
        let i = 0
        while (await foreign("zs" + i, 1)) i++
        expect(await writeFile("/o/a", pattern(1000, 2))).toBe(904)
        expect(await writeFile("/o/new", pattern(10, 3))).toBe(904)
        expect(await deleteFile("/o/a")).toBe(904)
        await remountStore()
        expect(hexOf((await readFile("/o/a")).data)).toBe(hexOf(A))
        expect((await orphanSlots()).length).toBe(0)
    })
})
