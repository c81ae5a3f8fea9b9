// Helpers of the file store VM tests (not a test file itself).
import { storeDebug } from "../../src/store/files"
import { flashGet } from "../../src/store/flash"
import { MAX_SLOTS, slotKey } from "../../src/store/records"

/**
 * Deterministic test bytes: a 251-byte pseudo-random block repeated (251 is prime, so no two 224-byte chunks
 * of a file are equal), with the first byte of each copy set to the copy number. Cheap enough for 7 KB
 * without yielding.
 */
export function pattern(n: number, seed: number): Buffer {
    const base = Buffer.alloc(251)
    let x = seed * 2654435761 + 12345
    for (let i = 0; i < 251; i++) {
        x = (Math.imul(x, 1103515245) + 12345) | 0
        base[i] = (x >>> 16) & 0xff
    }
    const b = Buffer.alloc(n)
    for (let o = 0, c = 0; o < n; o += 251, c++) {
        b.blitAt(o, base, 0, n - o < 251 ? n - o : 251)
        b[o] = c & 0xff
    }
    return b
}

export function hexOf(b: Buffer) {
    return b ? b.toString("hex") : "(none)"
}

/** Slots holding data that no record references: reads every slot key of the flash. */
export async function orphanSlots(): Promise<number[]> {
    const used = (await storeDebug()).used
    const r: number[] = []
    for (let s = 0; s < MAX_SLOTS; s++) if (!used[s] && (await flashGet(slotKey(s))).length > 0) r.push(s)
    return r
}

/** The record slot and chunk slots of a file (null when absent). */
export async function fileSlots(path: string): Promise<{ record: number; chunks: Buffer }> {
    const recs = (await storeDebug()).recs
    for (let i = 0; i < recs.length; i++)
        if (recs[i].path === path && recs[i].kind === 1) return { record: recs[i].slot, chunks: recs[i].chunks }
    return null
}

/** What the store's keys cost in the settings area now, by its own accounting (bytes). */
export async function storeFlashCost(): Promise<number> {
    return (await storeDebug()).cost
}
