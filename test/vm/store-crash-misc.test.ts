// File store atomicity: a power loss (a test hook throws before the N-th flash mutation) at every point of a
// write, a replacing write, a delete and a password change leaves the previous state or the new one,
// never a mix; after the restart (remount) no slot holds unreferenced data and the store works on.
import { describe, test, expect } from "@devicescript/test"
import { pattern, hexOf, orphanSlots } from "./store-util"
import {
    writeFile,
    readFile,
    deleteFile,
    listFiles,
    formatStore,
    remountStore,
    setDirPassword,
} from "../../src/store/files"
import { crashAfterWrites, mutationCount, flashGet } from "../../src/store/flash"
import { INDEX_KEY } from "../../src/store/records"
import { setPasswordIterations } from "../../src/store/seal"
import { MAX_VALUE } from "../../src/store/flash"


/** runs `op` with a power loss before its n-th flash mutation; true if the loss happened */
async function crashAt(n: number, op: () => Promise<any>): Promise<boolean> {
    crashAfterWrites(n)
    let crashed = false
    try {
        await op()
    } catch (e) {
        crashed = true
    }
    crashAfterWrites(-1)
    await remountStore()
    return crashed
}

/**
 * How many flash mutations `op` makes without interruption. Run twice: the first run may raise the slot
 * high-water mark (one more index write), later runs do not (formatStore keeps the mark).
 */
async function mutations(setup: () => Promise<void>, op: () => Promise<any>): Promise<number> {
    await setup()
    await op()
    await setup()
    const m0 = mutationCount()
    await op()
    return mutationCount() - m0
}

function writeBig(big: Buffer) {
    return async () => await writeFile("/k/big", big)
}

const OLD = pattern(2 * MAX_VALUE + 10, 1) // 3 chunks
const NEW = pattern(3 * MAX_VALUE + 20, 2) // 4 chunks
const OTHER = pattern(100, 3)

async function baseState() {
    await formatStore()
    expect(await writeFile("/k/other", OTHER)).toBe(0)
}

async function expectOther() {
    expect(hexOf((await readFile("/k/other")).data)).toBe(hexOf(OTHER))
}

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
