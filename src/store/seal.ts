// Encryption at rest for password-protected directories (docs/STORE.md).
//
// A protected directory has a random 32-byte data key (DEK). Its record keeps the DEK wrapped with
// AES-256-CCM under KEK = PBKDF2-HMAC-SHA256(password, salt, iterations); a wrong password fails the CCM tag
// (→ 906). Changing the password re-wraps the DEK, files stay as they are. Each file is sealed with
// AES-256-CCM (16-byte tag) under a per-file key HMAC-SHA256(DEK, "sslat-file" ‖ nonce ‖ record head) and a
// random 13-byte nonce, so a record's path, sizes or flags cannot be changed without failing the tag.
//
// Directory record tail: iterations (u32), salt (16), nonce (13), AES-256-CCM(KEK, nonce, DEK) ‖ tag (48).
import { randomBuffer } from "@devicescript/crypto"
import { pbkdf2Sha256 } from "./kdf"
import { DIR_TAIL, NONCE_LEN, Rec, recHead } from "./records"

/** PBKDF2 iterations for new directory passwords (stored per directory; docs/STORE.md, docs/BENCHMARKS.md). */
export const DEFAULT_ITERATIONS = 1024
let iterations = DEFAULT_ITERATIONS

/** Test hook: PBKDF2 iterations for passwords set from now on (the count is stored per directory). */
export function setPasswordIterations(n: number) {
    iterations = n
}

/** ccm() modes: the tag length (16), plus 0x1000 to open */
export const SEAL = 16
export const OPEN = 0x1010

/**
 * AES-256-CCM with a 16-byte tag (the runtime's native cipher, called directly: the checks of
 * @devicescript/crypto's encrypt/decrypt cost code and every key and nonce here has the right size); null when
 * opening fails the tag (the native call throws).
 */
function ccm(data: Buffer, key: Buffer, nonce: Buffer, mode: number): Buffer {
    try {
        return (data as any).encrypt("aes-256-ccm", key, nonce, mode)
    } catch (e) {
        return null
    }
}

// the last unlocked directory key, so that repeated reads in one directory do not re-run PBKDF2
// (no initializers: they are code in the image's `main`; an undefined cacheTail matches no id)
let cacheTail: string
let cacheDek: Buffer

/** seals or opens `data` (the DEK) under KEK = PBKDF2(password, salt, iterations) with the nonce of `tail` */
async function kek(tail: Buffer, password: string, data: Buffer, mode: number) {
    return ccm(data, await pbkdf2Sha256(Buffer.from(password), tail.slice(4, 20), tail.getAt(0, "u32")), tail.slice(20, 33), mode)
}

/** A new directory record tail wrapping `dek` (a new random key when absent) under `password`. */
export async function wrapKey(password: string, dek?: Buffer): Promise<Buffer> {
    if (!dek) dek = randomBuffer(32)
    const t = Buffer.alloc(DIR_TAIL)
    t.setAt(0, "u32", iterations)
    t.blitAt(4, randomBuffer(16 + NONCE_LEN), 0, 16 + NONCE_LEN)
    t.blitAt(33, await kek(t, password, dek, SEAL), 0, 48)
    cacheTail = t.toString("hex") + password
    cacheDek = dek
    return t
}

/** The directory's DEK, or null when the password is wrong (or the record damaged). */
export async function unwrapKey(dir: Rec, password: string): Promise<Buffer> {
    if (typeof password !== "string") return null
    const id = dir.tail.toString("hex") + password
    if (id === cacheTail) return cacheDek
    // (a 48-byte sealed key opens to 32 bytes)
    const dek = await kek(dir.tail, password, dir.tail.slice(33), OPEN)
    if (!dek) return null
    cacheTail = id
    cacheDek = dek
    return dek
}

/**
 * Seals (mode SEAL) `SHA-256 of the upload ‖ content` for file record `f` (its tail is the nonce; its head,
 * recHead(), is bound into the key), or opens (OPEN) a sealed file: then null when the tag does not verify
 * (the caller checked the sealed length: chunkBytes(f), so what opens is SHA-256 ‖ f.stored bytes).
 */
export function sealFile(dek: Buffer, f: Rec, data: Buffer, mode: number): Buffer {
    return ccm(data, (Buffer as any).digest(dek, "sha256", [Buffer.from("sslat-file"), f.tail, recHead(f)]), f.tail, mode)
}
