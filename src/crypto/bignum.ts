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

/** A zero-filled limb array, allocated once (no push growth: writing the last slot first sizes it). */
export function zeros(nl: number): number[] {
    const r: number[] = []
    if (nl > 0) r[nl - 1] = 0
    for (let i = 0; i < nl - 1; i++) r[i] = 0
    return r
}

/**
 * Big-endian bytes -> `nl` little-endian 22-bit limbs (written into `out` if given). Throws if the value does
 * not fit in nl limbs. Synchronous: ~30 opcodes per byte, callers charge ~2 budget units per byte.
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

/** Limbs -> big-endian byte string of exactly `len` bytes (the value must fit). ~2 budget units per byte. */
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
    /** 2n (for lazy modular subtraction) */
    n2: number[]

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
        this.n2 = zeros(L)
        let c2 = 0
        for (let i = 0; i < L; i++) {
            const t = this.n[i] * 2 + c2
            this.n2[i] = t & MASK
            c2 = t >> LIMB_BITS
        }
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

    /** Compute R^2 mod n: shift-and-reduce steps from 2^(bits-1), ~2L*22/24 one-pass steps of L limbs. */
    async init() {
        const L = this.nl
        // the constructor's conversions and allocations (~12 units per limb) are charged here
        if (charge(12 * L)) await relax()
        const v = this.rr
        for (let i = 0; i < L; i++) v[i] = 0
        const top = this.bits - 1
        v[Math.idiv(top, LIMB_BITS)] = 1 << top % LIMB_BITS
        let todo = 2 * LIMB_BITS * L - top
        while (todo > 0) {
            const k = todo > 24 ? 24 : todo
            await this.shiftMod(v, k)
            todo -= k
        }
        // v < 2n here; make it canonical
        condSub(v, v, this.n, this.t1)
    }

    /**
     * v = v * 2^k mod n, only partially reduced: v < 2n in and out, 1 <= k <= 24. One pass: the quotient is
     * estimated in floating point from the top limbs and deliberately rounded down by a margin larger than the
     * estimate's error, so it is the true quotient or one less and the result stays in [0, 2n). No branch on
     * the value of v or n.
     */
    async shiftMod(v: number[], k: number) {
        const L = this.nl
        const n = this.n
        const tn = this.tn
        const pk = 1 << k
        // v < 2n can reach limb tn + 1 (if it exists)
        let vf = v[tn] * BASE2 + v[tn - 1] * BASE + v[tn - 2]
        if (tn + 1 < L) vf += v[tn + 1] * BASE2 * BASE
        const nf = n[tn] * BASE2 + n[tn - 1] * BASE + n[tn - 2]
        // the top-limb truncation errs by < 3/nf relative (nf >= 2^44): q errs by < 3 * 2^(k-44) <= 2^-18.4
        // for k <= 24; the margin 2^-16 makes the estimate never exceed the true quotient and at most one below
        let q = Math.floor((vf * pk) / nf - 0.0000152587890625)
        q = q & ~(q >> 31) // clamp -1 to 0 without a branch
        let c = 0
        for (let i = 0; i < L; i++) {
            const t = v[i] * pk - q * n[i] + c
            const lo = t & MASK
            v[i] = lo
            c = (t - lo) / BASE
        }
        if (charge(2 * L)) await relax()
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
        for (let k = 0; k < 2 * L - 1; k++) {
            // column k: i in [lo, end), j = k - i; for k < L the i = k term of a*b is added below and the
            // m[k] * n[0] term once m[k] is known
            let i = k < L ? 0 : k - L + 1
            const end = k < L ? k : L
            let j = k - i
            while (i + 3 < end) {
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
            while (i < end) {
                acc += a[i] * b[j] + m[i] * n[j]
                i++
                j--
            }
            if (k < L) {
                acc += a[k] * b[0]
                const mk = Math.imul(acc & MASK, ni) & MASK
                m[k] = mk
                acc = (acc + mk * n[0]) / BASE
            } else {
                const lo = acc & MASK
                r[k - L] = lo
                acc = (acc - lo) / BASE
            }
            work += 2 * end + 10
            if (work >= 800) {
                if (charge(work)) await relax()
                work = 0
            }
        }
        r[L - 1] = acc
        if (charge(work)) await relax()
    }

    /**
     * r = a^2 * R^-1 mod n (result < 2n for a < 2n); r may be a. Same column scheme as `mul`, but each
     * column walks only the pairs i < j = k - i: acc += 2a[i]*a[j] + m[i]*n[j] + m[j]*n[i] (three products
     * per step instead of four, half the loop overhead), plus the diagonal term for even k.
     */
    async sqr(r: number[], a: number[]) {
        const L = this.nl
        const n = this.n
        const m = this.m
        const ni = this.ni
        const a2 = this.t2
        for (let i = 0; i < L; i++) a2[i] = a[i] + a[i]
        let acc = a[0] * a[0]
        let mk = Math.imul(acc & MASK, ni) & MASK
        m[0] = mk
        acc = (acc + mk * n[0]) / BASE
        let work = 2 * L
        for (let k = 1; k < 2 * L - 1; k++) {
            // pairs i < j = k - i with i >= lo; for k < L the i = 0 pair is added below (m[k] is not known yet)
            let i = k < L ? 1 : k - L + 1
            let j = k - i
            const e = (k - 1) >> 1
            while (i + 3 <= e) {
                acc +=
                    a2[i] * a[j] +
                    m[i] * n[j] +
                    m[j] * n[i] +
                    a2[i + 1] * a[j - 1] +
                    m[i + 1] * n[j - 1] +
                    m[j - 1] * n[i + 1] +
                    a2[i + 2] * a[j - 2] +
                    m[i + 2] * n[j - 2] +
                    m[j - 2] * n[i + 2] +
                    a2[i + 3] * a[j - 3] +
                    m[i + 3] * n[j - 3] +
                    m[j - 3] * n[i + 3]
                i += 4
                j -= 4
            }
            while (i <= e) {
                acc += a2[i] * a[j] + m[i] * n[j] + m[j] * n[i]
                i++
                j--
            }
            if ((k & 1) === 0) {
                const h = k >> 1
                acc += a[h] * a[h] + m[h] * n[h]
            }
            if (k < L) {
                acc += a2[0] * a[k] + m[0] * n[k]
                mk = Math.imul(acc & MASK, ni) & MASK
                m[k] = mk
                acc = (acc + mk * n[0]) / BASE
            } else {
                const lo = acc & MASK
                r[k - L] = lo
                acc = (acc - lo) / BASE
            }
            work += 2 * e + 10
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
 * r = a - b mod n, lazily reduced: a, b < 2n give r < 2n (a - b + 2n, minus 2n when that is >= 2n).
 * Constant shape. r may alias a or b.
 */
export function subMod(mt: Mont, r: number[], a: number[], b: number[]) {
    const L = mt.nl
    const n2 = mt.n2
    let c = 0
    for (let i = 0; i < L; i++) {
        const t = a[i] - b[i] + n2[i] + c
        const lo = t & MASK
        r[i] = lo
        c = (t - lo) / BASE
    }
    condSub(r, r, n2, mt.t1)
}

/**
 * Plain product r = a * b (r has a.length + b.length limbs, normalized). Row by row with an exact carry;
 * used once per CRT recombination.
 */
export async function mulPlain(r: number[], a: number[], b: number[]) {
    const la = a.length
    const lb = b.length
    for (let i = 0; i < la + lb; i++) r[i] = 0
    for (let i = 0; i < la; i++) {
        const ai = a[i]
        let c = 0
        for (let j = 0; j < lb; j++) {
            const t = r[i + j] + ai * b[j] + c
            const lo = t & MASK
            r[i + j] = lo
            c = (t - lo) / BASE
        }
        r[i + lb] = c
        if (charge(2 * lb + 10)) await relax()
    }
}

/** r = a + b for normalized limb arrays (r, a at least as long as b; the final carry must fit). */
export function addTo(r: number[], b: number[]) {
    let c = 0
    for (let i = 0; i < r.length; i++) {
        const t = r[i] + (i < b.length ? b[i] : 0) + c
        const lo = t & MASK
        r[i] = lo
        c = (t - lo) / BASE
    }
}

/**
 * Secret-exponent modular exponentiation in Montgomery form: r = x^e (x and r in Montgomery form, < 2n).
 * Fixed 4-bit windows over `ebits` bits (a public bound, e.g. the bit length of the modulus), so the
 * sequence of squarings and multiplies does not depend on e; each window's table entry is read with a
 * constant-time masked scan over all 16 entries. The table (16 * nl numbers) is allocated per call.
 */
export async function powSecret(mt: Mont, r: number[], x: number[], e: Buffer, ebits: number) {
    const L = mt.nl
    const tab = zeros(16 * L)
    // tab[0] = Montgomery 1 = R mod n, tab[1] = x, tab[i] = tab[i-1] * x
    const t = zeros(L)
    t[0] = 1
    await mt.mul(t, mt.rr, t)
    for (let i = 0; i < L; i++) tab[i] = t[i]
    for (let i = 0; i < L; i++) {
        tab[L + i] = x[i]
        t[i] = x[i]
    }
    for (let w = 2; w < 16; w++) {
        // t holds tab[w-1]
        await mt.mul(t, t, x)
        const o = w * L
        for (let i = 0; i < L; i++) tab[o + i] = t[i]
    }
    const nw = (ebits + 3) >> 2
    const elen = e.length
    for (let wi = nw - 1; wi >= 0; wi--) {
        if (wi !== nw - 1) {
            await mt.sqr(r, r)
            await mt.sqr(r, r)
            await mt.sqr(r, r)
            await mt.sqr(r, r)
        }
        // window value (nibble wi of e, counted from the least significant end)
        const bi = wi >> 1
        const byte = bi < elen ? e[elen - 1 - bi] : 0
        const w = wi & 1 ? byte >> 4 : byte & 15
        // constant-time select of tab[w] into t
        for (let i = 0; i < L; i++) t[i] = 0
        let base = 0
        for (let k = 0; k < 16; k++) {
            const mk = ((k ^ w) - 1) >> 31 // -1 when k === w, else 0
            for (let i = 0; i < L; i++) t[i] = t[i] | (tab[base + i] & mk)
            base += L
        }
        if (charge(40 * L)) await relax()
        if (wi === nw - 1) for (let i = 0; i < L; i++) r[i] = t[i]
        else await mt.mul(r, r, t)
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
        await mt.sqr(acc, acc)
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
