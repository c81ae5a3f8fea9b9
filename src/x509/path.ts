// Certification path validation (RFC 5280 6, simplified: no policies) for a server (or client) certificate.
//
// The peer sends a leaf and, usually, intermediates — possibly unordered, with extras, or with the root.
// verifyChain builds a path from the leaf to a certificate of the CA file (the trust anchors) by subject/issuer
// name, depth first, verifying each signature, and backtracks when a candidate fails. Checked on every path:
// - signatures (the anchor's own signature is not checked; SHA-1 signatures are refused),
// - validity of every certificate including the anchor against the clock (see time.ts: without a clock,
//   expiry is checked against TIME_FLOOR and notBefore is not checked),
// - issuers: basicConstraints cA (a v1 anchor without extensions is accepted as a CA), keyUsage keyCertSign
//   when keyUsage is present, pathLenConstraint, extendedKeyUsage (if present) including the purpose,
// - name constraints of every CA in the path over the certificates below it,
// - the leaf: extendedKeyUsage (if present) has the purpose (serverAuth) or anyExtendedKeyUsage, keyUsage (if
//   present) allows a TLS signature or key transport, and the host name (names.ts) when one is given,
// - at most MAX_PATH certificates including the anchor.
// A leaf that is byte-identical to a certificate of the CA file is trusted directly (a pinned self-signed
// server certificate); its validity, usage and host name are still checked.
import { charge, relax } from "../platform/budget"
import {
    Certificate,
    parseCertificate,
    EKU_F_ANY,
    EKU_F_SERVER,
    KU_DIGITAL_SIGNATURE,
    KU_KEY_AGREEMENT,
    KU_KEY_CERT_SIGN,
    KU_KEY_ENCIPHERMENT,
} from "./cert"
import {
    X509_OK,
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
import { checkNameConstraints, matchHost } from "./names"
import { verifySignature } from "./sig"
import { TIME_FLOOR, clockNow } from "./time"

/** longest path, leaf and anchor included */
export const MAX_PATH = 6
/** most certificates a peer may present */
export const MAX_PRESENTED = 10

export interface VerifyOptions {
    /** host name or IP literal to match; none: not checked */
    host?: string
    /** seconds since 1970; default clockNow() (-1: unknown) */
    now?: number
    /** EKU_F_SERVER (default) or EKU_F_CLIENT */
    purpose?: number
}

export class VerifyResult {
    err: number
    detail: string
    /** leaf .. anchor when err = 0 */
    path: Certificate[]
    constructor(err: number, detail: string, path: Certificate[]) {
        this.err = err
        this.detail = detail
        this.path = path
    }
    message(): string {
        return x509ErrorName(this.err) + (this.detail ? " (" + this.detail + ")" : "")
    }
}

/** Validity of one certificate: X509_OK, E_EXPIRED or E_NOT_YET_VALID. `now` < 0: unknown (see time.ts). */
export function checkTime(c: Certificate, now: number): number {
    if (now < TIME_FLOOR) {
        return c.notAfter < TIME_FLOOR ? E_EXPIRED : X509_OK
    }
    if (now > c.notAfter) return E_EXPIRED
    if (now < c.notBefore) return E_NOT_YET_VALID
    return X509_OK
}

/** Usage checks on an end-entity certificate for `purpose`. */
export function checkLeafUsage(c: Certificate, purpose: number): number {
    if (c.eku >= 0 && !(c.eku & (purpose | EKU_F_ANY))) return E_EKU
    if (c.keyUsage >= 0 && !(c.keyUsage & (KU_DIGITAL_SIGNATURE | KU_KEY_ENCIPHERMENT | KU_KEY_AGREEMENT))) return E_KEY_USAGE
    return X509_OK
}

class Ctx {
    anchors: Certificate[]
    pool: Certificate[]
    now: number
    purpose: number
    detail: string
    constructor(anchors: Certificate[], pool: Certificate[], now: number, purpose: number) {
        this.anchors = anchors
        this.pool = pool
        this.now = now
        this.purpose = purpose
        this.detail = ""
    }
}

/** The more informative of two failures: a specific reason beats "unknown issuer". */
function pick(best: number, err: number): number {
    return best === E_UNKNOWN_ISSUER ? err : best
}

/**
 * Can `ca` issue the last certificate of `path`? Checks everything but the signature. `anchor`: ca comes from
 * the CA file.
 */
async function issuerChecks(ctx: Ctx, ca: Certificate, path: Certificate[], anchor: boolean): Promise<number> {
    if (!(ca.hasBasicConstraints ? ca.isCA : anchor && ca.version === 1)) return E_NOT_CA
    if (ca.keyUsage >= 0 && !(ca.keyUsage & KU_KEY_CERT_SIGN)) return E_KEY_USAGE
    const t = checkTime(ca, ctx.now)
    if (t) return t
    if (ca.eku >= 0 && !(ca.eku & (ctx.purpose | EKU_F_ANY))) return E_EKU
    if (ca.pathLen >= 0) {
        // non-self-issued intermediates between ca and the leaf
        let n = 0
        for (let i = 1; i < path.length; i++) if (!path[i].selfIssued()) n++
        if (n > ca.pathLen) return E_PATHLEN
    }
    if (ca.hasNameConstraints()) {
        for (let i = 0; i < path.length; i++) {
            // RFC 5280 6.1.3 (b): the subject of a self-issued intermediate is not checked
            const r = await checkNameConstraints(ca, path[i], i > 0 && path[i].selfIssued())
            if (r) return r
        }
    }
    return X509_OK
}

async function signatureBy(c: Certificate, issuer: Certificate): Promise<number> {
    if (c.sigAlg.hash === "sha1") return E_UNSUPPORTED_ALG
    return await verifySignature(issuer.key, c.sigAlg, c.buf, c.tbsS, c.tbsE, c.buf, c.sigS, c.sigE)
}

async function extend(ctx: Ctx, path: Certificate[]): Promise<number> {
    const cur = path[path.length - 1]
    let best = E_UNKNOWN_ISSUER
    const anchors = ctx.anchors
    for (let i = 0; i < anchors.length; i++) {
        const a = anchors[i]
        if (charge(40)) await relax()
        if (!a.subjectIsIssuerOf(cur)) continue
        if (charge(1000)) await relax()
        let err = await issuerChecks(ctx, a, path, true)
        if (!err) err = await signatureBy(cur, a)
        if (!err) {
            path.push(a)
            return X509_OK
        }
        ctx.detail = "anchor " + i
        best = pick(best, err)
    }
    if (path.length + 1 >= MAX_PATH) {
        // one more intermediate plus an anchor would not fit
        for (let i = 0; i < ctx.pool.length; i++) if (ctx.pool[i].subjectIsIssuerOf(cur) && path.indexOf(ctx.pool[i]) < 0) return pick(best, E_CHAIN_TOO_LONG)
        return best
    }
    for (let i = 0; i < ctx.pool.length; i++) {
        const c = ctx.pool[i]
        if (charge(40)) await relax()
        if (!c.subjectIsIssuerOf(cur) || path.indexOf(c) >= 0) continue
        if (charge(1000)) await relax()
        // a presented copy of an anchor is the anchor (already tried above)
        let isAnchor = false
        for (let k = 0; k < anchors.length; k++) if (anchors[k].sameAs(c)) isAnchor = true
        if (isAnchor) continue
        let err = await issuerChecks(ctx, c, path, false)
        if (!err) err = await signatureBy(cur, c)
        if (err) {
            ctx.detail = "certificate " + (path.length) + " of the path"
            best = pick(best, err)
            continue
        }
        path.push(c)
        const r = await extend(ctx, path)
        if (!r) return X509_OK
        path.pop()
        best = pick(best, r)
        if (charge(50)) await relax()
    }
    return best
}

/**
 * Validates `leaf` with the intermediates `pool` (any order, extras allowed) against `anchors`.
 */
export async function verifyChain(leaf: Certificate, pool: Certificate[], anchors: Certificate[], opts?: VerifyOptions): Promise<VerifyResult> {
    if (!opts) opts = {}
    const now = opts.now === undefined ? clockNow() : opts.now
    const purpose = opts.purpose || EKU_F_SERVER
    if (!anchors.length) return new VerifyResult(E_EMPTY, "no CA certificate", undefined)
    let err = checkTime(leaf, now)
    if (err) return new VerifyResult(err, "leaf", undefined)
    err = checkLeafUsage(leaf, purpose)
    if (err) return new VerifyResult(err, "leaf", undefined)
    if (opts.host !== undefined) {
        if (charge(1000)) await relax()
        err = matchHost(leaf, opts.host)
        if (err) return new VerifyResult(err, opts.host, undefined)
    }
    for (let i = 0; i < anchors.length; i++) if (anchors[i].sameAs(leaf)) return new VerifyResult(X509_OK, "leaf is in the CA file", [leaf])
    const ctx = new Ctx(anchors, pool, now, purpose)
    const path = [leaf]
    err = await extend(ctx, path)
    if (err) return new VerifyResult(err, err === E_UNKNOWN_ISSUER ? "" : ctx.detail, undefined)
    return new VerifyResult(X509_OK, "", path)
}

/**
 * Parses the certificates a peer presented (DER, leaf first) and validates them. A leaf that does not parse
 * fails with its parse error; an intermediate that does not parse is ignored (a path may not need it), and
 * its error is reported if no path is found.
 */
export async function verifyPresented(ders: Buffer[], anchors: Certificate[], opts?: VerifyOptions): Promise<VerifyResult> {
    if (!ders.length) return new VerifyResult(E_EMPTY, "no certificate", undefined)
    if (ders.length > MAX_PRESENTED) return new VerifyResult(E_CHAIN_TOO_LONG, ders.length + " certificates presented", undefined)
    let leaf: Certificate
    try {
        leaf = await parseCertificate(ders[0])
    } catch (e) {
        return new VerifyResult(errorCode(e), "leaf: " + (e as Error).message, undefined)
    }
    const pool: Certificate[] = []
    let poolErr = 0
    let poolMsg = ""
    for (let i = 1; i < ders.length; i++) {
        try {
            pool.push(await parseCertificate(ders[i]))
        } catch (e) {
            if (!poolErr) {
                poolErr = errorCode(e)
                poolMsg = "certificate " + i + ": " + (e as Error).message
            }
        }
    }
    const r = await verifyChain(leaf, pool, anchors, opts)
    if (r.err === E_UNKNOWN_ISSUER && poolErr) return new VerifyResult(poolErr, poolMsg, undefined)
    return r
}

