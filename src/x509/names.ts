// Host name matching (RFC 6125) and name constraints (RFC 5280 4.2.1.10) over subjectAltName entries.
//
// Host names are matched against the dNSName entries of subjectAltName only; an IPv4 literal against the
// iPAddress entries only (IPv6 literals are not supported: they never match, E_HOSTNAME). The subject common name is never used (RFC 6125 6.4.4 allows it only without
// any subjectAltName; sslat refuses such certificates with E_NO_SAN, as current browsers do).
// Wildcards: "*" only as the whole left-most label ("*.example.com"), matching exactly one non-empty label,
// never a partial label ("f*.example.com"), never with fewer than two labels after it ("*.com"), never for an
// IP address. Comparison is ASCII case-insensitive; a trailing dot on either side is ignored.
import { charge, relax } from "../platform/budget"
import { DerReader, T_SEQUENCE } from "./der"
import { Certificate, GN_DNS, GN_IP, GN_DIRECTORY } from "./cert"
import { X509_OK, E_HOSTNAME, E_NO_SAN, E_NAME_CONSTRAINTS } from "./errors"

const DOT = 0x2e
const STAR = 0x2a

/**
 * Lower-cased host bytes without a trailing dot; undefined unless the name is letters, digits, '-' and '_'
 * in non-empty dot-separated labels.
 */
function hostBytes(host: string): Buffer {
    const b = Buffer.from(host)
    let n = b.length
    if (n && b[n - 1] === DOT) n--
    const out = Buffer.alloc(n)
    let label = 0
    for (let i = 0; i < n; i++) {
        let c = b[i]
        if (c >= 0x41 && c <= 0x5a) c += 32
        if (c === DOT) {
            if (!label) return undefined
            label = 0
        } else if ((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x5f) label++
        else return undefined
        out[i] = c
    }
    return n && label ? out : undefined
}

/** a[as, as+n) equals lower-cased b[bs, bs+n), case-insensitively (a is already lower case) */
function eqIcase(a: Buffer, as: number, b: Buffer, bs: number, n: number): boolean {
    for (let k = 0; k < n; k++) {
        let c = b[bs + k]
        if (c >= 0x41 && c <= 0x5a) c += 32
        if (a[as + k] !== c) return false
    }
    return true
}

/** Parses an IPv4 literal ("a.b.c.d", decimal, no leading zeros); undefined if it is not one. */
export function parseIp(host: string): Buffer {
    const b = Buffer.from(host)
    const out = Buffer.alloc(4)
    let n = 0
    let v = 0
    let digits = 0
    for (let i = 0; i <= b.length; i++) {
        const c = i < b.length ? b[i] : DOT
        if (c === DOT) {
            if (!digits || n > 3 || v > 255 || (digits > 1 && b[i - digits] === 0x30)) return undefined
            out[n++] = v
            v = 0
            digits = 0
        } else if (c >= 0x30 && c <= 0x39 && digits < 3) {
            v = v * 10 + c - 48
            digits++
        } else return undefined
    }
    return n === 4 ? out : undefined
}

/** Does the dNSName buf[s, e) match the lower-cased host h (no trailing dot)? */
function dnsMatches(h: Buffer, buf: Buffer, s: number, e: number): boolean {
    if (e > s && buf[e - 1] === DOT) e--
    const n = e - s
    if (n < 1) return false
    if (buf[s] === STAR) {
        // "*." + at least two labels
        if (n < 4 || buf[s + 1] !== DOT) return false
        const rest = buf.indexOf(DOT, s + 2, e)
        if (rest < 0 || rest === s + 2 || rest === e - 1) return false
        const hd = h.indexOf(DOT)
        if (hd < 1) return false
        // host's remainder (from its first dot) equals the pattern's remainder (from its first dot)
        const m = n - 1
        if (h.length - hd !== m) return false
        return eqIcase(h, hd, buf, s + 1, m)
    }
    if (buf.indexOf(STAR, s, e) >= 0) return false
    return h.length === n && eqIcase(h, 0, buf, s, n)
}

/**
 * Checks the certificate's subjectAltName against `host` (a DNS name or an IP literal).
 * Returns X509_OK, E_NO_SAN or E_HOSTNAME.
 */
export function matchHost(c: Certificate, host: string): number {
    if (c.sanS < 0) return E_NO_SAN
    const ip = parseIp(host)
    const h = ip ? undefined : hostBytes(host)
    if (!ip && !h) return E_HOSTNAME
    const d = new DerReader(c.buf)
    let p = c.sanS
    while (p < c.sanE) {
        p = d.head(p, c.sanE)
        if (ip) {
            if (d.tag === GN_IP && d.ve - d.vs === ip.length && sameAt(ip, c.buf, d.vs)) return X509_OK
        } else if (d.tag === GN_DNS && dnsMatches(h, c.buf, d.vs, d.ve)) return X509_OK
    }
    return E_HOSTNAME
}

function sameAt(a: Buffer, b: Buffer, bs: number): boolean {
    for (let k = 0; k < a.length; k++) if (a[k] !== b[bs + k]) return false
    return true
}

// ---- name constraints ----

/**
 * dNSName `name` buf[ns, ne) is within constraint buf2[cs, ce): equal, or a subdomain of it ("example.com"
 * covers "a.example.com"; ".example.com" covers only subdomains). An empty constraint covers everything.
 */
function dnsWithin(buf: Buffer, ns: number, ne: number, cb: Buffer, cs: number, ce: number): boolean {
    if (ne > ns && buf[ne - 1] === DOT) ne--
    if (ce > cs && cb[ce - 1] === DOT) ce--
    const cn = ce - cs
    const nn = ne - ns
    if (cn === 0) return true
    if (nn < cn) return false
    if (!eqIcaseBoth(buf, ne - cn, cb, cs, cn)) return false
    if (nn === cn) return cb[cs] !== DOT
    return cb[cs] === DOT || buf[ne - cn - 1] === DOT
}

function eqIcaseBoth(a: Buffer, as: number, b: Buffer, bs: number, n: number): boolean {
    for (let k = 0; k < n; k++) {
        let x = a[as + k]
        let y = b[bs + k]
        if (x >= 0x41 && x <= 0x5a) x += 32
        if (y >= 0x41 && y <= 0x5a) y += 32
        if (x !== y) return false
    }
    return true
}

/** A wildcard dNSName "*.d" could name a host inside the excluded constraint c: c is d or below d. */
function wildcardReaches(buf: Buffer, ns: number, ne: number, cb: Buffer, cs: number, ce: number): boolean {
    if (ne - ns < 3 || buf[ns] !== STAR || buf[ns + 1] !== DOT) return false
    // constraint within the wildcard's base domain (ns+2 ..)
    return dnsWithin(cb, cs, ce, buf, ns + 2, ne) || dnsWithin(cb, cs + (cb[cs] === DOT ? 1 : 0), ce, buf, ns + 2, ne)
}

/** iPAddress buf[ns, ns+len) within constraint address/mask cb[cs, cs+2*len) */
function ipWithin(buf: Buffer, ns: number, len: number, cb: Buffer, cs: number, cl: number): boolean {
    if (cl !== 2 * len) return false
    for (let k = 0; k < len; k++) {
        const m = cb[cs + len + k]
        if ((buf[ns + k] & m) !== (cb[cs + k] & m)) return false
    }
    return true
}

/** Name TLV buf[ns, ne) has the RDNs of the constraint Name TLV cb[cs, ce) as a prefix */
function dirWithin(buf: Buffer, ns: number, ne: number, cb: Buffer, cs: number, ce: number): boolean {
    const d = new DerReader(buf)
    const cd = new DerReader(cb)
    cd.expect(cs, ce, T_SEQUENCE)
    const cvs = cd.vs
    const cve = cd.ve
    d.expect(ns, ne, T_SEQUENCE)
    const nvs = d.vs
    const nve = d.ve
    const len = cve - cvs
    if (len === 0) return true
    if (nve - nvs < len) return false
    for (let k = 0; k < len; k++) if (buf[nvs + k] !== cb[cvs + k]) return false
    if (nvs + len === nve) return true
    // the prefix must end on an RDN boundary
    let p = nvs
    while (p < nvs + len) p = d.head(p, nve)
    return p === nvs + len
}

/**
 * Checks certificate `c` (its subject unless `skipSubject`, and its subjectAltName dNSName/iPAddress/
 * directoryName entries) against the name constraints of CA certificate `ca`. Returns X509_OK or
 * E_NAME_CONSTRAINTS.
 */
export async function checkNameConstraints(ca: Certificate, c: Certificate, skipSubject: boolean): Promise<number> {
    // subject (directoryName), unless empty
    if (!skipSubject && c.subjectE - c.subjectS > 2) {
        if (!nameAllowed(ca, GN_DIRECTORY, c.buf, c.subjectS, c.subjectE)) return E_NAME_CONSTRAINTS
    }
    if (c.sanS >= 0) {
        const d = new DerReader(c.buf)
        let p = c.sanS
        while (p < c.sanE) {
            p = d.head(p, c.sanE)
            const t = d.tag
            if (charge(300)) await relax()
            if ((t === GN_DNS || t === GN_IP || t === GN_DIRECTORY) && !nameAllowed(ca, t, c.buf, d.vs, d.ve)) return E_NAME_CONSTRAINTS
        }
    }
    return X509_OK
}

/** One name of type t at buf[s, e) against ca's permitted and excluded subtrees. */
function nameAllowed(ca: Certificate, t: number, buf: Buffer, s: number, e: number): boolean {
    // excluded: any match → refused
    if (ca.ncExclS >= 0 && inSubtrees(ca, false, t, buf, s, e) === 1) return false
    // permitted: if there is a subtree of this type, the name must be in one of them
    if (ca.ncPermS >= 0 && inSubtrees(ca, true, t, buf, s, e) === 0) return false
    return true
}

/**
 * Walks ca's permitted (or excluded) GeneralSubtrees: returns 1 if the name buf[s, e) of type t is within a
 * subtree of its type, 0 if there are subtrees of its type but none contains it, -1 if there is none of its type.
 */
function inSubtrees(ca: Certificate, permitted: boolean, t: number, buf: Buffer, s: number, e: number): number {
    const cb = ca.buf
    const cd = new DerReader(cb)
    const se = permitted ? ca.ncPermE : ca.ncExclE
    let p = permitted ? ca.ncPermS : ca.ncExclS
    let any = -1
    while (p < se) {
        const te = cd.expect(p, se, T_SEQUENCE)
        cd.head(cd.vs, te)
        if (cd.tag === t) {
            if (any < 0) any = 0
            const bs = cd.vs
            const be = cd.ve
            let hit = false
            if (t === GN_DNS) hit = dnsWithin(buf, s, e, cb, bs, be) || (!permitted && wildcardReaches(buf, s, e, cb, bs, be))
            else if (t === GN_IP) hit = ipWithin(buf, s, e - s, cb, bs, be - bs)
            else hit = dirWithin(buf, s, e, cb, bs, be)
            if (hit) return 1
        }
        p = te
    }
    return any
}
