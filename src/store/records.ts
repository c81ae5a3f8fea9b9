// On-flash records of the file store and the flash cost model (docs/STORE.md has the layouts).
//
// Keys: `#ix` holds the index (which slots hold a record); slots `#00`..`#63` hold records and data chunks.
// Every value is a raw Buffer. A record (file or protected directory) is:
//   kind (1 file, 2 directory), flags, size as uploaded (u16), stored size (u16), path length, path,
//   chunk count, chunk slots, tail
// with tail = SHA-256 of the upload + 8 bytes of SHA-256 of the stored bytes (plain file), the 13-byte nonce
// (encrypted file), or the wrapped directory key (directory: see seal.ts).

/** The runtime keeps every value as a 24-byte entry plus the value rounded up to 8 bytes (0 → 8). */
export function keyCost(len: number): number {
    return 24 + ((Math.max(len, 1) + 7) & ~7)
}
/** what a deleted key keeps costing (its tombstone) until the settings area is cleared */
export const TOMBSTONE = 32

export const MAX_SLOTS = 64
export const INDEX_KEY = "#ix"
export function slotKey(s: number): string {
    return (s < 10 ? "#0" : "#") + s
}

export const KIND_FILE = 1
export const KIND_DIR = 2
/** stored bytes are the PEM-decoded DER of the upload */
export const F_CONVERTED = 1
/** chunks hold AES-256-CCM(sha256(upload) ‖ stored) ‖ tag */
export const F_ENCRYPTED = 2

export const NONCE_LEN = 13
export const TAG_LEN = 16
export const SHA_LEN = 32
export const CHECK_LEN = 8
/** tail of a directory record: iterations (u32), salt (16), nonce (13), wrapped key + tag (48) */
export const DIR_TAIL = 81

export interface Rec {
    /** the record's slot (set when stored) */
    slot?: number
    kind: number
    flags: number
    /** size as uploaded */
    size: number
    /** length of the stored (possibly PEM-decoded) content, before encryption */
    stored: number
    path: string
    /** chunk slots, one byte each (set when stored) */
    chunks?: Buffer
    tail: Buffer
    /** encoded length (set by encodeRec, decodeRec) */
    len?: number
}

/** Bytes of chunk data a file occupies in flash. */
export function chunkBytes(r: Rec): number {
    // F_ENCRYPTED (2) * 24: SHA_LEN + TAG_LEN
    return r.stored + (r.flags & F_ENCRYPTED) * 24
}

/** kind, flags, sizes and path of a record (what the file key of an encrypted file binds) */
export function recHead(r: Rec): Buffer {
    const b = Buffer.alloc(7)
    b[0] = r.kind
    b[1] = r.flags
    b.setAt(2, "u16", r.size)
    b.setAt(4, "u16", r.stored)
    b[6] = r.path.length
    return b.concat(Buffer.from(r.path))
}

export function encodeRec(r: Rec): Buffer {
    const h = recHead(r)
    const b = Buffer.concat(h, Buffer.alloc(1), r.chunks, r.tail)
    b[h.length] = r.chunks.length
    r.len = b.length
    return b
}

/**
 * Decodes a slot's record, or null when it is not a well-formed record: its tail must have the length of its
 * kind and flags (directory: DIR_TAIL; encrypted file: the nonce; plain file: SHA-256 + check).
 */
export function decodeRec(slot: number, b: Buffer): Rec {
    if (b.length < 8) return null
    if (b[0] !== KIND_FILE) if (b[0] !== KIND_DIR) return null
    const plen = b[6]
    const k = b[7 + plen]
    const o = 8 + plen + k
    // tail length by kind and flags & 3: plain file SHA_LEN + CHECK_LEN (40), encrypted file NONCE_LEN (13),
    // directory DIR_TAIL (81)
    if (o + hex`28280d0d51515151`[(b[0] - 1) * 4 + (b[1] & 3)] !== b.length) return null
    return {
        slot: slot,
        kind: b[0],
        flags: b[1],
        size: b.getAt(2, "u16"),
        stored: b.getAt(4, "u16"),
        path: b.slice(7, 7 + plen).toString(),
        chunks: b.slice(8 + plen, o),
        tail: b.slice(o),
        len: b.length,
    }
}

/** Index (`#ix`): version, slot high-water mark, then the slot of every record. */
export const INDEX_VERSION = 1
