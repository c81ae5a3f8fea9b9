// Helpers of the file store power-loss tests (store-crash*.test.ts; not a test file itself).
import { expect } from "@devicescript/test"
import { pattern, hexOf } from "./store-util"
import { writeFile, readFile, formatStore, remountStore } from "../../src/store/files"
import { crashAfterWrites, mutationCount, MAX_VALUE } from "../../src/store/flash"

/** runs `op` with a power loss before its n-th flash mutation; true if the loss happened */
export async function crashAt(n: number, op: () => Promise<any>): Promise<boolean> {
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
export async function mutations(setup: () => Promise<void>, op: () => Promise<any>): Promise<number> {
    await setup()
    await op()
    await setup()
    const m0 = mutationCount()
    await op()
    return mutationCount() - m0
}

export function writeBig(big: Buffer) {
    return async () => await writeFile("/k/big", big)
}

export const OLD = pattern(2 * MAX_VALUE + 10, 1) // 3 chunks
export const NEW = pattern(3 * MAX_VALUE + 20, 2) // 4 chunks
export const OTHER = pattern(100, 3)

export async function baseState() {
    await formatStore()
    expect(await writeFile("/k/other", OTHER)).toBe(0)
}

export async function expectOther() {
    expect(hexOf((await readFile("/k/other")).data)).toBe(hexOf(OTHER))
}
