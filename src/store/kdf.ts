// PBKDF2-HMAC-SHA256 (RFC 8018) with a 32-byte output (one block), over the runtime's native HMAC-SHA256.
// Used to turn a directory password into the key that wraps the directory's data key (src/store/files.ts).
// Async: the iteration loop charges the step budget and yields (src/platform/budget.ts).
import { charge, relax } from "../platform/budget"

/** PBKDF2-HMAC-SHA256(password, salt, iterations), 32 bytes. */
export async function pbkdf2Sha256(password: Buffer, salt: Buffer, iterations: number): Promise<Buffer> {
    // U1 = HMAC(password, salt ‖ INT(1))
    const first = salt.concat(hex`00000001`)
    // the native HMAC-SHA256 directly: the public `hmac()` of @devicescript/crypto adds ~3 checking calls
    const B = Buffer as any
    let u: Buffer = B.digest(password, "sha256", [first])
    const t = u.slice(0)
    for (let i = 1; i < iterations; i++) {
        u = B.digest(password, "sha256", [u])
        for (let j = 0; j < 32; j++) t[j] = t[j] ^ u[j]
        // one iteration ~ one native call (~60 units) + 32 byte XORs
        if (charge(100)) await relax()
    }
    return t
}
