// File store atomicity, deletes and password changes: a power loss at every point leaves the old state or
// the new one, never neither, and no leftovers.
import { describe, test, expect } from "@devicescript/test"
import { hexOf, orphanSlots } from "./store-util"
import { crashAt, mutations, OLD, baseState, expectOther } from "./store-crash-util"
import { writeFile, readFile, deleteFile, formatStore, setDirPassword } from "../../src/store/files"
import { setPasswordIterations } from "../../src/store/seal"

// PBKDF2 runs several times per crash point: a low count keeps this file short (store-crypt tests the default)
setPasswordIterations(16)

describe("store power loss", () => {
    test("delete: the file is there or gone, no leftovers", async () => {
        const setup = async () => {
            await baseState()
            expect(await writeFile("/k/f", OLD)).toBe(0)
        }
        const del = async () => await deleteFile("/k/f")
        const total = await mutations(setup, del)
        expect(total).toBe(5)
        for (let n = 0; n < total; n++) {
            await setup()
            expect(await crashAt(n, del)).toBe(true)
            const r = await readFile("/k/f")
            if (n === 0) expect(hexOf(r.data)).toBe(hexOf(OLD))
            else expect(r.err).toBe(905)
            await expectOther()
            expect((await orphanSlots()).length).toBe(0)
        }
    })

    test("password change: the old or the new password opens the directory, never neither", async () => {
        const setup = async () => {
            await formatStore()
            expect(await setDirPassword("/p", "old-pw")).toBe(0)
            expect(await writeFile("/p/f", OLD, "old-pw")).toBe(0)
        }
        const change = async () => await setDirPassword("/p", "new-pw", "old-pw")
        const total = await mutations(setup, change)
        for (let n = 0; n < total; n++) {
            await setup()
            expect(await crashAt(n, change)).toBe(true)
            const a = await readFile("/p/f", "old-pw")
            const b = await readFile("/p/f", "new-pw")
            expect(a.err === 0 || b.err === 0).toBe(true)
            expect(a.err === 0 && b.err === 0).toBe(false)
            expect(hexOf(a.err === 0 ? a.data : b.data)).toBe(hexOf(OLD))
            expect((await orphanSlots()).length).toBe(0)
        }
    })
})
