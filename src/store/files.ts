// The file store: certificates and keys on the runtime settings flash (docs/STORE.md).
//
// API (agreed in the team brief), all async, errors are the Security AT codes (0 = ok):
//   writeFile(path, data, pw?) readFile(path, pw?) deleteFile(path, pw?) listFiles() fileInfo(path, pw?)
//   setDirPassword(dir, newPw, oldPw?) freeBytes()
//
// Layout: slot keys `#00`..`#63` hold records (one per file, one per protected directory) and 224-byte data
// chunks; `#ix` (the index) lists the record slots and the slot high-water mark. A write puts its chunks and
// its record into free slots, then switches the index (one small value, the commit point), then deletes the
// old slots. A write interrupted anywhere leaves the old index, so the old file (or no file); slots that no
// record references are deleted when the store is mounted.
//
// Space: the store keeps its own account of what its keys cost in flash (records.keyCost) and refuses a
// write (904) before writing anything when the peak usage during the write would exceed BUDGET.
import * as ds from "@devicescript/core"
import { digest, randomBuffer } from "@devicescript/crypto"
import { PemBlock, isPem, pemDecode } from "../x509/pem"
import { MAX_VALUE, flashDelete, flashGet, flashSet } from "./flash"
import { PATH_MAX, dirOf, validPath } from "./paths"
import {
    CHECK_LEN,
    F_CONVERTED,
    F_ENCRYPTED,
    INDEX_KEY,
    INDEX_VERSION,
    KIND_DIR,
    KIND_FILE,
    MAX_SLOTS,
    NONCE_LEN,
    Rec,
    SHA_LEN,
    TOMBSTONE,
    chunkBytes,
    decodeRec,
    encodeRec,
    keyCost,
    slotKey,
    tailLen,
} from "./records"
import { sealFile, unwrapKey, wrapKey } from "./seal"

export const E_BAD_PATH = 902
export const E_NO_SPACE = 904
export const E_MISSING = 905
export const E_PASSWORD = 906
export const E_CORRUPT = 907

/**
 * Bytes of the settings area the store may use. The runtime's area holds 8120 bytes of entries (measured in
 * the simulator: docs/STORE.md); RESERVE of it is left to other settings users (runtime Wi-Fi settings on an
 * ESP32, other modules).
 */
export const FLASH_AREA = 8120
export const RESERVE = 256
export const BUDGET = FLASH_AREA - RESERVE
/** longest directory password (bytes) */
export const PASSWORD_MAX = 64

// ---- in-memory state (mirrors the flash after mount) ----
let mounted = false
let hw = 0
let idxLen = 0
/** files and protected directories, in index order */
let recs: Rec[] = []
/** slots that are in use but belong to no record: leftovers the mount could not delete (flash full) */
let stuck: number[] = []
/** what the store's keys cost beyond the records and tombstones: stuck leftovers; or everything (unknown index) */
let extraCost = 0

let busy = false
/** runs `fn` alone, on a mounted store */
async function locked<T>(fn: () => Promise<T>): Promise<T> {
    while (busy) await ds.sleep(2)
    busy = true
    try {
        await mount()
        return await fn()
    } finally {
        busy = false
    }
}

/** a directory is `/` or a valid path */
function validDir(d: string) {
    return d === "/" || validPath(d)
}

function find(path: string, kind: number): Rec {
    for (let i = 0; i < recs.length; i++) if (recs[i].path === path && recs[i].kind === kind) return recs[i]
    return null
}

function newRec(kind: number, path: string, tail: Buffer): Rec {
    return { slot: 0, kind: kind, flags: 0, size: 0, stored: 0, path: path, chunks: [], tail: tail, len: 0 }
}

/** a record's slot and its chunk slots */
function slotsOf(r: Rec): number[] {
    const s = r.chunks.slice(0)
    s.push(r.slot)
    return s
}

/** used[s] is true for every slot a record, a chunk or a stuck leftover occupies */
function usedSlots(): boolean[] {
    const used: boolean[] = []
    for (let s = 0; s < MAX_SLOTS; s++) used.push(stuck.indexOf(s) >= 0)
    for (let i = 0; i < recs.length; i++) {
        const s = slotsOf(recs[i])
        for (let j = 0; j < s.length; j++) used[s[j]] = true
    }
    return used
}

/** flash cost of `total` bytes of chunk data */
function chunkCost(total: number): number {
    const full = Math.idiv(total, MAX_VALUE)
    const rest = total - full * MAX_VALUE
    return full * keyCost(MAX_VALUE) + (rest > 0 ? keyCost(rest) : 0)
}
function nChunks(total: number): number {
    return Math.idiv(total + MAX_VALUE - 1, MAX_VALUE)
}

/** what the store's keys cost in flash, as fits() found it (free slots below hw cost their tombstone) */
let nowCost = 0

/**
 * Does a new record of `recLen` bytes with `total` bytes of chunk data fit, while everything now stored
 * stays until the new index is written? `newRecs` is 1 when the index grows by one record. Peak usage = now
 * + new keys (a free slot below hw already costs its tombstone) + the largest value being rewritten at one
 * moment (the index, or a tombstone).
 */
function fits(recLen: number, total: number, newRecs: number): boolean {
    const k = nChunks(total)
    // slots in use (n) and what the store's keys cost now
    let c = (idxLen > 0 ? keyCost(idxLen) : 0) + extraCost
    let n = stuck.length
    for (let i = 0; i < recs.length; i++) {
        const r = recs[i]
        c += keyCost(r.len) + chunkCost(chunkBytes(r))
        n += 1 + r.chunks.length
    }
    nowCost = c + TOMBSTONE * (hw - n)
    if (n + k + 1 > MAX_SLOTS) return false
    const free = hw - n
    const idxNew = keyCost(2 + recs.length + newRecs)
    return (
        nowCost + keyCost(recLen) + chunkCost(total) - TOMBSTONE * (k + 1 < free ? k + 1 : free) +
            (idxNew > TOMBSTONE ? idxNew : TOMBSTONE) <=
        BUDGET
    )
}

/** fits() for a file of `total` bytes of chunk data, its record charged as if its path were PATH_MAX long */
function fitsFile(total: number, flags: number, newRecs: number) {
    return fits(8 + PATH_MAX + nChunks(total) + tailLen(KIND_FILE, flags), total, newRecs)
}

async function writeIndex(newHw: number, list: Rec[]): Promise<boolean> {
    // the index: version, slot high-water mark, then the slot of every record
    const b = Buffer.alloc(2 + list.length)
    b[0] = INDEX_VERSION
    b[1] = newHw
    for (let i = 0; i < list.length; i++) b[2 + i] = list[i].slot
    if (!(await flashSet(INDEX_KEY, b))) return false
    idxLen = b.length
    hw = newHw
    recs = list
    return true
}

async function mount() {
    if (mounted) return
    recs = []
    stuck = []
    hw = 0
    idxLen = 0
    extraCost = 0
    const idx = await flashGet(INDEX_KEY)
    if (idx.length > 0) {
        if (idx.length < 2 || idx[0] !== INDEX_VERSION || idx[1] > MAX_SLOTS) {
            // written by another firmware version: touch nothing (nothing fits, nothing is listed)
            extraCost = BUDGET
            mounted = true
            return
        }
        hw = idx[1]
        idxLen = idx.length
        for (let i = 2; i < idx.length; i++) {
            const r = decodeRec(idx[i], await flashGet(slotKey(idx[i])))
            if (!r) continue
            // a record must not claim a slot at or above hw, or one that another record has
            const used = usedSlots()
            const s = slotsOf(r)
            let ok = validDir(r.path) && (r.kind === KIND_DIR || s.length === 1 + nChunks(chunkBytes(r)))
            for (let j = 0; j < s.length; j++) if (s[j] >= hw || used[s[j]]) ok = false
            if (ok && !find(r.path, r.kind)) recs.push(r)
        }
    }
    mounted = true
    // slots no record references: leftovers of an interrupted write or delete (an unreadable record's too)
    const used = usedSlots()
    const left: number[] = []
    for (let s = 0; s < hw; s++) if (!used[s] && (await flashGet(slotKey(s))).length > 0) left.push(s)
    await discard(left)
}

/**
 * Deletes slots no record references any more. A delete the flash drops (full) leaves data that costs more
 * than a tombstone: such a slot is kept out of use and counted, and the next mount tries again.
 */
async function discard(slots: number[]) {
    for (let i = 0; i < slots.length; i++) {
        const k = slotKey(slots[i])
        await flashDelete(k)
        const b = await flashGet(k)
        if (b.length > 0) {
            stuck.push(slots[i])
            extraCost += keyCost(b.length) - TOMBSTONE
        }
    }
}

/** Replaces record `old` (or nothing) by `rec` (or nothing) in the index, then frees the old slots. */
async function commit(old: Rec, rec: Rec): Promise<boolean> {
    const list = recs.filter(r => r !== old)
    if (rec) list.push(rec)
    if (!(await writeIndex(hw, list))) return false
    if (old) await discard(slotsOf(old))
    return true
}

/**
 * Writes chunks and a record into free slots and commits it in place of `old`. Returns false (after
 * deleting what it wrote) when the flash dropped a write.
 */
async function store(rec: Rec, payload: Buffer, old: Rec): Promise<boolean> {
    const k = nChunks(payload.length)
    const used = usedSlots()
    const slots: number[] = []
    for (let s = 0; s < MAX_SLOTS && slots.length <= k; s++) if (!used[s]) slots.push(s)
    const top = slots[k] + 1 > hw ? slots[k] + 1 : hw
    // raise the high-water mark first, so that a mount after an interruption finds these slots
    if (top > hw && !(await writeIndex(top, recs))) return false
    rec.slot = slots[k]
    rec.chunks = slots.slice(0, k)
    let ok = true
    // (Buffer.slice does not clamp its end in the VM)
    for (let i = 0, o = 0; ok && i < k; i++, o += MAX_VALUE)
        ok = await flashSet(slotKey(slots[i]), payload.slice(o, o + MAX_VALUE < payload.length ? o + MAX_VALUE : payload.length))
    if (ok && (await flashSet(slotKey(rec.slot), encodeRec(rec))) && (await commit(old, rec))) return true
    await discard(slots)
    return false
}

/** PEM labels, each between bars */
const CERT_LABELS = "|CERTIFICATE|X509 CERTIFICATE|"
const KEY_LABELS = "|PRIVATE KEY|RSA PRIVATE KEY|EC PRIVATE KEY|ENCRYPTED PRIVATE KEY|"

/**
 * PEM certificates (one or a bundle) and single PEM private keys are kept as DER: the concatenated DER of the
 * blocks. Anything else (mixed blocks, RFC 1421 headers, not PEM) is kept as uploaded: returns null.
 */
async function pemToDer(data: Buffer): Promise<Buffer> {
    if (!isPem(data)) return null
    let blocks: PemBlock[]
    try {
        blocks = await pemDecode(data)
    } catch (e) {
        return null
    }
    let der = Buffer.alloc(0)
    for (let i = 0; i < blocks.length; i++) {
        const b = blocks[i]
        const l = "|" + b.label + "|"
        if (CERT_LABELS.indexOf(l) < 0 && (KEY_LABELS.indexOf(l) < 0 || blocks.length > 1)) return null
        der = der.concat(b.der)
    }
    return blocks.length ? der : null
}

/**
 * The file record of `path` and the check of its directory password: the record (null for a new file) and
 * the directory key, or an error code. A missing file is 905 before any password check (906 means "file
 * present" in the seed), except for a write.
 */
async function access(path: string, password: string, write?: boolean): Promise<{ err: number; f?: Rec; dek?: Buffer }> {
    if (!validPath(path)) return { err: E_BAD_PATH }
    const f = find(path, KIND_FILE)
    if (!f && !write) return { err: E_MISSING }
    const dir = find(dirOf(path), KIND_DIR)
    const dek = dir ? await unwrapKey(dir, password) : null
    if (dir && !dek) return { err: E_PASSWORD }
    return { err: 0, f: f, dek: dek }
}

/** Reads and checks a file: the content and the SHA-256 of the upload, or an error code. */
async function load(f: Rec, dek: Buffer): Promise<{ err: number; data?: Buffer; sha?: Buffer }> {
    const total = chunkBytes(f)
    let buf = Buffer.alloc(0)
    for (let i = 0; i < f.chunks.length; i++) buf = buf.concat(await flashGet(slotKey(f.chunks[i])))
    if (buf.length !== total) return { err: E_CORRUPT }
    if (f.flags & F_ENCRYPTED) {
        const p = dek ? sealFile(dek, f, buf, true) : null
        return p ? { err: 0, data: p.slice(SHA_LEN), sha: p.slice(0, SHA_LEN) } : { err: E_CORRUPT }
    }
    const check = digest("sha256", buf).slice(0, CHECK_LEN).toString("hex")
    if (check !== f.tail.slice(SHA_LEN).toString("hex")) return { err: E_CORRUPT }
    return { err: 0, data: buf, sha: f.tail.slice(0, SHA_LEN) }
}

/**
 * Writes a file atomically: 0, 902 bad path, 904 does not fit (nothing written) or dropped by the flash,
 * 906 wrong directory password. A file in a protected directory is encrypted.
 */
export async function writeFile(path: string, data: Buffer, password?: string): Promise<number> {
    return await locked(async () => {
        const a = await access(path, password, true)
        if (a.err) return a.err
        if (data.length > 0xffff) return E_NO_SPACE
        const sha = digest("sha256", data)
        let stored = await pemToDer(data)
        const rec = newRec(KIND_FILE, path, null)
        rec.flags = stored ? F_CONVERTED : 0
        rec.size = data.length
        stored = stored || data
        rec.stored = stored.length
        let payload = stored
        if (a.dek) {
            rec.flags |= F_ENCRYPTED
            rec.tail = randomBuffer(NONCE_LEN)
            payload = sealFile(a.dek, rec, sha.concat(stored), false)
        } else rec.tail = sha.concat(digest("sha256", stored).slice(0, CHECK_LEN))
        if (!fitsFile(payload.length, rec.flags, a.f ? 0 : 1)) return E_NO_SPACE
        return (await store(rec, payload, a.f)) ? 0 : E_NO_SPACE
    })
}

/**
 * Reads a file: { err: 0, data } with the content as kept (PEM certificates/keys come back as DER), or 902,
 * 905 missing, 906 wrong or missing password, 907 corrupt.
 */
export async function readFile(path: string, password?: string): Promise<{ err: number; data?: Buffer }> {
    return await get(path, password)
}

/** readFile and fileInfo: { err } or { err: 0, data, size, sha256 } */
async function get(path: string, password: string): Promise<{ err: number; data?: Buffer; size?: number; sha256?: Buffer }> {
    return await locked(async () => {
        const a = await access(path, password)
        if (a.err) return a
        const r = await load(a.f, a.dek)
        return r.err ? { err: r.err } : { err: 0, data: r.data, size: a.f.size, sha256: r.sha }
    })
}

/**
 * Size and SHA-256 of a file's content as uploaded: { err: 0, size, sha256 }, or 902, 905, 906, 907. Reads
 * and checks the whole file (for a protected file this needs the password: the hash is encrypted too).
 */
export async function fileInfo(path: string, password?: string): Promise<{ err: number; size?: number; sha256?: Buffer }> {
    return await get(path, password)
}

/** Deletes a file: 0, 902, 905 missing, 906 wrong directory password, 904 flash too full to rewrite the index. */
export async function deleteFile(path: string, password?: string): Promise<number> {
    return await locked(async () => {
        const a = await access(path, password)
        if (a.err) return a.err
        return (await commit(a.f, null)) ? 0 : E_NO_SPACE
    })
}

/** Every file with its size as uploaded (in the order they were written). */
export async function listFiles(): Promise<{ path: string; size: number }[]> {
    return await locked(async () => recs.filter(r => r.kind === KIND_FILE).map(r => ({ path: r.path, size: r.size })))
}

/**
 * Sets, changes or removes a directory password. Setting one on an unprotected directory needs the
 * directory to hold no file yet (902 otherwise: files are not re-encrypted); changing one needs the old
 * password (906) and only re-wraps the directory key; `newPw` "" removes the protection of an empty
 * directory. 0, 902, 904, 906.
 */
export async function setDirPassword(dir: string, newPw: string, oldPw?: string): Promise<number> {
    return await locked(async () => {
        const d = dir
        if (!validDir(d) || typeof newPw !== "string" || newPw.length > PASSWORD_MAX) return E_BAD_PATH
        const cur = find(d, KIND_DIR)
        const dek = cur ? await unwrapKey(cur, oldPw) : null
        if (cur && !dek) return E_PASSWORD
        // a directory with files can change its password, but not gain or lose one
        const hasFiles = recs.some(r => r.kind === KIND_FILE && dirOf(r.path) === d)
        if (!newPw) return !cur ? 0 : hasFiles ? E_BAD_PATH : (await commit(cur, null)) ? 0 : E_NO_SPACE
        if (!cur && hasFiles) return E_BAD_PATH
        const rec = newRec(KIND_DIR, d, await wrapKey(newPw, dek))
        if (!fits(encodeRec(rec).length, 0, cur ? 0 : 1)) return E_NO_SPACE
        return (await store(rec, Buffer.alloc(0), cur)) ? 0 : E_NO_SPACE
    })
}

/** Largest file (bytes, kept as uploaded, in an unprotected directory) that a write accepts now. */
export async function freeBytes(): Promise<number> {
    return await locked(async () => {
        let lo = -1
        let hi = 0xffff
        while (lo < hi) {
            const mid = lo + ((hi - lo + 1) >> 1)
            if (fitsFile(mid, 0, 1)) lo = mid
            else hi = mid - 1
        }
        return lo < 0 ? 0 : lo
    })
}

/** Forgets the in-memory state and mounts the store from flash again (as after a restart). */
export async function remountStore() {
    mounted = false
    await locked(async () => 0)
}

/** Deletes every file and directory password (slots keep their tombstones: the high-water mark stays). */
export async function formatStore() {
    await locked(async () => {
        const old = recs
        await writeIndex(hw, [])
        for (let i = 0; i < old.length; i++) await discard(slotsOf(old[i]))
    })
}

/** Test hook: the mounted state: records, slot high-water mark, slots in use, flash cost by the accounting. */
export async function storeDebug(): Promise<{ recs: Rec[]; hw: number; used: boolean[]; cost: number }> {
    return await locked(async () => {
        fits(0, 0, 0)
        return { recs: recs, hw: hw, used: usedSlots(), cost: nowCost }
    })
}
