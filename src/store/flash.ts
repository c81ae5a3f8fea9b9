// Raw access to the runtime settings flash (the Jacdac settings service of the DeviceScript runtime), for the
// file store. Values are raw Buffers (no JSON): `settings.set(key, buf)` stores the bytes as they are.
//
// Measured limits (simulator, docs/STORE.md): a `get` report carries key + NUL + value in at most 232 bytes,
// so a 3-character key leaves 228 bytes; a larger value is stored but reading it back aborts the VM. The
// store uses 224-byte chunks (multiple of 8: the flash aligns every value to 8 bytes). A write that does
// not fit is dropped silently, so every write is verified by reading it back.
import * as ds from "@devicescript/core"
import { settings } from "@devicescript/settings"

/** Largest value the store ever writes under one key (bytes). */
export const MAX_VALUE = 224

let mutations = 0
let crashAt = -1

/**
 * Test hook: the next flash mutation (set or delete) after `n` more have been done throws instead of
 * happening, like a power loss between two writes. -1 disables.
 */
export function crashAfterWrites(n: number) {
    crashAt = n < 0 ? -1 : mutations + n
}

/** Test hook: number of flash mutations (sets and deletes) done by the store since start. */
export function mutationCount() {
    return mutations
}

function beforeMutation() {
    if (crashAt >= 0 && mutations >= crashAt) {
        crashAt = -1
        throw new Error("store: simulated power loss")
    }
    mutations++
}

/** Reads a value; an absent or deleted key reads as an empty Buffer. */
export async function flashGet(key: string): Promise<Buffer> {
    const pkt = await ds.actionReport(
        settings,
        "get",
        async () => await settings.get(key),
        p => p.decode()[0] === key
    )
    const b = pkt.decode()[1] as Buffer
    return b ? b : Buffer.alloc(0)
}

/** Writes a value and reads it back; false when the flash did not keep it (full). */
export async function flashSet(key: string, value: Buffer): Promise<boolean> {
    beforeMutation()
    await settings.set(key, value)
    const r = await flashGet(key)
    return r.length === value.length && r.toString("hex") === value.toString("hex")
}

/** Deletes a key (the flash keeps an 8-byte tombstone for it, see docs/STORE.md). */
export async function flashDelete(key: string) {
    beforeMutation()
    await settings.delete(key)
}
