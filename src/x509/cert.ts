// X.509 v1/v3 certificates (RFC 5280), parsed into offsets over the caller's buffer: no field is copied.
//
// parseCertificate checks the whole DER structure first (der.ts), then reads the fields and rejects what path
// validation could not process safely: an unknown critical extension, a critical nameConstraints (name
// constraints are not evaluated: such a CA is refused rather than trusted beyond its constraints; a
// non-critical one is ignored), an unsupported key or signature algorithm, an RSA key outside 2048..4096 bits,
// an EC key other than an uncompressed P-256/P-384 point.
import { charge, relax } from "../platform/budget"
import { Der, T_BITSTRING, T_BOOLEAN, T_INTEGER, T_NULL, T_OCTETSTRING, T_OID, T_SEQUENCE, bytesEqual, derCheck, derErr } from "./der"
import { X509Error, E_FORMAT, E_UNSUPPORTED_ALG, E_CRITICAL_EXT, E_KEY_SIZE } from "./errors"
import { SIG_OIDS, SIG_RSA_PSS, KEY_ALGS, CURVES, EXTS, EKUS, PSS_PARAMS } from "./oids"
import { parseTime } from "./time"
import { PublicKey, SigAlg, KEY_RSA, KEY_EC } from "./sig"

// keyUsage bits as they sit in the first byte of the BIT STRING (RFC 5280 4.2.1.3 bit n = 0x80 >> n)
export const KU_DIGITAL_SIGNATURE = 0x80
export const KU_KEY_ENCIPHERMENT = 0x20
export const KU_KEY_AGREEMENT = 0x08
export const KU_KEY_CERT_SIGN = 0x04

// extendedKeyUsage flags (oids.ts EKUS)
export const EKU_F_SERVER = 1
export const EKU_F_CLIENT = 2
export const EKU_F_ANY = 4

export class Certificate {
    buf: Buffer
    /** the certificate's TLV is buf[start, end) */
    start: number
    end: number
    /** tbsCertificate TLV (the signed bytes) */
    tbsS: number
    tbsE: number
    /** 1, 2 or 3 */
    version: number
    /** serialNumber INTEGER content */
    serialS: number
    serialE: number
    sigAlg: SigAlg
    /** issuer and subject Name TLVs (compared byte for byte) */
    issuerS: number
    issuerE: number
    subjectS: number
    subjectE: number
    /** seconds since 1970 */
    notBefore: number
    notAfter: number
    key: PublicKey
    /** basicConstraints cA (false when the extension is absent) */
    isCA: boolean
    /** basicConstraints present */
    hasBC: boolean
    /** pathLenConstraint, -1 if none */
    pathLen: number
    /** the first byte of keyUsage (KU_* bits; later bits are not used), -1 if the extension is absent */
    keyUsage: number
    /** EKU_F_* mask (8 = another purpose), -1 if absent */
    eku: number
    /** subjectAltName GeneralNames content buf[sanS, sanE), sanS = -1 if absent */
    sanS: number
    sanE: number
    /** signature bytes (BIT STRING content after the unused-bits byte) */
    sigS: number
    sigE: number

    constructor(buf: Buffer) {
        this.buf = buf
        this.pathLen = this.keyUsage = this.eku = this.sanS = -1
    }
}

/**
 * The key AlgorithmIdentifier SEQUENCE at the cursor (of a subjectPublicKeyInfo or a PKCS#8 key): the curve
 * size (256, 384) of an EC key, 0 for RSA. Throws E_UNSUPPORTED_ALG for other algorithms and curves.
 */
export function keyAlgorithm(d: Der): number {
    d.into(T_SEQUENCE)
    d.next(T_OID)
    const alg = d.oid(KEY_ALGS)
    let curve = 0
    if (alg === 2) {
        d.next(T_OID)
        curve = d.oid(CURVES) * 128 + 128
        if (curve < 256) throw new X509Error(E_UNSUPPORTED_ALG, "curve")
    } else if (!alg) throw new X509Error(E_UNSUPPORTED_ALG, "key")
    else if (d.more()) d.next(T_NULL)
    d.out()
    return curve
}

/** Reads the subjectPublicKeyInfo SEQUENCE at the cursor. */
function publicKey(d: Der): PublicKey {
    const b = d.b
    d.into(T_SEQUENCE)
    const curve = keyAlgorithm(d)
    d.next(T_BITSTRING)
    const ks = d.vs + 1
    const ke = d.ve
    if (ke <= ks || b[d.vs]) throw derErr()
    d.out()
    if (curve) {
        if (b[ks] !== 4 || ke - ks !== 1 + (curve >> 2)) throw new X509Error(E_KEY_SIZE, "EC point")
        return new PublicKey(KEY_EC, b, ks, ke, 0, 0, curve, curve)
    }
    // RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }
    d.sub(ks, ke)
    d.into(T_SEQUENCE)
    d.next(T_INTEGER)
    const na = d.posInt()
    const ne = d.ve
    d.next(T_INTEGER)
    const ea = d.posInt()
    const ee = d.ve
    d.out()
    d.out()
    let bits = (ne - na - 1) * 8
    for (let top = b[na]; top; top >>= 1) bits++
    if (bits < 2048 || bits > 4096) throw new X509Error(E_KEY_SIZE, "RSA " + bits)
    if (ee - ea > 8 || !(b[ee - 1] & 1) || (ee - ea === 1 && b[ea] < 3)) throw new X509Error(E_FORMAT, "RSA exponent")
    return new PublicKey(KEY_RSA, b, na, ne, ea, ee, 0, bits)
}

/** The signature AlgorithmIdentifier SEQUENCE at the cursor. */
function sigAlgorithm(d: Der): SigAlg {
    d.into(T_SEQUENCE)
    d.next(T_OID)
    const id = d.oid(SIG_OIDS)
    if (!id) throw new X509Error(E_UNSUPPORTED_ALG, "signature")
    let hash: string = null
    let salt = -1
    if (id === SIG_RSA_PSS) {
        // only the canonical parameter sets (oids.ts PSS_PARAMS); salt = hash length
        d.next(T_SEQUENCE)
        const h = d.oid(PSS_PARAMS)
        if (!h) throw new X509Error(E_UNSUPPORTED_ALG, "PSS parameters")
        hash = "sha" + (128 + 128 * h)
        salt = 16 + 16 * h
    } else if (id < SIG_RSA_PSS && d.more()) {
        // RSA: NULL parameters (or absent); ECDSA: absent
        d.next(T_NULL)
        if (d.vs !== d.ve) throw derErr()
    }
    d.out()
    return new SigAlg(id, hash, salt)
}

/** Reads the Extension SEQUENCE at the cursor into c; returns its EXTS number (0: unknown). */
async function extension(d: Der, c: Certificate): Promise<number> {
    const b = d.b
    d.into(T_SEQUENCE)
    d.next(T_OID)
    const x = d.oid(EXTS)
    let critical = false
    if (d.peek() === T_BOOLEAN) {
        d.next(T_BOOLEAN)
        critical = d.bool()
    }
    d.into(T_OCTETSTRING)
    await derCheck(b, d.p, d.end)
    if (x === 1) {
        // basicConstraints ::= SEQUENCE { cA BOOLEAN DEFAULT FALSE, pathLenConstraint INTEGER OPTIONAL }
        c.hasBC = true
        d.into(T_SEQUENCE)
        if (d.peek() === T_BOOLEAN) {
            d.next(T_BOOLEAN)
            c.isCA = d.bool()
        }
        if (d.more()) {
            d.next(T_INTEGER)
            c.pathLen = d.int()
        }
        d.out()
    } else if (x === 2) {
        // keyUsage BIT STRING: unused-bits count, then bits 0..7 in the first byte
        d.next(T_BITSTRING)
        const n = d.ve - d.vs
        if (n < 1 || b[d.vs] > 7) throw derErr()
        c.keyUsage = n > 1 ? b[d.vs + 1] : 0
    } else if (x === 3) {
        // extendedKeyUsage ::= SEQUENCE SIZE (1..MAX) OF KeyPurposeId
        d.into(T_SEQUENCE)
        c.eku = 0
        if (!d.more()) throw derErr()
        while (d.more()) {
            d.next(T_OID)
            c.eku |= d.oid(EKUS) || 8
        }
        d.out()
    } else if (x === 4) {
        // subjectAltName ::= GeneralNames, at least one (structure checked by derCheck; names.ts reads the
        // dNSName and iPAddress entries and ignores the others)
        d.next(T_SEQUENCE)
        c.sanS = d.vs
        c.sanE = d.ve
        if (d.vs === d.ve) throw derErr()
    } else {
        // unknown, or nameConstraints (x = 5): not evaluated, so a critical one is refused
        if (critical && x < 6) throw new X509Error(E_CRITICAL_EXT, x ? "nameConstraints" : "unknown extension")
        d.p = d.end
    }
    d.out()
    d.out()
    return x
}

/**
 * Parses the certificate whose DER is buf[start, end) (default: all of buf; the element must fill it).
 * Throws X509Error.
 */
export async function parseCertificate(buf: Buffer, start?: number, end?: number): Promise<Certificate> {
    if (start === undefined) start = 0
    if (end === undefined) end = buf.length
    // the field reads below (besides derCheck's own charges)
    if (charge(400)) await relax()
    await derCheck(buf, start, end)
    const d = new Der(buf, start, end)
    const c = new Certificate(buf)
    c.start = start
    c.end = end
    d.into(T_SEQUENCE)
    c.tbsS = d.p
    d.into(T_SEQUENCE)
    c.tbsE = d.end
    // version [0] EXPLICIT INTEGER DEFAULT v1
    let v = 0
    if (d.peek() === 0xa0) {
        d.into(0xa0)
        d.next(T_INTEGER)
        v = d.int()
        d.out()
        if (v > 2) throw new X509Error(E_FORMAT, "version")
    }
    c.version = v + 1
    c.serialS = d.next(T_INTEGER)
    c.serialE = d.ve
    if (c.serialE === c.serialS || c.serialE - c.serialS > 21) throw new X509Error(E_FORMAT, "serial")
    d.next(T_SEQUENCE)
    const algS = d.hs
    const algE = d.ve
    d.next(T_SEQUENCE)
    c.issuerS = d.hs
    c.issuerE = d.ve
    d.into(T_SEQUENCE)
    d.any()
    c.notBefore = parseTime(buf, d.t, d.vs, d.ve)
    d.any()
    c.notAfter = parseTime(buf, d.t, d.vs, d.ve)
    d.out()
    d.next(T_SEQUENCE)
    c.subjectS = d.hs
    c.subjectE = d.ve
    c.key = publicKey(d)
    // issuerUniqueID [1], subjectUniqueID [2] (v2+), extensions [3] (v3)
    while (d.peek() === 0x81 || d.peek() === 0x82) {
        if (v < 1) throw derErr()
        d.any()
    }
    if (d.more()) {
        if (v < 2) throw derErr()
        d.into(0xa3)
        d.into(T_SEQUENCE)
        let seen = 0
        if (!d.more()) throw derErr()
        while (d.more()) {
            const x = 1 << (await extension(d, c))
            if (seen & x & ~1) throw new X509Error(E_FORMAT, "duplicate extension")
            seen |= x
            if (charge(60)) await relax()
        }
        d.out()
        d.out()
    }
    d.out()
    // signatureAlgorithm: the same bytes as in tbsCertificate
    d.next(T_SEQUENCE)
    if (!bytesEqual(buf, algS, algE, buf, d.hs, d.ve)) throw new X509Error(E_FORMAT, "signature algorithm mismatch")
    d.p = d.hs
    c.sigAlg = sigAlgorithm(d)
    c.sigS = d.next(T_BITSTRING) + 1
    c.sigE = d.ve
    if (c.sigE <= c.sigS || buf[c.sigS - 1]) throw derErr()
    d.out()
    if (d.p !== end) throw derErr()
    return c
}

/**
 * Parses every certificate of `der`, a concatenation of DER certificates (a bundle kept as DER), appending
 * them to `out` (default: a new array), which is returned. Throws X509Error on the first bad one.
 */
export async function parseCertificates(der: Buffer, out?: Certificate[]): Promise<Certificate[]> {
    if (!out) out = []
    const d = new Der(der, 0, der.length)
    if (!der.length) throw derErr()
    while (d.more()) {
        d.next(T_SEQUENCE)
        out.push(await parseCertificate(der, d.hs, d.ve))
    }
    return out
}

/** The first commonName (2.5.4.3) of the Name TLV buf[s, e), "" if none. For diagnostics. */
export function commonName(buf: Buffer, s: number, e: number): string {
    // AttributeTypeAndValue ::= SEQUENCE { 06 03 55 04 03, value }: find the OID bytes, read the value after it
    for (let i = s; i + 7 < e; i++) {
        if (buf[i] === 6 && buf[i + 1] === 3 && buf[i + 2] === 0x55 && buf[i + 3] === 4 && buf[i + 4] === 3) {
            const d = new Der(buf, i + 5, e)
            try {
                d.any()
                return buf.slice(d.vs, d.ve).toString()
            } catch (x) {}
        }
    }
    return ""
}
