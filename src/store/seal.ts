// Encryption at rest for password-protected directories (docs/STORE.md).
//
// A protected directory has a random 32-byte data key (DEK). Its record keeps the DEK wrapped with
// AES-256-CCM under KEK = PBKDF2-HMAC-SHA256(password, salt, iterations); a wrong password fails the CCM tag
// (→ 906). Changing the password re-wraps the DEK, files stay as they are. Each file is sealed with
// AES-256-CCM (16-byte tag) under a per-file key HMAC-SHA256(DEK, "sslat-file" ‖ nonce ‖ metadata) and a
// random 13-byte nonce, so a record's path, sizes or flags cannot be swapped without failing the tag.
import { decrypt, encrypt, randomBuffer } from "@devicescript/crypto"
import { pbkdf2Sha256 } from "./kdf"
import { DirRec, NONCE_LEN, SALT_LEN, SHA_LEN, TAG_LEN } from "./records"

/** PBKDF2 iterations for new directory passwords (stored per directory; see docs/STORE.md, docs/BENCHMARKS.md). */
export const DEFAULT_ITERATIONS = 1024
let iterations = DEFAULT_ITERATIONS

/** Test hook: PBKDF2 iterations for passwords set from now on (the count is stored per directory). */
export function setPasswordIterations(n: number) {
    iterations = n
}

function ccm(data: Buffer, key: Buffer, nonce: Buffer, open: boolean): Buffer {
    const o = { data: data, algo: "aes-256-ccm" as "aes-256-ccm", key: key, iv: nonce, tagLength: 16 as 16 }
    try {
        const r = open ? decrypt(o) : encrypt(o)
        return r ? r : null
    } catch (e) {
        return null
    }
}

// the last unlocked directory key, so that repeated reads in one directory do not re-run PBKDF2
let cacheWrapped = ""
let cachePw = ""
let cacheDek: Buffer = null

/** Creates the record fields of a newly protected directory; returns its DEK. */
export async function wrapNewKey(d: DirRec, password: string, dek?: Buffer): Promise<Buffer> {
    if (!dek) dek = randomBuffer(32)
    d.iterations = iterations
    d.salt = randomBuffer(SALT_LEN)
    d.nonce = randomBuffer(NONCE_LEN)
    const kek = await pbkdf2Sha256(Buffer.from(password), d.salt, d.iterations)
    d.wrapped = ccm(dek, kek, d.nonce, false)
    cacheWrapped = d.wrapped.toString("hex")
    cachePw = password
    cacheDek = dek
    return dek
}

/** The directory's DEK, or null when the password is wrong. */
export async function unwrapKey(d: DirRec, password: string): Promise<Buffer> {
    if (typeof password !== "string") return null
    const w = d.wrapped.toString("hex")
    if (cacheDek && w === cacheWrapped && password === cachePw) return cacheDek
    const kek = await pbkdf2Sha256(Buffer.from(password), d.salt, d.iterations)
    const dek = ccm(d.wrapped, kek, d.nonce, true)
    if (!dek || dek.length !== 32) return null
    cacheWrapped = w
    cachePw = password
    cacheDek = dek
    return dek
}

function fileKey(dek: Buffer, nonce: Buffer, path: string, flags: number, size: number, stored: number) {
    const meta = Buffer.alloc(5)
    meta[0] = flags
    meta.setAt(1, "u16", size)
    meta.setAt(3, "u16", stored)
    return (Buffer as any).digest(dek, "sha256", [Buffer.from("sslat-file"), nonce, meta, Buffer.from(path)])
}

/** AES-256-CCM(fileKey, nonce, sha ‖ content) ‖ tag */
export function sealFile(
    dek: Buffer,
    nonce: Buffer,
    path: string,
    flags: number,
    size: number,
    sha: Buffer,
    content: Buffer
): Buffer {
    return ccm(sha.concat(content), fileKey(dek, nonce, path, flags, size, content.length), nonce, false)
}

/** Opens a sealed file: { sha, content }, or null when the tag does not verify. */
export function openFile(
    dek: Buffer,
    nonce: Buffer,
    path: string,
    flags: number,
    size: number,
    stored: number,
    sealed: Buffer
): { sha: Buffer; content: Buffer } {
    if (sealed.length !== SHA_LEN + stored + TAG_LEN) return null
    const p = ccm(sealed, fileKey(dek, nonce, path, flags, size, stored), nonce, true)
    if (!p || p.length !== SHA_LEN + stored) return null
    return { sha: p.slice(0, SHA_LEN), content: p.slice(SHA_LEN) }
}
