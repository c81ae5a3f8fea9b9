// HMAC-DRBG (NIST SP 800-90A section 10.1.2) over the runtime's native HMAC-SHA256, and the process-wide
// generator: seeded from the runtime CSPRNG on first use, reseeded from it every RESEED_EVERY requests, and able
// to absorb extra seed material (the AT+SSLSET=3 random string) on top of fresh CSPRNG entropy.
import { randomBuffer } from "@devicescript/crypto"
import { hmac } from "./native"

/** largest single request (bytes); SP 800-90A allows 64 KB, this keeps a call well inside one VM slice */
export const MAX_REQUEST = 4096
const RESEED_EVERY = 10000

const B00 = hex`00`
const B01 = hex`01`
const EMPTY = hex``

export class HmacDrbg {
    k: Buffer
    v: Buffer
    /** generate requests since the last (re)seed */
    count: number

    /** Instantiate with entropy || nonce || personalization as the seed material. */
    constructor(entropy: Buffer, nonce?: Buffer, pers?: Buffer) {
        this.k = Buffer.alloc(32)
        this.v = Buffer.alloc(32)
        this.v.fillAt(0, 32, 1)
        this.count = 0
        this.update(Buffer.concat(entropy, nonce || EMPTY, pers || EMPTY))
    }

    update(provided: Buffer) {
        for (let i = 0; i < 2; i++) {
            this.k = hmac(this.k, "sha256", this.v, i ? B01 : B00, provided)
            this.v = hmac(this.k, "sha256", this.v)
            if (provided.length === 0) return
        }
    }

    reseed(entropy: Buffer, additional?: Buffer) {
        this.update(Buffer.concat(entropy, additional || EMPTY))
        this.count = 0
    }

    /** n pseudo-random bytes (n <= MAX_REQUEST) */
    generate(n: number, additional?: Buffer): Buffer {
        if (n > MAX_REQUEST) throw new RangeError("DRBG: request too large")
        const add = additional || EMPTY
        if (add.length > 0) this.update(add)
        const out = Buffer.alloc(n)
        for (let off = 0; off < n; off += 32) {
            this.v = hmac(this.k, "sha256", this.v)
            out.blitAt(off, this.v, 0, Math.min(32, n - off))
        }
        this.update(add)
        this.count++
        return out
    }
}

let shared: HmacDrbg = null

function drbg(): HmacDrbg {
    if (!shared) shared = new HmacDrbg(randomBuffer(32), randomBuffer(16), hex`73736c6174`) // personalization "sslat"
    else if (shared.count >= RESEED_EVERY) shared.reseed(randomBuffer(32))
    return shared
}

/** n random bytes from the process-wide DRBG (n <= MAX_REQUEST) */
export function randomBytes(n: number): Buffer {
    return drbg().generate(n)
}

/** Mixes extra seed material (e.g. the AT+SSLSET=3 string) into the process-wide DRBG, with fresh CSPRNG entropy. */
export function addSeed(seed: Buffer | string) {
    drbg().reseed(randomBuffer(32), typeof seed === "string" ? Buffer.from(seed) : seed)
}
