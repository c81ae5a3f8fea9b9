// X.509 v1/v3 certificates (RFC 5280), parsed into offsets over the caller's buffer: no field is copied.
//
// parseCertificate checks the whole DER structure first (der.ts), then reads the fields in one pass and rejects what path
// validation could not process safely: an unknown critical extension, a critical nameConstraints (name
// constraints are not evaluated: such a CA is refused rather than trusted beyond its constraints; a
// non-critical one is ignored), an unsupported key or signature algorithm, an RSA key outside 2048..4096 bits,
// an EC key other than an uncompressed P-256/P-384 point.
import { charge, relax } from "../platform/budget"
import { T_BITSTRING, T_BOOLEAN, T_INTEGER, T_NULL, T_OCTETSTRING, T_OID, T_SEQUENCE, bytesEqual, derCheck, open, pause, any, next, into, sub, out, skip, B, oid, posInt, bool, P, END, T, HS, VS, VE } from "./der"
import { E_DER, E_FORMAT, E_UNSUPPORTED_ALG, E_CRITICAL_EXT, E_KEY_SIZE } from "./errors"
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

/** A certificate; it is also its subjectPublicKeyInfo's PublicKey (sig.ts; key === the certificate). */
export class Certificate implements PublicKey {
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
    /** the certificate itself (a PublicKey: kind, a, b, c, d, curve, bits) */
    key: PublicKey
    kind: number
    a: number
    b: number
    c: number
    d: number
    curve: number
    bits: number
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

    constructor(buf: Buffer, start: number, end: number) {
        this.buf = buf
        this.start = start
        this.end = end
        this.pathLen = this.keyUsage = this.eku = this.sanS = -1
        this.key = this
    }
}

/**
 * The key AlgorithmIdentifier SEQUENCE at the cursor (of a subjectPublicKeyInfo or a PKCS#8 key): the curve
 * size (256, 384) of an EC key, 0 for RSA. Throws E_UNSUPPORTED_ALG for other algorithms and curves.
 */
export function keyAlgorithm(): number {
    into(T_SEQUENCE)
    next(T_OID)
    // 1 RSA (NULL or absent parameters), 2 EC (a named curve)
    const alg = oid(KEY_ALGS)
    let curve = 0
    if (!alg) throw E_UNSUPPORTED_ALG
    if (alg > 1) {
        next(T_OID)
        curve = oid(CURVES) * 128 + 128
        if (curve < 256) throw E_UNSUPPORTED_ALG
    } else if (P < END) next(T_NULL)
    out()
    return curve
}

/**
 * Parses the certificate whose DER is buf[start, end) (default: all of buf; the element must fill it).
 * Throws an E_* code (errors.ts).
 */
export async function parseCertificate(buf: Buffer, start?: number, end?: number): Promise<Certificate> {
    start |= 0
    end = end || buf.length
    // the field reads below (besides derCheck's own charges)
    if (charge(400)) await relax()
    await derCheck(buf, start, end)
    open(buf, start, end)
    const c = new Certificate(buf, start, end)
    into(T_SEQUENCE)
    c.tbsS = P
    into(T_SEQUENCE)
    c.tbsE = END
    // version [0] EXPLICIT INTEGER DEFAULT v1
    let v = 0
    if (B[P] === 0xa0) {
        into(0xa0)
        next(T_INTEGER)
        v = posInt(true)
        out()
        if (v > 2) throw E_FORMAT
    }
    c.version = v + 1
    c.serialS = next(T_INTEGER)
    c.serialE = VE
    // 1..21 bytes
    if ((VE - VS - 1) >>> 0 > 20) throw E_FORMAT
    next(T_SEQUENCE)
    const algS = HS
    const algE = VE
    next(T_SEQUENCE)
    c.issuerS = HS
    c.issuerE = VE
    into(T_SEQUENCE)
    c.notBefore = parseTime()
    c.notAfter = parseTime()
    out()
    next(T_SEQUENCE)
    c.subjectS = HS
    c.subjectE = VE

    // subjectPublicKeyInfo: an EC point 04||X||Y, or RSAPublicKey ::= SEQUENCE { modulus, publicExponent }
    into(T_SEQUENCE)
    const curve = keyAlgorithm()
    next(T_BITSTRING)
    let na = VS + 1
    let ne = VE
    let ea = 0
    let ee = 0
    let bits = curve
    if (+(ne <= na) | buf[VS]) throw E_DER
    out()
    if (curve) {
        if (+(buf[na] !== 4) | +(ne - na !== 1 + (curve >> 2))) throw E_KEY_SIZE
    } else {
        sub(na, ne)
        into(T_SEQUENCE)
        next(T_INTEGER)
        na = posInt()
        ne = VE
        next(T_INTEGER)
        ea = posInt()
        ee = VE
        out()
        out()
        bits = (ne - na - 1) * 8
        for (let top = buf[na]; top; top >>= 1) bits++
        if ((bits - 2048) >>> 0 > 2048) throw E_KEY_SIZE
        // the exponent: odd, 3 or more, at most 8 bytes
        const el = ee - ea
        if ((((buf[ee - 1] & 1) - 1) | (8 - el) | (buf[ea] + el * 256 - 259)) < 0) throw E_FORMAT
    }
    c.kind = curve ? KEY_EC : KEY_RSA
    c.a = na
    c.b = ne
    c.c = ea
    c.d = ee
    c.curve = curve
    c.bits = bits

    // issuerUniqueID [1], subjectUniqueID [2] (v2+), extensions [3] (v3)
    while ((B[P] - 0x81) >>> 0 < 2) {
        if (v < 1) throw E_DER
        any()
    }
    if (P < END) {
        if (v < 2) throw E_DER
        into(0xa3)
        into(T_SEQUENCE)
        let seen = 0
        if (P >= END) throw E_DER
        while (P < END) {
            // Extension ::= SEQUENCE { extnID OID, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING }
            into(T_SEQUENCE)
            next(T_OID)
            const x = oid(EXTS)
            let critical = false
            if (B[P] === T_BOOLEAN) {
                any()
                critical = bool()
            }
            into(T_OCTETSTRING)
            await derCheck(buf, P, END)
            if (x === 1) {
                // basicConstraints ::= SEQUENCE { cA BOOLEAN DEFAULT FALSE, pathLenConstraint INTEGER OPTIONAL }
                c.hasBC = true
                into(T_SEQUENCE)
                if (B[P] === T_BOOLEAN) {
                    any()
                    c.isCA = bool()
                }
                if (P < END) {
                    next(T_INTEGER)
                    c.pathLen = posInt(true)
                }
                out()
            } else if (x === 2) {
                // keyUsage BIT STRING: unused-bits count, then bits 0..7 in the first byte
                const s = next(T_BITSTRING)
                const n = VE - s
                if (+!n | +(buf[s] > 7)) throw E_DER
                c.keyUsage = n > 1 ? buf[s + 1] : 0
            } else if (x === 3) {
                // extendedKeyUsage ::= SEQUENCE SIZE (1..MAX) OF KeyPurposeId
                into(T_SEQUENCE)
                let eku = 0
                if (P >= END) throw E_DER
                while (P < END) {
                    next(T_OID)
                    eku |= oid(EKUS) || 8
                }
                c.eku = eku
                out()
            } else if (x === 4) {
                // subjectAltName ::= GeneralNames, at least one (structure checked by derCheck; names.ts reads
                // the dNSName and iPAddress entries and ignores the others)
                c.sanS = next(T_SEQUENCE)
                c.sanE = VE
                if (VS === VE) throw E_DER
            } else {
                // unknown (0), or nameConstraints (5): not evaluated, so a critical one is refused
                if (+critical & +(x < 6)) throw E_CRITICAL_EXT
                skip()
            }
            out()
            out()
            if (seen & (1 << x) & ~1) throw E_FORMAT
            seen |= 1 << x
            await pause(60)
        }
        out()
        out()
    }
    out()

    // signatureAlgorithm: the same bytes as in tbsCertificate
    next(T_SEQUENCE)
    if (!bytesEqual(buf, algS, algE, buf, HS, VE)) throw E_FORMAT
    sub(VS, VE)
    next(T_OID)
    const id = oid(SIG_OIDS)
    // hash index (0 SHA-1, 1 SHA-256, 2 SHA-384, 3 SHA-512)
    let h = (id - 1) % 5
    if (!id) throw E_UNSUPPORTED_ALG
    if (id === SIG_RSA_PSS) {
        // only the canonical parameter sets (oids.ts PSS_PARAMS); salt = hash length
        next(T_SEQUENCE)
        h = oid(PSS_PARAMS)
        if (!h) throw E_UNSUPPORTED_ALG
    } else if (+(id < SIG_RSA_PSS) & +(P < END)) {
        // RSA: NULL parameters (or absent); ECDSA: absent
        if (next(T_NULL) !== VE) throw E_DER
    }
    out()
    c.sigAlg = new SigAlg(id, h)
    c.sigS = next(T_BITSTRING) + 1
    c.sigE = VE
    if (+(VE <= c.sigS) | buf[VS]) throw E_DER
    // the outermost out(): the certificate fills buf[start, end)
    out()
    return c
}

/**
 * Parses every certificate of `der`, a concatenation of DER certificates (a bundle kept as DER), appending
 * them to `out` (default: a new array), which is returned. Throws an E_* code on the first bad one.
 */
export async function parseCertificates(der: Buffer, list?: Certificate[]): Promise<Certificate[]> {
    list = list || []
    let p = 0
    if (!der.length) throw E_DER
    while (p < der.length) {
        // each certificate's parse walks on its own: the walk over the bundle starts again at p
        open(der, p, der.length)
        next(T_SEQUENCE)
        p = VE
        list.push(await parseCertificate(der, HS, VE))
    }
    return list
}

/** The first commonName (2.5.4.3) of the Name TLV buf[s, e), "" if none. For diagnostics. */
export function commonName(buf: Buffer, s: number, e: number): string {
    // AttributeTypeAndValue ::= SEQUENCE { 06 03 55 04 03, value }: find the OID bytes, read the value after it
    const h = buf.slice(s, e).toString("hex")
    let i = h.indexOf("0603550403")
    while (i > 0 && i & 1) i = h.indexOf("0603550403", i + 1)
    try {
        if (i >= 0) {
            open(buf, s + (i >> 1) + 5, e)
            any()
            return buf.slice(VS, VE).toString()
        }
    } catch (x) {}
    return ""
}
