// Fixed-size Montgomery arithmetic for RSA (2048–4096-bit moduli and their 1024–2048-bit CRT halves).
//
// Numbers are little-endian arrays of 22-bit limbs held in doubles. Why 22 bits (docs/BENCHMARKS.md, "RSA"):
// a limb product is < 2^44, so a whole product-scanning column of a 4096-bit Montgomery multiply
// (<= 2 * 187 products + the carry in) stays below 2^53 and is summed exactly in ONE double with no carry
// handling inside the inner loop. The VM charges per opcode, so the inner loop is just loads, multiplies and
// adds (unrolled by 4); one `& MASK` and one exact division by 2^22 per column carry the result on.
//
// Montgomery form uses R = 2^(22 * nl) with nl chosen so that R > 4n: then inputs < 2n give outputs < 2n
// with no final subtraction (Walter), so the multiply has no data-dependent branch at all. Values are reduced
// below n only when leaving Montgomery form.
//
// Every routine that loops over limbs more than a handful of times is async and yields on the step budget.
// The budget call itself costs a function call (~23 µs), so the multiply counts its own work and calls
// `charge` only every ~800 units. Units are time-equivalents of the calib loop iteration (~20 opcodes): a
// two-product inner iteration costs ~2 units.
import { charge, relax } from "../platform/budget"

export const LIMB_BITS = 22
export const MASK = 0x3fffff
export const BASE = 4194304 // 2^22
const BASE2 = 17592186044416 // 2^44

/** Number of limbs used for a modulus of `bits` bits (R = 2^(22*nl) > 4n). */
export function limbsFor(bits: number): number {
    return Math.idiv(bits + 2 + LIMB_BITS - 1, LIMB_BITS)
}

/** Bit length of a big-endian byte string (leading zero bytes ignored). */
export function bitLength(b: Buffer): number {
    let i = 0
    while (i < b.length && b[i] === 0) i++
    if (i === b.length) return 0
    let top = b[i]
    let bits = (b.length - i - 1) * 8
    while (top > 0) {
        bits++
        top = top >> 1
    }
    return bits
}

export function zeros(nl: number): number[] {
    const r: number[] = []
    for (let i = 0; i < nl; i++) r.push(0)
    return r
}

/**
 * Big-endian bytes -> `nl` little-endian 22-bit limbs (written into `out` if given). Throws if the value does
 * not fit in nl limbs.
 */
export function fromBytes(buf: Buffer, nl: number, out?: number[]): number[] {
    const r = out || zeros(nl)
    let acc = 0
    let bits = 0
    let li = 0
    for (let p = buf.length - 1; p >= 0; p--) {
        acc = acc | (buf[p] << bits)
        bits += 8
        if (bits >= LIMB_BITS) {
            if (li >= nl) {
                if (acc & MASK) throw new Error("bignum: value too large")
            } else r[li] = acc & MASK
            li++
            acc = acc >>> LIMB_BITS
            bits -= LIMB_BITS
        }
    }
    if (bits > 0) {
        if (li >= nl) {
            if (acc) throw new Error("bignum: value too large")
        } else r[li++] = acc
    }
    for (; li < nl; li++) r[li] = 0
    return r
}

/** Limbs -> big-endian byte string of exactly `len` bytes (the value must fit). */
export function toBytes(x: number[], len: number): Buffer {
    const out = Buffer.alloc(len)
    const nl = x.length
    let acc = 0
    let bits = 0
    let li = 0
    for (let p = len - 1; p >= 0; p--) {
        if (bits < 8) {
            if (li < nl) acc = acc | (x[li] << bits)
            li++
            bits += LIMB_BITS
        }
        out[p] = acc & 0xff
        acc = acc >>> 8
        bits -= 8
    }
    return out
}

/** Compare two limb arrays of equal length: -1, 0, 1 (variable time: public values only). */
export function cmp(a: number[], b: number[]): number {
    for (let i = a.length - 1; i >= 0; i--) {
        if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1
    }
    return 0
}

/**
 * r = a - n if a >= n, else a (a < 2n). Constant shape: the subtraction is always computed and the result
 * selected with a mask. `tmp` is scratch of the same length.
 */
export function condSub(r: number[], a: number[], n: number[], tmp: number[]) {
    const nl = n.length
    let c = 0
    for (let i = 0; i < nl; i++) {
        const t = a[i] - n[i] + c
        const lo = t & MASK
        tmp[i] = lo
        c = (t - lo) / BASE
    }
    // the final borrow c is 0 (a >= n: take the difference) or -1 (a < n: keep a): use it as the mask
    const mk = c | 0
    const mt = ~mk
    for (let i = 0; i < nl; i++) r[i] = (a[i] & mk) | (tmp[i] & mt)
}

/** Montgomery context for an odd modulus n. */
export class Mont {
    /** limb count */
    nl: number
    /** modulus limbs */
    n: number[]
    /** -n^-1 mod 2^22 */
    ni: number
    /** R^2 mod n (set by `init`) */
    rr: number[]
    /** byte length of n */
    byteLen: number
    /** bit length of n */
    bits: number
    /** scratch: Montgomery quotient digits */
    m: number[]
    /** scratch for condSub / step */
    t1: number[]
    t2: number[]
    /** index of the top non-zero limb of n */
    tn: number

    /** `nBuf`: big-endian odd modulus; `nl`: limb count (default limbsFor(bits)). Call `init()` next. */
    constructor(nBuf: Buffer, nl?: number) {
        const bits = bitLength(nBuf)
        if (bits < 64 || !(nBuf[nBuf.length - 1] & 1)) throw new Error("bignum: modulus must be odd")
        this.bits = bits
        this.byteLen = (bits + 7) >> 3
        const L = nl || limbsFor(bits)
        if (L < limbsFor(bits)) throw new Error("bignum: too few limbs")
        if (L > 187) throw new Error("bignum: modulus too large")
        this.nl = L
        this.n = fromBytes(nBuf, L)
        let tn = L - 1
        while (this.n[tn] === 0) tn--
        this.tn = tn
        // Newton iteration for n0^-1 mod 2^32 (each step doubles the correct low bits: 3, 6, 12, 24, 48)
        const n0 = this.n[0]
        let inv = n0
        for (let i = 0; i < 4; i++) inv = Math.imul(inv, 2 - Math.imul(n0, inv))
        this.ni = -inv & MASK
        this.m = zeros(L)
        this.t1 = zeros(L + 1)
        this.t2 = zeros(L + 1)
        this.rr = zeros(L)
    }

    /** Compute R^2 mod n. Cost about one or two squarings plus ~L/22 shift steps. */
    async init() {
        const L = this.nl
        const Lbits = LIMB_BITS * L
        // X_j = 2^(j + Lbits) mod n is the Montgomery form of 2^j; R^2 mod n = X_Lbits.
        // X_a is reached from 2^(bits-1) by shift-and-reduce steps (22 bits per step), then squarings
        // (X_a^2 = X_2a) and single-bit steps build X_Lbits from the remaining bits of Lbits.
        const nl2 = L * L
        let best = 0
        let bestCost = 1e12
        for (let s = 0; s < 6; s++) {
            const a = Lbits >> s
            const stepBits = a + Lbits - (this.bits - 1)
            const cost = Math.idiv(stepBits + 21, 22) * 8 * L + s * (nl2 + 10 * L)
            if (cost < bestCost) {
                bestCost = cost
                best = s
            }
        }
        const v = this.rr
        for (let i = 0; i < L; i++) v[i] = 0
        const top = this.bits - 1
        v[Math.idiv(top, LIMB_BITS)] = 1 << top % LIMB_BITS
        let todo = (Lbits >> best) + Lbits - top
        while (todo > 0) {
            const k = todo > LIMB_BITS ? LIMB_BITS : todo
            await this.shiftMod(v, k)
            todo -= k
        }
        for (let s = best - 1; s >= 0; s--) {
            await this.mul(v, v, v)
            if ((Lbits >> s) & 1) await this.shiftMod(v, 1)
        }
        // v < 2n here; make it canonical
        condSub(v, v, this.n, this.t1)
    }

    /**
     * v = v * 2^k mod n for v < 2n, 1 <= k <= 22. Quotient estimated from the top limbs in floating point
     * (off by at most one), then two masked conditional subtractions: no branch on the value of v or n.
     */
    async shiftMod(v: number[], k: number) {
        const L = this.nl
        const n = this.n
        const w = this.t2
        const pk = 1 << k
        let c = 0
        for (let i = 0; i < L; i++) {
            const t = v[i] * pk + c
            const lo = t & MASK
            w[i] = lo
            c = (t - lo) / BASE
        }
        w[L] = c
        const tn = this.tn
        const nf = n[tn] * BASE2 + n[tn - 1] * BASE + n[tn - 2]
        // w < 2n * 2^22 may reach limb tn + 2
        let wf = w[tn + 1] * BASE2 * BASE + w[tn] * BASE2 + w[tn - 1] * BASE + w[tn - 2]
        if (tn + 2 <= L) wf += w[tn + 2] * BASE2 * BASE2
        let q = Math.floor(wf / nf) - 1
        if (q < 0) q = 0
        c = 0
        for (let i = 0; i < L; i++) {
            const t = w[i] - q * n[i] + c
            const lo = t & MASK
            w[i] = lo
            c = (t - lo) / BASE
        }
        if (charge(4 * L)) await relax()
        // now 0 <= w < 3n (fits in L limbs since R > 4n)
        condSub(v, w, n, this.t1)
        condSub(v, v, n, this.t1)
        if (charge(6 * L)) await relax()
    }

    /**
     * r = a * b * R^-1 mod n (result < 2n for a, b < 2n). r may be the same array as a and/or b.
     * Product scanning (column by column) with the Montgomery digits interleaved (FIPS): column k sums
     * a[i]*b[k-i] and m[i]*n[k-i] in one double, then yields either the next digit m[k] (k < nl) or the
     * result limb r[k-nl].
     */
    async mul(r: number[], a: number[], b: number[]) {
        const L = this.nl
        const n = this.n
        const m = this.m
        const ni = this.ni
        let acc = 0
        let work = 0
        for (let k = 0; k < L; k++) {
            let i = 0
            let j = k
            while (i + 3 < k) {
                acc +=
                    a[i] * b[j] +
                    m[i] * n[j] +
                    a[i + 1] * b[j - 1] +
                    m[i + 1] * n[j - 1] +
                    a[i + 2] * b[j - 2] +
                    m[i + 2] * n[j - 2] +
                    a[i + 3] * b[j - 3] +
                    m[i + 3] * n[j - 3]
                i += 4
                j -= 4
            }
            while (i < k) {
                acc += a[i] * b[j] + m[i] * n[j]
                i++
                j--
            }
            acc += a[k] * b[0]
            const mk = Math.imul(acc & MASK, ni) & MASK
            m[k] = mk
            acc = (acc + mk * n[0]) / BASE
            work += 2 * k + 10
            if (work >= 800) {
                if (charge(work)) await relax()
                work = 0
            }
        }
        for (let k = L; k < 2 * L - 1; k++) {
            let i = k - L + 1
            let j = L - 1
            while (i + 3 < L) {
                acc +=
                    a[i] * b[j] +
                    m[i] * n[j] +
                    a[i + 1] * b[j - 1] +
                    m[i + 1] * n[j - 1] +
                    a[i + 2] * b[j - 2] +
                    m[i + 2] * n[j - 2] +
                    a[i + 3] * b[j - 3] +
                    m[i + 3] * n[j - 3]
                i += 4
                j -= 4
            }
            while (i < L) {
                acc += a[i] * b[j] + m[i] * n[j]
                i++
                j--
            }
            const lo = acc & MASK
            r[k - L] = lo
            acc = (acc - lo) / BASE
            work += 2 * (2 * L - k) + 10
            if (work >= 800) {
                if (charge(work)) await relax()
                work = 0
            }
        }
        r[L - 1] = acc
        if (charge(work)) await relax()
    }

    /** Convert a plain value x < n (limbs) to Montgomery form: x * R mod n (< 2n). */
    async toMont(r: number[], x: number[]) {
        await this.mul(r, x, this.rr)
    }

    /** Leave Montgomery form and reduce: r = x * R^-1 mod n, fully reduced (< n). */
    async fromMont(r: number[], x: number[]) {
        const one = this.t1
        for (let i = 0; i <= this.nl; i++) one[i] = 0
        one[0] = 1
        await this.mul(r, x, one)
        condSub(r, r, this.n, this.t1)
    }
}

/**
 * Public-exponent modular exponentiation: x^e mod n for x < n (limbs), e given as a big-endian byte string
 * (any size; 65537 costs 16 squarings and one multiply). Variable time in e (public). Result < n, in `r`.
 */
export async function powPublic(mt: Mont, r: number[], x: number[], e: Buffer) {
    const eb = bitLength(e)
    if (eb === 0) throw new Error("bignum: zero exponent")
    const xm = zeros(mt.nl)
    await mt.toMont(xm, x)
    const acc = zeros(mt.nl)
    for (let i = 0; i < mt.nl; i++) acc[i] = xm[i]
    // left to right over the bits below the top one; the final multiply uses the plain x so it also leaves
    // Montgomery form (x * R * y * R^-1 = x * y), saving one multiply.
    const base = e.length * 8 - eb // bit index (from the MSB of e[0]) of the top set bit
    for (let b = base + 1; b < e.length * 8; b++) {
        await mt.mul(acc, acc, acc)
        const bit = (e[b >> 3] >> (7 - (b & 7))) & 1
        if (bit) {
            if (b === e.length * 8 - 1) {
                await mt.mul(r, acc, x)
                condSub(r, r, mt.n, mt.t1)
                return
            }
            await mt.mul(acc, acc, xm)
        }
    }
    await mt.fromMont(r, acc)
}
