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

/** how long to wait for the settings service's answer to `get` before asking again (ms) */
const GET_TIMEOUT = 300
const GET_ATTEMPTS = 8

/**
 * Reads a value; an absent or deleted key reads as an empty Buffer. Not `ds.actionReport`: it resumes the
 * waiting fiber from the report handler and has no timeout: a `get` that gets no answer (seen in the simulator
 * under load, about once in a few hundred) hangs the caller for good. Here the answer is polled for, and
 * asked for again after GET_TIMEOUT.
 */
export async function flashGet(key: string): Promise<Buffer> {
    let got: Buffer = null
    for (let attempt = 0; attempt < GET_ATTEMPTS; attempt++) {
        const unsub = settings.report().subscribe(pkt => {
            if (got) return
            if (pkt.serviceCommand !== 0x80) return
            const d = pkt.decode()
            if (d[0] === key) got = (d[1] as Buffer) || Buffer.alloc(0)
        })
        await settings.get(key)
        const t0 = ds.millis()
        while (!got) {
            if (ds.millis() - t0 >= GET_TIMEOUT) break
            await ds.sleep(1)
        }
        unsub()
        if (got) return got
    }
    throw new Error("store: the settings service does not answer")
}

/**
 * Writes a value and reads it back; false when the flash did not keep it (full). A mismatch is retried once,
 * in case the `set` command itself was lost. A null value deletes the key (the flash keeps a tombstone for
 * it, see docs/STORE.md; not read back).
 */
export async function flashSet(key: string, value: Buffer): Promise<boolean> {
    if (mutations++ === crashAt) throw new Error("store: simulated power loss")
    if (!value) {
        await settings.delete(key)
        return true
    }
    const want = value.toString("hex")
    for (let attempt = 0; attempt < 2; attempt++) {
        await settings.set(key, value)
        const r = await flashGet(key)
        if (r.toString("hex") === want) return true
    }
    return false
}
