// On-flash records of the file store and the flash cost model (docs/STORE.md has the byte layouts).
//
// Keys: `#ix` holds the index (which slots hold a file or directory record); slots `#00`..`#63` hold
// records and data chunks. Every value is a raw Buffer.

/** The runtime keeps every value as a 24-byte entry plus the value rounded up to 8 bytes (0 → 8). */
export function keyCost(len: number): number {
    return 24 + (len === 0 ? 8 : (len + 7) & ~7)
}
/** what a deleted key keeps costing (its tombstone) until the settings area is cleared */
export const TOMBSTONE = 32

export const MAX_SLOTS = 64
export const INDEX_KEY = "#ix"
export function slotKey(s: number): string {
    return s < 10 ? "#0" + s : "#" + s
}

export const KIND_FILE = 1
export const KIND_DIR = 2
/** stored bytes are the PEM-decoded DER of the upload */
export const F_CONVERTED = 1
/** chunks hold AES-256-CCM(sha256(upload) ‖ stored) ‖ tag */
export const F_ENCRYPTED = 2

export const NONCE_LEN = 13
export const TAG_LEN = 16
export const SALT_LEN = 16
export const SHA_LEN = 32
export const CHECK_LEN = 8

export interface FileRec {
    slot: number
    path: string
    flags: number
    /** size as uploaded */
    size: number
    /** length of the stored (possibly PEM-decoded) content, before encryption */
    stored: number
    chunks: number[]
    /** plain files: SHA-256 of the upload */
    sha: Buffer
    /** plain converted files: first 8 bytes of SHA-256 of the stored bytes */
    check: Buffer
    /** encrypted files */
    nonce: Buffer
    recLen: number
}

export interface DirRec {
    slot: number
    path: string
    iterations: number
    salt: Buffer
    nonce: Buffer
    /** AES-256-CCM(KEK, nonce, DEK) ‖ tag, KEK = PBKDF2(password, salt, iterations) */
    wrapped: Buffer
    recLen: number
}

/** Bytes of chunk data a file occupies in flash. */
export function chunkBytes(flags: number, stored: number): number {
    return flags & F_ENCRYPTED ? SHA_LEN + stored + TAG_LEN : stored
}

/** Length of a file record for the given fields. */
export function fileRecLen(pathLen: number, nChunks: number, flags: number): number {
    const tail = flags & F_ENCRYPTED ? NONCE_LEN : SHA_LEN + (flags & F_CONVERTED ? CHECK_LEN : 0)
    return 7 + pathLen + 1 + nChunks + tail
}

function putPath(b: Buffer, off: number, path: string): number {
    const pb = Buffer.from(path)
    b[off] = pb.length
    b.blitAt(off + 1, pb, 0, pb.length)
    return off + 1 + pb.length
}

export function encodeFile(f: FileRec): Buffer {
    const pb = Buffer.from(f.path)
    const b = Buffer.alloc(fileRecLen(pb.length, f.chunks.length, f.flags))
    b[0] = KIND_FILE
    b[1] = f.flags
    b.setAt(2, "u16", f.size)
    b.setAt(4, "u16", f.stored)
    let o = putPath(b, 6, f.path)
    b[o++] = f.chunks.length
    for (let i = 0; i < f.chunks.length; i++) b[o++] = f.chunks[i]
    if (f.flags & F_ENCRYPTED) b.blitAt(o, f.nonce, 0, NONCE_LEN)
    else {
        b.blitAt(o, f.sha, 0, SHA_LEN)
        if (f.flags & F_CONVERTED) b.blitAt(o + SHA_LEN, f.check, 0, CHECK_LEN)
    }
    return b
}

export function encodeDir(d: DirRec): Buffer {
    const pb = Buffer.from(d.path)
    const b = Buffer.alloc(84 + pb.length)
    b[0] = KIND_DIR
    b[1] = 1
    b.setAt(2, "u32", d.iterations)
    b.blitAt(6, d.salt, 0, SALT_LEN)
    b.blitAt(22, d.nonce, 0, NONCE_LEN)
    b.blitAt(35, d.wrapped, 0, 48)
    putPath(b, 83, d.path)
    return b
}

/** Decodes a slot's record: a FileRec, a DirRec, or null when it is not a well-formed record. */
export function decodeRecord(slot: number, b: Buffer): { file?: FileRec; dir?: DirRec } {
    if (!b || b.length < 8) return null
    if (b[0] === KIND_FILE) {
        const plen = b[6]
        if (b.length < 8 + plen) return null
        const k = b[7 + plen]
        const flags = b[1]
        if (b.length !== fileRecLen(plen, k, flags)) return null
        const chunks: number[] = []
        let o = 8 + plen
        for (let i = 0; i < k; i++) chunks.push(b[o++])
        const f: FileRec = {
            slot: slot,
            path: b.slice(7, 7 + plen).toString(),
            flags: flags,
            size: b.getAt(2, "u16"),
            stored: b.getAt(4, "u16"),
            chunks: chunks,
            sha: null,
            check: null,
            nonce: null,
            recLen: b.length,
        }
        if (flags & F_ENCRYPTED) f.nonce = b.slice(o, o + NONCE_LEN)
        else {
            f.sha = b.slice(o, o + SHA_LEN)
            if (flags & F_CONVERTED) f.check = b.slice(o + SHA_LEN, o + SHA_LEN + CHECK_LEN)
        }
        return { file: f }
    }
    if (b[0] === KIND_DIR && b[1] === 1 && b.length >= 85 && b.length === 84 + b[83]) {
        const d: DirRec = {
            slot: slot,
            path: b.slice(84).toString(),
            iterations: b.getAt(2, "u32"),
            salt: b.slice(6, 22),
            nonce: b.slice(22, 35),
            wrapped: b.slice(35, 83),
            recLen: b.length,
        }
        return { dir: d }
    }
    return null
}

export const INDEX_VERSION = 1

/** Index: version, slot high-water mark, then the slot of every record (file or directory). */
export function encodeIndex(hw: number, recSlots: number[]): Buffer {
    const b = Buffer.alloc(2 + recSlots.length)
    b[0] = INDEX_VERSION
    b[1] = hw
    for (let i = 0; i < recSlots.length; i++) b[2 + i] = recSlots[i]
    return b
}
