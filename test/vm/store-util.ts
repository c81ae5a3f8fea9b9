// Helpers of the file store VM tests (not a test file itself).

/**
 * Deterministic test bytes: a 251-byte pseudo-random block repeated (251 is prime, so no two 224-byte chunks
 * of a file are equal), with the first byte of each copy set to the copy number. Cheap enough for 7 KB
 * without yielding.
 */
export function pattern(n: number, seed: number): Buffer {
    const base = Buffer.alloc(251)
    let x = seed * 2654435761 + 12345
    for (let i = 0; i < 251; i++) {
        x = (Math.imul(x, 1103515245) + 12345) | 0
        base[i] = (x >>> 16) & 0xff
    }
    const b = Buffer.alloc(n)
    for (let o = 0, c = 0; o < n; o += 251, c++) {
        b.blitAt(o, base, 0, n - o < 251 ? n - o : 251)
        b[o] = c & 0xff
    }
    return b
}

export function hexOf(b: Buffer) {
    return b ? b.toString("hex") : "(none)"
}
