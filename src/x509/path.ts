// Certification path validation (RFC 5280 6, simplified: no policies, no name constraints — a CA with a
// critical nameConstraints extension is refused at parse time) for a server (or client) certificate.
//
// The peer sends a leaf and, usually, intermediates — possibly unordered, with extras, or with the root.
// verifyPresented builds a path from the leaf to a certificate of the CA file (the trust anchors) by subject/issuer
// name, depth first, verifying each signature, and backtracks when a candidate fails. Checked on every path:
// - signatures (the anchor's own signature is not checked; SHA-1 signatures are refused),
// - validity of every certificate including the anchor against the clock (see time.ts: without a clock,
//   expiry is checked against TIME_FLOOR and notBefore is not checked),
// - issuers: basicConstraints cA (a v1 anchor without extensions is accepted as a CA), keyUsage keyCertSign
//   when keyUsage is present, pathLenConstraint, extendedKeyUsage (if present) including the purpose,
// - the leaf: extendedKeyUsage (if present) has the purpose (serverAuth) or anyExtendedKeyUsage, keyUsage (if
//   present) allows a TLS signature or key exchange, and the host name (names.ts) when one is given,
// - at most MAX_PATH certificates including the anchor.
// A leaf that is byte-identical to a certificate of the CA file is trusted directly (a pinned self-signed
// server certificate); its validity, usage and host name are still checked.
import { charge, relax } from "../platform/budget"
import { Certificate, parseCertificate, EKU_F_ANY, EKU_F_SERVER, KU_DIGITAL_SIGNATURE, KU_KEY_AGREEMENT, KU_KEY_CERT_SIGN, KU_KEY_ENCIPHERMENT } from "./cert"
import {
    E_EXPIRED,
    E_NOT_YET_VALID,
    E_UNKNOWN_ISSUER,
    E_NOT_CA,
    E_PATHLEN,
    E_KEY_USAGE,
    E_EKU,
    E_CHAIN_TOO_LONG,
    E_UNSUPPORTED_ALG,
    E_EMPTY,
    errorCode,
    x509ErrorName,
} from "./errors"
import { matchHost } from "./names"
import { verifySignature } from "./sig"
import { bytesEqual } from "./der"
import { TIME_FLOOR, clockNow } from "./time"

/** longest path, leaf and anchor included */
export const MAX_PATH = 6
/** most certificates a peer may present */
export const MAX_PRESENTED = 10

export interface VerifyOptions {
    /** host name or IPv4 literal to match; none: not checked */
    host?: string
    /** seconds since 1970; default clockNow() (-1: unknown) */
    now?: number
    /** EKU_F_SERVER (default) or EKU_F_CLIENT */
    purpose?: number
}

export interface VerifyResult {
    /** 0 or an E_* code (x509ErrorName) */
    err: number
    /** leaf .. anchor when err = 0 */
    path: Certificate[]
}

/** Validity of one certificate: 0, E_EXPIRED or E_NOT_YET_VALID. `now` below TIME_FLOOR: unknown (time.ts). */
export function checkTime(c: Certificate, now: number): number {
    return Math.max(now, TIME_FLOOR) > c.notAfter ? E_EXPIRED : +(now >= TIME_FLOOR) & +(now < c.notBefore) ? E_NOT_YET_VALID : 0
}

/** extendedKeyUsage and keyUsage of a CA (ca) or end-entity certificate for `purpose`: 0, E_EKU or E_KEY_USAGE. */
export function checkUsage(c: Certificate, purpose: number, ca: boolean): number {
    if (+(c.eku >= 0) & +!(c.eku & (purpose | EKU_F_ANY))) return E_EKU
    return +(c.keyUsage >= 0) & +!(c.keyUsage & (ca ? KU_KEY_CERT_SIGN : KU_DIGITAL_SIGNATURE | KU_KEY_ENCIPHERMENT | KU_KEY_AGREEMENT)) ? E_KEY_USAGE : 0
}

/** Is `c` (byte for byte) one of the anchors? */
function isAnchor(anchors: Certificate[], c: Certificate): boolean {
    for (const a of anchors) if (bytesEqual(a.buf, a.start, a.end, c.buf, c.start, c.end)) return true
    return false
}

/** Extends `path` to an anchor through `pool` (depth first, backtracking); 0 or the first failure's code. */
async function extend(path: Certificate[], pool: Certificate[], anchors: Certificate[], now: number, purpose: number): Promise<number> {
    const cur = path[path.length - 1]
    const na = anchors.length
    let best = E_UNKNOWN_ISSUER
    // anchors first, then the presented certificates
    for (let i = 0; i < na + pool.length; i++) {
        const anchor = i < na
        const c = anchor ? anchors[i] : pool[i - na]
        if (charge(40)) await relax()
        // c's subject is cur's issuer; a presented copy of an anchor is the anchor (tried first)
        if (+!bytesEqual(c.buf, c.subjectS, c.subjectE, cur.buf, cur.issuerS, cur.issuerE) | +(path.indexOf(c) >= 0) | +(!anchor && isAnchor(anchors, c))) continue
        // an intermediate here needs room for itself and an anchor; c must be a CA (a v1 anchor counts as one)
        let err =
            !anchor && path.length + 2 > MAX_PATH
                ? E_CHAIN_TOO_LONG
                : !(c.hasBC ? c.isCA : anchor && c.version === 1)
                ? E_NOT_CA
                : checkUsage(c, purpose, true) || checkTime(c, now)
        if (+!err & +(c.pathLen >= 0)) {
            // non-self-issued intermediates between c and the leaf
            let n = 0
            for (let k = 1; k < path.length; k++) {
                const p = path[k]
                if (!bytesEqual(p.buf, p.issuerS, p.issuerE, p.buf, p.subjectS, p.subjectE)) n++
            }
            if (n > c.pathLen) err = E_PATHLEN
        }
        if (!err) {
            if (charge(1000)) await relax()
            const a = cur.sigAlg
            err = a.hash === "sha1" ? E_UNSUPPORTED_ALG : await verifySignature(c.key, a, cur.buf, cur.tbsS, cur.tbsE, cur.buf, cur.sigS, cur.sigE)
        }
        if (!err) {
            path.push(c)
            if (anchor) return 0
            err = await extend(path, pool, anchors, now, purpose)
            if (!err) return 0
            path.pop()
        }
        if (best === E_UNKNOWN_ISSUER) best = err
    }
    return best
}

/**
 * Parses the certificates a peer presented (DER, leaf first) and validates the leaf with the others as
 * intermediates (any order, extras allowed) against `anchors`. A leaf that does not parse fails with its parse
 * error; an intermediate that does not parse is ignored (a path may not need it), and its error is reported if
 * no path is found.
 */
export async function verifyPresented(ders: Buffer[], anchors: Certificate[], opts: VerifyOptions): Promise<VerifyResult> {
    const now = opts.now === undefined ? clockNow() : opts.now
    const purpose = opts.purpose || EKU_F_SERVER
    const pool: Certificate[] = []
    const path: Certificate[] = []
    const n = ders.length
    let err = !n ? E_EMPTY : n > MAX_PRESENTED ? E_CHAIN_TOO_LONG : 0
    let perr = 0
    for (let i = 0; i < n && !err; i++) {
        try {
            ;(i ? pool : path).push(await parseCertificate(ders[i]))
        } catch (e) {
            if (!i) err = errorCode(e)
            else perr = perr || errorCode(e)
        }
    }
    const leaf = path[0]
    if (!err) err = anchors.length ? checkTime(leaf, now) || checkUsage(leaf, purpose, false) : E_EMPTY
    if (+!err & +(opts.host !== undefined)) err = await matchHost(leaf, opts.host)
    if (!(err || isAnchor(anchors, leaf))) err = await extend(path, pool, anchors, now, purpose)
    return { err: err === E_UNKNOWN_ISSUER && perr ? perr : err, path: err ? undefined : path }
}
