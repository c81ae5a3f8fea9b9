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
//
// Code size: every operation runs in one function, run() (one lock, one mount, one path and password
// check); the exported functions only pick the operation. The firmware image has a 64 KB code limit.
import * as ds from "@devicescript/core"
import { randomBuffer } from "@devicescript/crypto"
import { digest } from "../crypto/native"
import { pemDecode } from "../x509/pem"
import { MAX_VALUE, flashGet, flashSet } from "./flash"
import { PATH_MAX, dirOf, validPath } from "./paths"
import {
    CHECK_LEN,
    DIR_TAIL,
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
} from "./records"
import { OPEN, SEAL, sealFile, unwrapKey, wrapKey } from "./seal"

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
// (No initializers: module-level initializers are code in the image's `main`; everything but `mounted` and
// `busy`, both false while undefined, is set by the mount before it is read.)
let mounted: boolean
/** slot high-water mark */
let hw: number
/** what the index costs in flash (0: none) */
let idxCost: number
/** files and protected directories, in index order */
let recs: Rec[]
/** slots that are in use but belong to no record: leftovers the mount could not delete (flash full) */
let stuck: number[]
/** what the store's keys cost beyond the records and tombstones: stuck leftovers; or everything (unknown index) */
let extraCost: number

/** an operation runs (run(), formatStore()) */
let busy: boolean


function find(path: string, kind: number): Rec {
    for (let i = 0; i < recs.length; i++) {
        const r = recs[i]
        if (r.path === path) if (r.kind === kind) return r
    }
    return null
}

/** a record's chunk slots and its slot */
function slotsOf(r: Rec): Buffer {
    const s = r.chunks.concat(Buffer.alloc(1))
    s[r.chunks.length] = r.slot
    return s
}

/** number of chunks of `total` bytes of chunk data */
function nChunks(total: number): number {
    return Math.idiv(total + MAX_VALUE - 1, MAX_VALUE)
}
/** flash cost of `total` bytes of chunk data: every chunk but the last is MAX_VALUE (a multiple of 8) long */
function chunkCost(total: number): number {
    return 24 * nChunks(total) + ((total + 7) & ~7)
}

/** what the store's keys cost in flash, as fits() found it (free slots below hw cost their tombstone) */
let nowCost: number

/**
 * Does a new record of `recBase` + (its chunk count) bytes with `total` bytes of chunk data fit, while
 * everything now stored stays until the new index is written? The index grows by one record unless the new
 * record replaces `old`. Peak usage = now + new keys (a free slot below hw already costs its tombstone) + the
 * largest value being rewritten at one moment (the new index: never shorter than a tombstone).
 */
function fits(recBase: number, total: number, old: Rec): boolean {
    const k = nChunks(total)
    // slots in use (n) and what the store's keys cost now
    let c = idxCost + extraCost
    let n = stuck.length
    for (let i = 0; i < recs.length; i++) {
        const r = recs[i]
        c += keyCost(r.len) + chunkCost(chunkBytes(r))
        n += 1 + r.chunks.length
    }
    const free = hw - n
    nowCost = c + TOMBSTONE * free
    if (n + k >= MAX_SLOTS) return false
    // the new index: one record more unless it replaces `old`
    let idx = recs.length + 3
    if (old) idx--
    return nowCost + keyCost(recBase + k) + chunkCost(total) - TOMBSTONE * Math.min(k + 1, free) + keyCost(idx) <= BUDGET
}

async function writeIndex(newHw: number, list: Rec[]): Promise<boolean> {
    // the index: version, slot high-water mark, then the slot of every record
    const b = Buffer.alloc(2 + list.length)
    b[0] = INDEX_VERSION
    b[1] = newHw
    for (let i = 0; i < list.length; i++) b[2 + i] = list[i].slot
    if (!(await flashSet(INDEX_KEY, b))) return false
    idxCost = keyCost(b.length)
    hw = newHw
    recs = list
    return true
}

/**
 * Deletes slots no record references any more. A delete the flash drops (full) leaves data that costs more
 * than a tombstone: such a slot is kept out of use and counted, and the next mount tries again.
 */
async function discard(slots: Buffer) {
    for (let i = 0; i < slots.length; i++) {
        const k = slotKey(slots[i])
        await flashSet(k, null)
        const b = await flashGet(k)
        if (b.length > 0) {
            stuck.push(slots[i])
            extraCost += keyCost(b.length) - TOMBSTONE
        }
    }
}

/** Replaces record `old` (or nothing) by `rec` (or nothing) in the index, then frees the old slots: 0 or 904. */
async function commit(old: Rec, rec: Rec): Promise<number> {
    const list: Rec[] = []
    for (let i = 0; i < recs.length; i++) {
        const r = recs[i]
        if (r !== old) list.push(r)
    }
    if (rec) list.push(rec)
    if (!(await writeIndex(hw, list))) return E_NO_SPACE
    if (old) await discard(slotsOf(old))
    return 0
}

/**
 * Writes chunks and a record into free slots and commits it in place of `old`: 0, or 904 (after deleting
 * what it wrote) when the flash dropped a write.
 */
async function store(rec: Rec, payload: Buffer, old: Rec): Promise<number> {
    const k = nChunks(payload.length)
    // used[s]: a record, a chunk or a stuck leftover occupies slot s
    const used = Buffer.alloc(MAX_SLOTS)
    for (let i = 0; i < stuck.length; i++) used[stuck[i]] = 1
    for (let i = 0; i < recs.length; i++) {
        const s = slotsOf(recs[i])
        for (let j = 0; j < s.length; j++) used[s[j]] = 1
    }
    const slots = Buffer.alloc(k + 1)
    for (let s = 0, n = 0; n <= k; s++) if (!used[s]) slots[n++] = s
    // raise the high-water mark first, so that a mount after an interruption finds these slots
    if (slots[k] >= hw) if (!(await writeIndex(slots[k] + 1, recs))) return E_NO_SPACE
    rec.slot = slots[k]
    rec.chunks = slots.slice(0, k)
    // the chunks, then the record (Buffer.slice does not clamp its end in the VM)
    let i = 0
    for (; i <= k; i++)
        if (!(await flashSet(slotKey(slots[i]), i < k ? payload.slice(i * MAX_VALUE, Math.min(i * MAX_VALUE + MAX_VALUE, payload.length)) : encodeRec(rec))))
            break
    if (i > k) if (!(await commit(old, rec))) return 0
    await discard(slots)
    return E_NO_SPACE
}

/** PEM labels, each between bars */
const CERT_LABELS = "|CERTIFICATE|X509 CERTIFICATE|"
const KEY_LABELS = "|PRIVATE KEY|RSA PRIVATE KEY|EC PRIVATE KEY|ENCRYPTED PRIVATE KEY|"

/**
 * What the store keeps of an upload: PEM certificates (one or a bundle) and single PEM private keys as DER
 * (the concatenated DER of the blocks); anything else (mixed blocks, RFC 1421 headers, not PEM: pemDecode
 * throws) as uploaded (`data` itself).
 */
async function pemToDer(data: Buffer): Promise<Buffer> {
    let der = Buffer.alloc(0)
    try {
        const blocks = await pemDecode(data)
        for (let i = 0; i < blocks.length; i++) {
            const l = "|" + blocks[i].label + "|"
            if (CERT_LABELS.indexOf(l) < 0) {
                if (blocks.length > 1) return data
                if (KEY_LABELS.indexOf(l) < 0) return data
            }
            der = der.concat(blocks[i].der)
        }
    } catch (e) {
        der = data
    }
    return der
}

// operations of run()
const OP_DIR = 0
const OP_WRITE = 1
const OP_READ = 2
const OP_DELETE = 3
const OP_LIST = 4
const OP_FREE = 5

/** Runs one operation of body() alone (one at a time, in call order of the waiting fibers). */
async function run(op: number, path: string, data: Buffer, pw: string, newPw?: string): Promise<any> {
    while (busy) await ds.sleep(2)
    busy = true
    try {
        return await body(op, path, data, pw, newPw)
    } finally {
        busy = false
    }
}

/**
 * One operation on the store, mounted first. File operations (write, read, delete) check the path, find the
 * file (a missing file is 905 before any password check, as 906 means "file present" in the seed, except
 * for a write) and unlock its directory; they return an error code, or for a read the file.
 */
async function body(op: number, path: string, data: Buffer, pw: string, newPw: string): Promise<any> {
    if (!mounted) {
        recs = []
        stuck = []
        hw = 0
        idxCost = 0
        extraCost = 0
        const idx = await flashGet(INDEX_KEY)
        // used[s]: slot s is taken by a record, or at or above hw (slots are bytes)
        const used = Buffer.alloc(256)
        // index entries to read
        let n = 0
        // an index written by another firmware version: touch nothing (nothing fits, nothing is listed)
        if (idx.length) extraCost = BUDGET
        if (idx.length >= 2) if (idx[0] === INDEX_VERSION) if (idx[1] <= MAX_SLOTS) {
            extraCost = 0
            hw = idx[1]
            idxCost = keyCost(idx.length)
            n = idx.length
        }
        used.fillAt(hw, 256 - hw, 1)
        for (let i = 2; i < n; i++) {
            const r = decodeRec(idx[i], await flashGet(slotKey(idx[i])))
            // a record must have the chunks its size needs (none for a directory) and must not claim a slot at
            // or above hw, or one that another record has
            if (!r) continue
            if (!validPath(r.path, true)) continue
            if (r.chunks.length !== nChunks(chunkBytes(r))) continue
            if (find(r.path, r.kind)) continue
            const s = slotsOf(r)
            let taken = 0
            for (let j = 0; j < s.length; j++) taken |= used[s[j]]
            if (!taken) {
                recs.push(r)
                for (let j = 0; j < s.length; j++) used[s[j]] = 1
            }
        }
        mounted = true
        // slots no record references: leftovers of an interrupted write or delete (an unreadable record's too)
        const left = Buffer.alloc(hw)
        n = 0
        for (let s = 0; s < hw; s++) if (!used[s]) if ((await flashGet(slotKey(s))).length) left[n++] = s
        await discard(left.slice(0, n))
    }
    if (op === OP_LIST) {
        const l: { path: string; size: number }[] = []
        for (let i = 0; i < recs.length; i++) {
            const r = recs[i]
            if (r.kind === KIND_FILE) l.push({ path: r.path, size: r.size })
        }
        return l
    }
    if (op === OP_FREE) {
        // the largest file (unprotected, path charged as PATH_MAX long) that fits
        let lo = 0
        let hi = 0xffff
        while (lo < hi) {
            const mid = lo + ((hi - lo + 1) >> 1)
            if (fits(8 + PATH_MAX + SHA_LEN + CHECK_LEN, mid, null)) lo = mid
            else hi = mid - 1
        }
        return lo
    }
    // the path (and new password) check, the file (a missing file is 905 before any password check: 906 means
    // "file present" in the seed; except for a write) and the directory: its key when protected, or 906
    if (op) {
        if (!validPath(path)) return E_BAD_PATH
    } else {
        if (!validPath(path, true)) return E_BAD_PATH
        if (typeof newPw !== "string") return E_BAD_PATH
        if (newPw.length > PASSWORD_MAX) return E_BAD_PATH
    }
    const f = find(path, KIND_FILE)
    if (!f) if (op > OP_WRITE) return E_MISSING
    let d = path
    if (op) d = dirOf(path)
    const dir = find(d, KIND_DIR)
    let dek: Buffer = null
    if (dir) {
        dek = await unwrapKey(dir, pw)
        if (!dek) return E_PASSWORD
    }
    if (op === OP_DIR) {
        // a directory with files can change its password, but not gain or lose one
        let hasFiles = false
        for (let i = 0; i < recs.length; i++) if (recs[i].kind === KIND_FILE) if (dirOf(recs[i].path) === path) hasFiles = true
        if (!newPw) {
            if (!dir) return 0
            if (hasFiles) return E_BAD_PATH
            return await commit(dir, null)
        }
        if (!dir) if (hasFiles) return E_BAD_PATH
        const dr: Rec = { kind: KIND_DIR, flags: 0, size: 0, stored: 0, path: path, tail: await wrapKey(newPw, dek) }
        if (!fits(8 + path.length + DIR_TAIL, 0, dir)) return E_NO_SPACE
        return await store(dr, Buffer.alloc(0), dir)
    }
    if (op === OP_DELETE) return await commit(f, null)
    if (op === OP_READ) {
        let buf = Buffer.alloc(0)
        for (let i = 0; i < f.chunks.length; i++) buf = buf.concat(await flashGet(slotKey(f.chunks[i])))
        if (buf.length !== chunkBytes(f)) return E_CORRUPT
        // the SHA-256 of the upload: in the sealed data, or in the tail (then the check of the stored bytes)
        let sha = f.tail
        if (f.flags & F_ENCRYPTED) {
            if (!dek) return E_CORRUPT
            sha = sealFile(dek, f, buf, OPEN)
            if (!sha) return E_CORRUPT
            buf = sha.slice(SHA_LEN)
        } else if (digest("sha256", buf).slice(0, CHECK_LEN).toString("hex") !== sha.slice(SHA_LEN).toString("hex")) return E_CORRUPT
        return { err: 0, data: buf, size: f.size, sha256: sha.slice(0, SHA_LEN) }
    }
    // write: a file in a protected directory is encrypted
    if (data.length > 0xffff) return E_NO_SPACE
    const sha = digest("sha256", data)
    const stored = await pemToDer(data)
    const rec: Rec = {
        kind: KIND_FILE,
        flags: 0,
        size: data.length,
        stored: stored.length,
        path: path,
        tail: sha.concat(digest("sha256", stored).slice(0, CHECK_LEN)),
    }
    if (stored !== data) rec.flags = F_CONVERTED
    let payload = stored
    if (dek) {
        rec.flags |= F_ENCRYPTED
        rec.tail = randomBuffer(NONCE_LEN)
        payload = sealFile(dek, rec, sha.concat(stored), SEAL)
    }
    // the record is charged as if its path were PATH_MAX long
    if (!fits(8 + PATH_MAX + rec.tail.length, payload.length, f)) return E_NO_SPACE
    return await store(rec, payload, f)
}

/**
 * Writes a file atomically: 0, 902 bad path, 904 does not fit (nothing written) or dropped by the flash,
 * 906 wrong directory password. A file in a protected directory is encrypted.
 */
export async function writeFile(path: string, data: Buffer, password?: string): Promise<number> {
    return await run(OP_WRITE, path, data, password)
}

/**
 * Reads a file: { err: 0, data } with the content as kept (PEM certificates/keys come back as DER), or 902,
 * 905 missing, 906 wrong or missing password, 907 corrupt. (The result also has fileInfo's size and sha256.)
 */
export async function readFile(path: string, password?: string): Promise<{ err: number; data?: Buffer; size?: number; sha256?: Buffer }> {
    const r = await run(OP_READ, path, null, password)
    if (typeof r === "number") return { err: r }
    return r
}

/**
 * Size and SHA-256 of a file's content as uploaded: { err: 0, size, sha256 }, or 902, 905, 906, 907. Reads
 * and checks the whole file (for a protected file this needs the password: the hash is encrypted too).
 * (readFile itself: one function less in the image.)
 */
export const fileInfo: (path: string, password?: string) => Promise<{ err: number; size?: number; sha256?: Buffer }> = readFile

/** Deletes a file: 0, 902, 905 missing, 906 wrong directory password, 904 flash too full to rewrite the index. */
export async function deleteFile(path: string, password?: string): Promise<number> {
    return await run(OP_DELETE, path, null, password)
}

/** Every file with its size as uploaded (in the order they were written). */
export async function listFiles(): Promise<{ path: string; size: number }[]> {
    return await run(OP_LIST, null, null, null)
}

/**
 * Sets, changes or removes a directory password. Setting one on an unprotected directory needs the
 * directory to hold no file yet (902 otherwise: files are not re-encrypted); changing one needs the old
 * password (906) and only re-wraps the directory key; `newPw` "" removes the protection of an empty
 * directory. 0, 902, 904, 906.
 */
export async function setDirPassword(dir: string, newPw: string, oldPw?: string): Promise<number> {
    return await run(OP_DIR, dir, null, oldPw, newPw)
}

/** Largest file (bytes, kept as uploaded, in an unprotected directory) that a write accepts now. */
export async function freeBytes(): Promise<number> {
    return await run(OP_FREE, null, null, null)
}

/** Forgets the in-memory state and mounts the store from flash again (as after a restart). */
export async function remountStore() {
    mounted = false
    await listFiles()
}

/** Deletes every file and directory password (slots keep their tombstones: the high-water mark stays). */
export async function formatStore() {
    await listFiles()
    while (busy) await ds.sleep(2)
    busy = true
    try {
        const old = recs
        await writeIndex(hw, [])
        for (let i = 0; i < old.length; i++) await discard(slotsOf(old[i]))
    } finally {
        busy = false
    }
}

/** Test hook: the mounted state: records, slot high-water mark, slots in use, flash cost by the accounting. */
export async function storeDebug(): Promise<{ recs: Rec[]; hw: number; used: boolean[]; cost: number }> {
    await listFiles()
    fits(0, 0, null)
    // used[s]: slot s belongs to a record or is a stuck leftover
    const used: boolean[] = []
    for (let s = 0; s < MAX_SLOTS; s++) used.push(stuck.indexOf(s) >= 0)
    for (let i = 0; i < recs.length; i++) {
        const s = slotsOf(recs[i])
        for (let j = 0; j < s.length; j++) used[s[j]] = true
    }
    return { recs: recs, hw: hw, used: used, cost: nowCost }
}
