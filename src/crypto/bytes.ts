// Byte helpers shared by the ciphers.

/** a[ao, ao+n) == b[bo, bo+n), in time independent of where they differ */
export function ctEqual(a: Buffer, ao: number, b: Buffer, bo: number, n: number): boolean {
    let d = 0
    for (let i = 0; i < n; i++) d |= a[ao + i] ^ b[bo + i]
    return d === 0
}

/** n little-endian 32-bit words of b from off */
export function leWords(b: Buffer, off: number, n: number): number[] {
    const w: number[] = []
    for (let i = 0; i < n; i++) w.push(b.getAt(off + 4 * i, "i32"))
    return w
}
