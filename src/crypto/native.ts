// The runtime's native SHA-256 and HMAC-SHA256 under the names and signatures of @devicescript/crypto's digest()
// and hmac(), without their argument checks (validateHash, expectBuffer): those cost ~230 bytes of function code
// in the firmware image (64 KB limit), and every caller here passes Buffers and "sha256".

/** SHA-256 of the concatenation of `data`. */
export function digest(algo: "sha256", ...data: Buffer[]): Buffer {
    return (Buffer as any).digest(undefined, algo, data)
}

/** HMAC-SHA256 with `key` of the concatenation of `data`. */
export function hmac(key: Buffer, algo: "sha256", ...data: Buffer[]): Buffer {
    return (Buffer as any).digest(key, algo, data)
}
