// The file store: certificates and keys on the runtime settings flash (docs/STORE.md).
//
// API (agreed in the team brief), all async, errors are the Security AT codes (0 = ok):
//   writeFile(path, data, pw?) readFile(path, pw?) deleteFile(path, pw?) listFiles() fileInfo(path, pw?)
//   setDirPassword(dir, newPw, oldPw?) freeBytes()
//
// Layout: slot keys `#00`..`#63` hold records (one per file, one per protected directory) and 224-byte data
// chunks; `#ix` (the index) lists the record slots and the slot high-water mark. A write puts its chunks and
// its record into free slots, then switches the index (one small value, the commit point), then deletes the
// old file's slots. A write interrupted anywhere leaves the old index, so the old file (or no file); slots
// that no record references are deleted when the store is mounted.
//
// Space: the store keeps its own account of what its keys cost in flash (records.keyCost) and refuses a
// write (904) before writing anything when the peak usage during the write would exceed BUDGET.
import * as ds from "@devicescript/core"
import { digest, randomBuffer } from "@devicescript/crypto"
import { PemBlock, isPem, pemDecode } from "../x509/pem"
import { MAX_VALUE, flashDelete, flashGet, flashSet } from "./flash"
import { PATH_MAX, dirOf, normDir, validPath } from "./paths"
import {
    CHECK_LEN,
    DirRec,
    F_CONVERTED,
    F_ENCRYPTED,
    FileRec,
    INDEX_KEY,
    INDEX_VERSION,
    MAX_SLOTS,
    NONCE_LEN,
    TOMBSTONE,
    chunkBytes,
    decodeRecord,
    encodeDir,
    encodeFile,
    encodeIndex,
    fileRecLen,
    keyCost,
    slotKey,
} from "./records"
import { openFile, sealFile, unwrapKey, wrapNewKey } from "./seal"

export const OK = 0
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
/** largest file (bytes, as uploaded); sizes are kept as u16 */
export const FILE_MAX = 0xffff

// ---- in-memory state (mirrors the flash after mount) ----
let mounted = false
/** the index has a version this firmware does not know: refuse everything (907) rather than damage it */
let unknownFormat = false
let hw = 0
let idxLen = 0
let files: FileRec[] = []
let dirs: DirRec[] = []
/** slots whose leftover data the mount could not delete (flash full), and what they cost beyond a tombstone */
let stuck: boolean[] = []
let stuckCost = 0

/** records found unreadable (and dropped) by mounts since start; diagnostics (no console output: the VM
 * test harness reads console lines as test results) */
let droppedRecords = 0
export function droppedRecordCount() {
    return droppedRecords
}

let busy = false
async function lock() {
    while (busy) await ds.sleep(2)
    busy = true
}
function unlock() {
    busy = false
}

function findFile(path: string): FileRec {
    for (let i = 0; i < files.length; i++) if (files[i].path === path) return files[i]
    return null
}
function findDir(path: string): DirRec {
    for (let i = 0; i < dirs.length; i++) if (dirs[i].path === path) return dirs[i]
    return null
}

function recSlots(): number[] {
    const r: number[] = []
    for (let i = 0; i < files.length; i++) r.push(files[i].slot)
    for (let i = 0; i < dirs.length; i++) r.push(dirs[i].slot)
    return r
}

/** used[s] is true for every slot a record or a chunk occupies */
function usedSlots(): boolean[] {
    const used: boolean[] = []
    for (let s = 0; s < MAX_SLOTS; s++) used.push(false)
    for (let i = 0; i < files.length; i++) {
        const f = files[i]
        used[f.slot] = true
        for (let j = 0; j < f.chunks.length; j++) used[f.chunks[j]] = true
    }
    for (let i = 0; i < dirs.length; i++) used[dirs[i].slot] = true
    for (let s = 0; s < stuck.length; s++) if (stuck[s]) used[s] = true
    return used
}

/** the chunk lengths of `total` bytes of chunk data */
function chunkCost(total: number): number {
    const full = Math.idiv(total, MAX_VALUE)
    const rest = total - full * MAX_VALUE
    return full * keyCost(MAX_VALUE) + (rest > 0 ? keyCost(rest) : 0)
}
function nChunks(total: number): number {
    return Math.idiv(total + MAX_VALUE - 1, MAX_VALUE)
}

/** What the store's keys cost in flash now: index, records, chunks, and tombstones of free slots below hw. */
function liveCost(): number {
    let c = idxLen > 0 ? keyCost(idxLen) : 0
    let usedCount = 0
    for (let i = 0; i < files.length; i++) {
        const f = files[i]
        c += keyCost(f.recLen) + chunkCost(chunkBytes(f.flags, f.stored))
        usedCount += 1 + f.chunks.length
    }
    for (let i = 0; i < dirs.length; i++) {
        c += keyCost(dirs[i].recLen)
        usedCount++
    }
    return c + stuckCost + TOMBSTONE * (hw - usedCount)
}

function slotsInUse(): number {
    let n = dirs.length
    for (let s = 0; s < stuck.length; s++) if (stuck[s]) n++
    for (let i = 0; i < files.length; i++) n += 1 + files[i].chunks.length
    return n
}

/**
 * Does a new record of `recLen` bytes (charged as written) with `total` bytes of chunk data fit, while
 * everything now stored stays until the new index is written? `newRecs` is 1 when the index grows by one
 * record (0 when the record replaces one). Peak usage = now + new keys (a free slot below hw already
 * costs its tombstone) + the largest value being rewritten at that moment (old index or a tombstone).
 */
function fits(recLen: number, total: number, newRecs: number): boolean {
    const k = nChunks(total)
    const inUse = slotsInUse()
    if (inUse + k + 1 > MAX_SLOTS) return false
    const freeBelow = hw - inUse
    const reuse = k + 1 < freeBelow ? k + 1 : freeBelow
    const newCost = keyCost(recLen) + chunkCost(total) - TOMBSTONE * reuse
    const idxNew = keyCost(2 + files.length + dirs.length + newRecs)
    const transient = idxNew > TOMBSTONE ? idxNew : TOMBSTONE
    return liveCost() + newCost + transient <= BUDGET
}

/** a file's record slot and chunk slots */
function slotsOf(f: FileRec): number[] {
    const r = f.chunks.slice(0)
    r.push(f.slot)
    return r
}

/** the `n` lowest free slots */
function allocate(n: number): number[] {
    const used = usedSlots()
    const r: number[] = []
    for (let s = 0; s < MAX_SLOTS && r.length < n; s++) if (!used[s]) r.push(s)
    return r
}

async function writeIndex(newHw: number, slots: number[]): Promise<boolean> {
    const b = encodeIndex(newHw, slots)
    if (!(await flashSet(INDEX_KEY, b))) return false
    idxLen = b.length
    hw = newHw
    return true
}

async function mount() {
    if (mounted) return
    files = []
    dirs = []
    hw = 0
    idxLen = 0
    unknownFormat = false
    stuck = []
    stuckCost = 0
    const idx = await flashGet(INDEX_KEY)
    if (idx.length > 0) {
        if (idx.length < 2 || idx[0] !== INDEX_VERSION || idx[1] > MAX_SLOTS) {
            unknownFormat = true
            mounted = true
            return
        }
        hw = idx[1]
        idxLen = idx.length
        const seen: boolean[] = []
        for (let s = 0; s < MAX_SLOTS; s++) seen.push(false)
        for (let i = 2; i < idx.length; i++) {
            const slot = idx[i]
            if (slot >= hw || seen[slot]) continue
            const r = decodeRecord(slot, await flashGet(slotKey(slot)))
            let ok = !!r
            if (r && r.file) {
                const f = r.file
                ok = validPath(f.path) && !findFile(f.path) && f.chunks.length === nChunks(chunkBytes(f.flags, f.stored))
                for (let j = 0; ok && j < f.chunks.length; j++) {
                    const c = f.chunks[j]
                    if (c >= hw || seen[c] || c === slot) ok = false
                    else seen[c] = true
                }
                if (ok) files.push(f)
            } else if (r && r.dir) {
                ok = !!normDir(r.dir.path) && !findDir(r.dir.path)
                if (ok) dirs.push(r.dir)
            }
            if (ok) seen[slot] = true
            else droppedRecords++
        }
    }
    // slots no record references: leftovers of an interrupted write or delete
    const used = usedSlots()
    for (let s = 0; s < hw; s++) {
        if (used[s]) continue
        const b = await flashGet(slotKey(s))
        if (b.length === 0) continue
        await flashDelete(slotKey(s))
        if ((await flashGet(slotKey(s))).length > 0) {
            // the flash is too full even for a tombstone: keep the slot out of use, count what it costs
            stuck[s] = true
            stuckCost += keyCost(b.length) - TOMBSTONE
        }
    }
    mounted = true
}

/**
 * Deletes slots no record references any more. A delete the flash drops (full) leaves data the accounting
 * counts as a tombstone: the store then mounts again before the next operation, which retries.
 */
async function discard(slots: number[]) {
    for (let i = 0; i < slots.length; i++) {
        await flashDelete(slotKey(slots[i]))
        if ((await flashGet(slotKey(slots[i]))).length > 0) mounted = false
    }
}

const CERT_LABELS = ["CERTIFICATE", "X509 CERTIFICATE"]
const KEY_LABELS = ["PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY", "ENCRYPTED PRIVATE KEY"]

/**
 * PEM certificates (one or a bundle) and single PEM private keys are kept as DER: the concatenated DER of the
 * blocks. Anything else (mixed blocks, RFC 1421 headers, text that is not PEM) is kept as uploaded. Returns
 * null when the data stays as uploaded.
 */
async function pemToDer(data: Buffer): Promise<Buffer> {
    if (!isPem(data)) return null
    let blocks: PemBlock[]
    try {
        blocks = await pemDecode(data)
    } catch (e) {
        return null
    }
    if (!blocks.length) return null
    let certs = 0
    let keys = 0
    for (let i = 0; i < blocks.length; i++) {
        const b = blocks[i]
        if (CERT_LABELS.indexOf(b.label) >= 0) certs++
        else if (KEY_LABELS.indexOf(b.label) >= 0) keys++
        else return null
    }
    if (certs !== blocks.length && !(keys === 1 && blocks.length === 1)) return null
    let der = blocks[0].der
    for (let i = 1; i < blocks.length; i++) der = der.concat(blocks[i].der)
    return der
}

async function writeLocked(path: string, data: Buffer, password: string): Promise<number> {
    await mount()
    if (unknownFormat) return E_CORRUPT
    if (data.length > FILE_MAX) return E_NO_SPACE
    const dir = findDir(dirOf(path))
    let dek: Buffer = null
    if (dir) {
        dek = await unwrapKey(dir, password)
        if (!dek) return E_PASSWORD
    }
    const sha = digest("sha256", data)
    let flags = 0
    let stored = await pemToDer(data)
    if (stored) flags |= F_CONVERTED
    else stored = data
    let payload = stored
    let nonce: Buffer = null
    if (dek) {
        flags |= F_ENCRYPTED
        nonce = randomBuffer(NONCE_LEN)
        payload = sealFile(dek, nonce, path, flags, data.length, sha, stored)
    }
    const old = findFile(path)
    const k = nChunks(payload.length)
    if (!fits(fileRecLen(PATH_MAX, k, flags), payload.length, old ? 0 : 1)) return E_NO_SPACE

    const slots = allocate(k + 1)
    let top = hw
    for (let i = 0; i < slots.length; i++) if (slots[i] + 1 > top) top = slots[i] + 1
    // raise the high-water mark first, so that mount finds these slots if the write is interrupted
    if (top > hw && !(await writeIndex(top, recSlots()))) return E_NO_SPACE
    const written: number[] = []
    for (let i = 0; i < k; i++) {
        const end = (i + 1) * MAX_VALUE < payload.length ? (i + 1) * MAX_VALUE : payload.length
        written.push(slots[i])
        if (!(await flashSet(slotKey(slots[i]), payload.slice(i * MAX_VALUE, end)))) {
            await discard(written)
            return E_NO_SPACE
        }
    }
    const rec: FileRec = {
        slot: slots[k],
        path: path,
        flags: flags,
        size: data.length,
        stored: stored.length,
        chunks: slots.slice(0, k),
        sha: dek ? null : sha,
        check: flags === F_CONVERTED ? digest("sha256", stored).slice(0, CHECK_LEN) : null,
        nonce: nonce,
        recLen: 0,
    }
    const rb = encodeFile(rec)
    rec.recLen = rb.length
    written.push(rec.slot)
    const newSlots = recSlots().filter(s => !old || s !== old.slot)
    newSlots.push(rec.slot)
    if (!(await flashSet(slotKey(rec.slot), rb)) || !(await writeIndex(hw, newSlots))) {
        await discard(written)
        return E_NO_SPACE
    }
    // committed
    if (old) files = files.filter(f => f !== old)
    files.push(rec)
    if (old) {
        await discard(slotsOf(old))
    }
    return OK
}

/** Reads and checks a file's content: { err, data, sha } (sha of the content as uploaded). */
async function readLocked(f: FileRec, password: string): Promise<{ err: number; data?: Buffer; sha?: Buffer }> {
    let dek: Buffer = null
    if (f.flags & F_ENCRYPTED) {
        const dir = findDir(dirOf(f.path))
        if (!dir) return { err: E_CORRUPT }
        dek = await unwrapKey(dir, password)
        if (!dek) return { err: E_PASSWORD }
    }
    const total = chunkBytes(f.flags, f.stored)
    const buf = Buffer.alloc(total)
    for (let i = 0; i < f.chunks.length; i++) {
        const c = await flashGet(slotKey(f.chunks[i]))
        const want = total - i * MAX_VALUE < MAX_VALUE ? total - i * MAX_VALUE : MAX_VALUE
        if (c.length !== want) return { err: E_CORRUPT }
        buf.blitAt(i * MAX_VALUE, c, 0, want)
    }
    if (dek) {
        const o = openFile(dek, f.nonce, f.path, f.flags, f.size, f.stored, buf)
        if (!o) return { err: E_CORRUPT }
        return { err: OK, data: o.content, sha: o.sha }
    }
    const h = digest("sha256", buf)
    if (f.flags & F_CONVERTED) {
        if (h.slice(0, CHECK_LEN).toString("hex") !== f.check.toString("hex")) return { err: E_CORRUPT }
    } else if (h.toString("hex") !== f.sha.toString("hex")) return { err: E_CORRUPT }
    return { err: OK, data: buf, sha: f.sha }
}

/** Checks the directory password of `path` (unprotected directories accept any password). */
async function dirAccess(path: string, password: string): Promise<boolean> {
    const dir = findDir(dirOf(path))
    return !dir || !!(await unwrapKey(dir, password))
}

/**
 * Writes a file atomically: 0, 902 bad path, 904 does not fit (nothing written), 906 wrong directory
 * password. A file in a protected directory is encrypted.
 */
export async function writeFile(path: string, data: Buffer, password?: string): Promise<number> {
    if (!validPath(path) || !data) return E_BAD_PATH
    await lock()
    try {
        return await writeLocked(path, data, password)
    } finally {
        unlock()
    }
}

/**
 * Reads a file: { err: 0, data } with the content as kept (PEM certificates/keys come back as DER), or 902,
 * 905 missing, 906 wrong or missing password, 907 corrupt.
 */
export async function readFile(path: string, password?: string): Promise<{ err: number; data?: Buffer }> {
    if (!validPath(path)) return { err: E_BAD_PATH }
    await lock()
    try {
        await mount()
        if (unknownFormat) return { err: E_CORRUPT }
        const f = findFile(path)
        if (!f) return { err: E_MISSING }
        if (!(await dirAccess(path, password))) return { err: E_PASSWORD }
        const r = await readLocked(f, password)
        return r.err ? { err: r.err } : { err: OK, data: r.data }
    } finally {
        unlock()
    }
}

/** Deletes a file: 0, 902, 905 missing, 906 wrong directory password. */
export async function deleteFile(path: string, password?: string): Promise<number> {
    if (!validPath(path)) return E_BAD_PATH
    await lock()
    try {
        await mount()
        if (unknownFormat) return E_CORRUPT
        const f = findFile(path)
        if (!f) return E_MISSING
        if (!(await dirAccess(path, password))) return E_PASSWORD
        if (!(await writeIndex(hw, recSlots().filter(s => s !== f.slot)))) return E_NO_SPACE
        files = files.filter(x => x !== f)
        await discard(slotsOf(f))
        return OK
    } finally {
        unlock()
    }
}

/** byte-wise string order (the VM's `<` does not order strings) */
function strCmp(a: string, b: string): number {
    const n = a.length < b.length ? a.length : b.length
    for (let i = 0; i < n; i++) {
        const d = a.charCodeAt(i) - b.charCodeAt(i)
        if (d !== 0) return d
    }
    return a.length - b.length
}

/** Every file, sorted by path, with its size as uploaded. */
export async function listFiles(): Promise<{ path: string; size: number }[]> {
    await lock()
    try {
        await mount()
        const r = files.map(f => ({ path: f.path, size: f.size }))
        r.sort((a, b) => strCmp(a.path, b.path))
        return r
    } finally {
        unlock()
    }
}

/**
 * Size and SHA-256 of a file's content as uploaded: { err: 0, size, sha256 }, or 902, 905, 906, 907. For a
 * file in a protected directory this needs the password and decrypts (and so checks) the whole file.
 */
export async function fileInfo(path: string, password?: string): Promise<{ err: number; size?: number; sha256?: Buffer }> {
    if (!validPath(path)) return { err: E_BAD_PATH }
    await lock()
    try {
        await mount()
        if (unknownFormat) return { err: E_CORRUPT }
        const f = findFile(path)
        if (!f) return { err: E_MISSING }
        if (!(await dirAccess(path, password))) return { err: E_PASSWORD }
        if (!(f.flags & F_ENCRYPTED)) return { err: OK, size: f.size, sha256: f.sha }
        const r = await readLocked(f, password)
        return r.err ? { err: r.err } : { err: OK, size: f.size, sha256: r.sha }
    } finally {
        unlock()
    }
}

/**
 * Sets, changes or removes a directory password. Setting one on an unprotected directory needs the
 * directory to hold no file yet (902 otherwise: files are not re-encrypted); changing one needs the old
 * password (906) and only re-wraps the directory key; `newPw` "" removes the protection of an empty
 * directory. 0, 902, 904, 906.
 */
export async function setDirPassword(dir: string, newPw: string, oldPw?: string): Promise<number> {
    const d = normDir(dir)
    if (!d || typeof newPw !== "string" || newPw.length > PASSWORD_MAX) return E_BAD_PATH
    await lock()
    try {
        await mount()
        if (unknownFormat) return E_CORRUPT
        const cur = findDir(d)
        let dek: Buffer = null
        if (cur) {
            dek = await unwrapKey(cur, oldPw)
            if (!dek) return E_PASSWORD
        }
        let hasFiles = false
        for (let i = 0; i < files.length; i++) if (dirOf(files[i].path) === d) hasFiles = true
        if (newPw === "") {
            if (!cur) return OK
            if (hasFiles) return E_BAD_PATH
            if (!(await writeIndex(hw, recSlots().filter(s => s !== cur.slot)))) return E_NO_SPACE
            dirs = dirs.filter(x => x !== cur)
            await discard([cur.slot])
            return OK
        }
        if (!cur && hasFiles) return E_BAD_PATH
        const rec: DirRec = { slot: 0, path: d, iterations: 0, salt: null, nonce: null, wrapped: null, recLen: 0 }
        await wrapNewKey(rec, newPw, dek)
        const rb = encodeDir(rec)
        rec.recLen = rb.length
        if (!fits(rb.length, 0, cur ? 0 : 1)) return E_NO_SPACE
        rec.slot = allocate(1)[0]
        if (rec.slot + 1 > hw && !(await writeIndex(rec.slot + 1, recSlots()))) return E_NO_SPACE
        const newSlots = recSlots().filter(s => !cur || s !== cur.slot)
        newSlots.push(rec.slot)
        if (!(await flashSet(slotKey(rec.slot), rb)) || !(await writeIndex(hw, newSlots))) {
            await discard([rec.slot])
            return E_NO_SPACE
        }
        if (cur) dirs = dirs.filter(x => x !== cur)
        dirs.push(rec)
        if (cur) await discard([cur.slot])
        return OK
    } finally {
        unlock()
    }
}

/** Largest file (bytes, kept as uploaded, in an unprotected directory) that a write accepts now. */
export async function freeBytes(): Promise<number> {
    await lock()
    try {
        await mount()
        if (unknownFormat) return 0
        let lo = 0
        let hi = FILE_MAX
        if (!fits(fileRecLen(PATH_MAX, 0, 0), 0, 1)) return 0
        while (lo < hi) {
            const mid = lo + ((hi - lo + 1) >> 1)
            if (fits(fileRecLen(PATH_MAX, nChunks(mid), 0), mid, 1)) lo = mid
            else hi = mid - 1
        }
        return lo
    } finally {
        unlock()
    }
}

/** Forgets the in-memory state and mounts the store from flash again (as after a restart). */
export async function remountStore() {
    await lock()
    try {
        mounted = false
        await mount()
    } finally {
        unlock()
    }
}

/**
 * Test/maintenance: slots that hold data but that no record references (there should be none after a
 * mount). Reads every slot key.
 */
export async function orphanSlots(): Promise<number[]> {
    await lock()
    try {
        await mount()
        const used = usedSlots()
        const r: number[] = []
        for (let s = 0; s < MAX_SLOTS; s++) {
            if (used[s]) continue
            if ((await flashGet(slotKey(s))).length > 0) r.push(s)
        }
        return r
    } finally {
        unlock()
    }
}

/** Test hook: what the store's keys cost in the settings area now, by its own accounting (bytes). */
export async function storeFlashCost(): Promise<number> {
    await lock()
    try {
        await mount()
        return liveCost()
    } finally {
        unlock()
    }
}

/** Test hook: the slots of a file's record and chunks (null when absent). */
export async function fileSlots(path: string): Promise<{ record: number; chunks: number[] }> {
    await lock()
    try {
        await mount()
        const f = findFile(path)
        return f ? { record: f.slot, chunks: f.chunks.slice(0) } : null
    } finally {
        unlock()
    }
}

/** Deletes every file and directory password (the high-water mark stays: deleted keys keep their tombstone). */
export async function formatStore() {
    await lock()
    try {
        await mount()
        unknownFormat = false
        const old = usedSlots()
        await writeIndex(hw, [])
        files = []
        dirs = []
        const del: number[] = []
        for (let s = 0; s < MAX_SLOTS; s++) if (old[s]) del.push(s)
        await discard(del)
    } finally {
        unlock()
    }
}
