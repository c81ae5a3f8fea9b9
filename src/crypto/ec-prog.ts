// Interpreter for the formula programs of ec-point-gen.ts (point addition/doubling, X25519 ladder step).
// A program is a byte string of 4-byte ops [op, dst, x, y]; an operand byte (array << 5) | slot designates the
// field element at slot * n in one of four arrays. Ops: 0 = multiply (one kernel call), 1 = add, 2 = subtract
// (limb loops, no carry), 3 = carry pass of dst (balanced limbs, value unchanged, top limb keeps the rest).
// The generator checked every intermediate bound, so the kernel's input contract holds for every op.

/** a field multiplication kernel (ec-mul11-gen.ts, ec-mul17-gen.ts): r[ro..] = x[xo..] * y[yo..] reduced by mode */
export type MulK = (r: number[], ro: number, x: number[], xo: number, y: number[], yo: number, mode: number) => void

export function runProg(prog: Buffer, a0: number[], a1: number[], a2: number[], a3: number[], n: number, mul: MulK, md: number) {
    for (let p = 0; p < prog.length; p += 4) {
        const op = prog[p]
        const d = prog[p + 1]
        const x = prog[p + 2]
        const y = prog[p + 3]
        const da = d >> 5
        const D = da === 0 ? a0 : da === 1 ? a1 : da === 2 ? a2 : a3
        const od = (d & 31) * n
        if (op === 3) {
            let cy = 0
            for (let i = 0; i < n - 1; i++) {
                const t = D[od + i] + cy
                cy = t * 5.9604644775390625e-8 + 6755399441055744 - 6755399441055744 // round(t / 2^24)
                D[od + i] = t - cy * 16777216
            }
            D[od + n - 1] += cy
            continue
        }
        const xa = x >> 5
        const X = xa === 0 ? a0 : xa === 1 ? a1 : xa === 2 ? a2 : a3
        const ox = (x & 31) * n
        const ya = y >> 5
        const Y = ya === 0 ? a0 : ya === 1 ? a1 : ya === 2 ? a2 : a3
        const oy = (y & 31) * n
        if (op === 0) mul(D, od, X, ox, Y, oy, md)
        else if (op === 1) for (let i = 0; i < n; i++) D[od + i] = X[ox + i] + Y[oy + i]
        else for (let i = 0; i < n; i++) D[od + i] = X[ox + i] - Y[oy + i]
    }
}
