// The runtime's native SHA-256 and HMAC-SHA256, called directly. @devicescript/crypto's digest() and hmac() wrap
// the same call with argument checks that cost ~230 bytes of function code in the firmware image (64 KB limit).

/** SHA-256 of the concatenation of `parts` (HMAC-SHA256 keyed with `key` when given). */
export function nativeSha256(parts: Buffer[], key?: Buffer): Buffer {
    return (Buffer as any).digest(key, "sha256", parts)
}
