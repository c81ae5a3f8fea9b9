// Constant-time helpers.

/** a[ao, ao+n) == b[bo, bo+n), in time independent of where they differ */
export function ctEqual(a: Buffer, ao: number, b: Buffer, bo: number, n: number): boolean {
    let d = 0
    for (let i = 0; i < n; i++) d |= a[ao + i] ^ b[bo + i]
    return d === 0
}
