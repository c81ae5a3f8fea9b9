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
