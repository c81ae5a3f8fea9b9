// X.509 v1/v3 certificates (RFC 5280), parsed into offsets over the caller's buffer: no field is copied.
//
// parseCertificate checks the whole structure (every length, tag and the fields we use) and rejects what a
// path validation could not process safely: an unknown critical extension, a nameConstraints form we cannot
// check when critical, an unsupported key or signature algorithm, an RSA key outside 2048..4096 bits.
// Extension values are validated eagerly but kept as offsets (subjectAltName and nameConstraints are walked
// again only when a host name or a constraint is checked).
import { charge, relax } from "../platform/budget"
import {
    DerReader,
    T_BITSTRING,
    T_BOOLEAN,
    T_INTEGER,
    T_NULL,
    T_OCTETSTRING,
    T_OID,
    T_SEQUENCE,
    T_SET,
    bytesEqual,
    derErr,
} from "./der"
import { X509Error, E_FORMAT, E_UNSUPPORTED_ALG, E_CRITICAL_EXT, E_KEY_SIZE } from "./errors"
import {
    SIG_OIDS,
    SIG_RSA_PSS,
    OID_RSA,
    OID_EC_PUBLIC_KEY,
    OID_P256,
    OID_P384,
    EXT_BASIC_CONSTRAINTS,
    EXT_KEY_USAGE,
    EXT_EKU,
    EXT_SAN,
    EXT_NAME_CONSTRAINTS,
    EXT_SKI,
    EXT_AKI,
    EKU_SERVER_AUTH,
    EKU_CLIENT_AUTH,
    EKU_ANY,
    OID_CN,
} from "./oids"
import { parseTime } from "./time"
import { PublicKey, SigAlg, KEY_RSA, KEY_EC, sigHash, hashLen } from "./sig"

// keyUsage bits (bit n = KeyUsage bit n of RFC 5280 4.2.1.3)
export const KU_DIGITAL_SIGNATURE = 1
export const KU_NON_REPUDIATION = 2
export const KU_KEY_ENCIPHERMENT = 4
export const KU_DATA_ENCIPHERMENT = 8
export const KU_KEY_AGREEMENT = 16
export const KU_KEY_CERT_SIGN = 32
export const KU_CRL_SIGN = 64

// extendedKeyUsage flags
export const EKU_F_SERVER = 1
export const EKU_F_CLIENT = 2
export const EKU_F_ANY = 4
export const EKU_F_OTHER = 8

// GeneralName tags
export const GN_RFC822 = 0x81
export const GN_DNS = 0x82
export const GN_DIRECTORY = 0xa4
export const GN_URI = 0x86
export const GN_IP = 0x87

/** RSA moduli accepted (bits) */
export const RSA_MIN_BITS = 2048
export const RSA_MAX_BITS = 4096

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
    /** subjectPublicKeyInfo TLV */
    spkiS: number
    spkiE: number
    key: PublicKey
    /** basicConstraints present */
    hasBasicConstraints: boolean
    isCA: boolean
    /** pathLenConstraint, -1 if none */
    pathLen: number
    /** KU_* mask, -1 if the extension is absent */
    keyUsage: number
    /** EKU_F_* mask, -1 if absent */
    eku: number
    /** subjectAltName GeneralNames content, -1 if absent */
    sanS: number
    sanE: number
    /** nameConstraints permitted/excluded GeneralSubtrees content, -1 if absent */
    ncPermS: number
    ncPermE: number
    ncExclS: number
    ncExclE: number
    /** signature bytes (BIT STRING content after the unused-bits byte) */
    sigS: number
    sigE: number

    constructor(buf: Buffer) {
        this.buf = buf
        this.hasBasicConstraints = false
        this.isCA = false
        this.pathLen = -1
        this.keyUsage = -1
        this.eku = -1
        this.sanS = -1
        this.sanE = -1
        this.ncPermS = -1
        this.ncPermE = -1
        this.ncExclS = -1
        this.ncExclE = -1
    }

    /** issuer name equals subject name */
    selfIssued(): boolean {
        return bytesEqual(this.buf, this.issuerS, this.issuerE, this.buf, this.subjectS, this.subjectE)
    }

    /** this certificate's subject equals o's issuer (o may have been issued by this one) */
    subjectIsIssuerOf(o: Certificate): boolean {
        return bytesEqual(this.buf, this.subjectS, this.subjectE, o.buf, o.issuerS, o.issuerE)
    }

    /** same DER bytes */
    sameAs(o: Certificate): boolean {
        return bytesEqual(this.buf, this.start, this.end, o.buf, o.start, o.end)
    }

    hasNameConstraints(): boolean {
        return this.ncPermS >= 0 || this.ncExclS >= 0
    }

    /** the DER of this certificate (a copy) */
    der(): Buffer {
        return this.buf.slice(this.start, this.end)
    }
}

/**
 * RSASSA-PSS parameters accepted: exactly the encodings for SHA-256/384/512 with MGF1 of the same hash and
 * salt = hash length (what TLS stacks and CAs produce; other parameter sets are refused, as BoringSSL does).
 */
const PSS_PARAMS: Record<string, string> = {
    "a00f300d06096086480165030402010500a11c301a06092a864886f70d010108300d06096086480165030402010500a203020120": "sha256",
    "a00f300d06096086480165030402020500a11c301a06092a864886f70d010108300d06096086480165030402020500a203020130": "sha384",
    "a00f300d06096086480165030402030500a11c301a06092a864886f70d010108300d06096086480165030402030500a203020140": "sha512",
}

/** The signature AlgorithmIdentifier whose content is buf[s, e). */
function sigAlgorithm(d: DerReader, s: number, e: number): SigAlg {
    const p = d.expect(s, e, T_OID)
    const id = SIG_OIDS[d.hexValue()]
    if (!id) throw new X509Error(E_UNSUPPORTED_ALG, "signature " + d.hexValue())
    if (id === SIG_RSA_PSS) {
        d.fill(p, e, T_SEQUENCE)
        const hash = PSS_PARAMS[d.hexValue()]
        if (!hash) throw new X509Error(E_UNSUPPORTED_ALG, "PSS parameters")
        return new SigAlg(id, hash, hashLen(hash))
    }
    // RSA: parameters NULL (or absent); ECDSA: absent
    if (p < e) {
        d.fill(p, e, T_NULL)
        if (d.vs !== d.ve || id > SIG_RSA_PSS) throw derErr()
    }
    return new SigAlg(id, sigHash(id), -1)
}

/** Validates a Name (SEQUENCE OF SET OF SEQUENCE { OID, ANY }) whose content is buf[s, e). */
async function checkName(d: DerReader, s: number, e: number) {
    let p = s
    while (p < e) {
        const rdnEnd = d.expect(p, e, T_SET)
        let q = d.vs
        if (q === rdnEnd) throw derErr()
        while (q < rdnEnd) {
            const ae = d.expect(q, rdnEnd, T_SEQUENCE)
            const ve = d.ve
            const vp = d.expect(d.vs, ve, T_OID)
            if (d.head(vp, ve) !== ve) throw derErr()
            q = ae
        }
        p = rdnEnd
        if (charge(40)) await relax()
    }
}

/** most GeneralSubtrees in one permitted or excluded list */
export const MAX_SUBTREES = 32

/** most subjectAltName entries accepted (bounds the work of host and name-constraint checks) */
export const MAX_SAN = 512

/** Validates GeneralNames content buf[s, e): every element well formed. Returns the number of names. */
async function checkGeneralNames(d: DerReader, s: number, e: number): Promise<number> {
    let p = s
    let n = 0
    while (p < e) {
        if (n === MAX_SAN) throw new X509Error(E_FORMAT, "too many subjectAltName entries")
        if (charge(6)) await relax()
        p = d.head(p, e)
        const t = d.tag
        if (t === GN_DIRECTORY) {
            // [4] EXPLICIT Name
            d.fill(d.vs, p, T_SEQUENCE)
        } else if (t === GN_IP) {
            const l = d.ve - d.vs
            if (l !== 4 && l !== 16) throw derErr()
        } else if ((t & 0xc0) !== 0x80 || (t & 0x1f) > 8) throw derErr()
        n++
    }
    return n
}

/**
 * Validates GeneralSubtrees content buf[s, e). Returns true if every base is a form we check (dNSName,
 * iPAddress with mask, directoryName); false if some base is another form. minimum/maximum must be absent
 * (RFC 5280 4.2.1.10: minimum 0 is its default, so DER omits it).
 */
function checkSubtrees(d: DerReader, s: number, e: number): boolean {
    let p = s
    let ok = true
    let n = 0
    if (p === e) throw derErr()
    while (p < e) {
        if (++n > MAX_SUBTREES) throw new X509Error(E_FORMAT, "too many name constraints")
        const se = d.expect(p, e, T_SEQUENCE)
        if (d.head(d.vs, se) !== se) throw derErr()
        const t = d.tag
        const l = d.ve - d.vs
        if (t === GN_IP) {
            if (l !== 8 && l !== 32) throw derErr()
        } else if (t === GN_DIRECTORY) d.fill(d.vs, se, T_SEQUENCE)
        else if (t !== GN_DNS) {
            if ((t & 0xc0) !== 0x80 || (t & 0x1f) > 8) throw derErr()
            ok = false
        }
        p = se
    }
    return ok
}

/** Reads a subjectPublicKeyInfo whose content is buf[s, e). */
function publicKey(d: DerReader, s: number, e: number): PublicKey {
    const buf = d.buf
    const ae = d.expect(s, e, T_SEQUENCE)
    const algEnd = d.ve
    const op = d.expect(d.vs, algEnd, T_OID)
    const oid = d.hexValue()
    const be = d.expect(ae, e, T_BITSTRING)
    if (be !== e) throw derErr()
    const ks = d.bitsBytes()
    const ke = d.ve
    if (oid === OID_RSA) {
        // parameters: NULL
        if (op < algEnd && (d.expect(op, algEnd, T_NULL) !== algEnd || d.vs !== d.ve))
            throw new X509Error(E_FORMAT, "RSA parameters")
        d.fill(ks, ke, T_SEQUENCE)
        const seqEnd = d.ve
        const ne = d.expect(d.vs, seqEnd, T_INTEGER)
        const na = d.posInt()
        const ee = d.expect(ne, seqEnd, T_INTEGER)
        if (ee !== seqEnd) throw derErr()
        const ea = d.posInt()
        let bits = (ne - na - 1) * 8
        for (let top = buf[na]; top; top >>= 1) bits++
        if (bits < RSA_MIN_BITS || bits > RSA_MAX_BITS) throw new X509Error(E_KEY_SIZE, "RSA modulus of " + bits + " bits")
        const el = ee - ea
        if (el > 8 || !(buf[ee - 1] & 1) || (el === 1 && buf[ea] < 3)) throw new X509Error(E_FORMAT, "RSA exponent")
        return new PublicKey(KEY_RSA, buf, na, ne, ea, ee, 0, bits)
    }
    if (oid === OID_EC_PUBLIC_KEY) {
        if (d.expect(op, algEnd, T_OID) !== algEnd) throw new X509Error(E_FORMAT, "EC parameters")
        const c = d.hexValue()
        const curve = c === OID_P256 ? 256 : c === OID_P384 ? 384 : 0
        if (!curve) throw new X509Error(E_UNSUPPORTED_ALG, "curve " + c)
        if (buf[ks] !== 4) throw new X509Error(E_UNSUPPORTED_ALG, "compressed or invalid EC point")
        if (ke - ks !== 1 + 2 * (curve >> 3)) throw new X509Error(E_KEY_SIZE, "EC point length")
        return new PublicKey(KEY_EC, buf, ks, ke, 0, 0, curve, curve)
    }
    throw new X509Error(E_UNSUPPORTED_ALG, "public key algorithm " + oid)
}

/** The key usages in a KeyUsage BIT STRING element (reader positioned on it). */
function keyUsageBits(d: DerReader): number {
    const b = d.buf
    const n = d.ve - d.vs
    if (d.tag !== T_BITSTRING || n < 1 || b[d.vs] > 7 || (n === 1 && b[d.vs] !== 0)) throw derErr()
    let v = 0
    for (let i = 0; i < 9 && i < (n - 1) * 8; i++) if (b[d.vs + 1 + (i >> 3)] & (0x80 >> (i & 7))) v |= 1 << i
    return v
}

/**
 * Parses the certificate whose DER is buf[start, end) (default: all of buf; the element must fill it).
 * Throws X509Error.
 */
export async function parseCertificate(buf: Buffer, start?: number, end?: number): Promise<Certificate> {
    if (start === undefined) start = 0
    if (end === undefined) end = buf.length
    if (charge(300)) await relax()
    const d = new DerReader(buf)
    const c = new Certificate(buf)
    c.start = start
    c.end = d.expect(start, end, T_SEQUENCE)
    if (c.end !== end) throw derErr()
    const certEnd = c.end
    // tbsCertificate
    c.tbsS = d.vs
    const tbsEnd = d.expect(d.vs, certEnd, T_SEQUENCE)
    c.tbsE = tbsEnd
    let p = d.vs
    // version [0] EXPLICIT INTEGER DEFAULT v1
    c.version = 1
    d.head(p, tbsEnd)
    if (d.tag === 0xa0) {
        const ve = d.ve
        d.fill(d.vs, ve, T_INTEGER)
        const v = d.smallInt()
        if (v < 1 || v > 2) throw new X509Error(E_FORMAT, "version " + (v + 1))
        c.version = v + 1
        p = ve
    }
    // serialNumber
    p = d.expect(p, tbsEnd, T_INTEGER)
    if (d.ve === d.vs || d.ve - d.vs > 21) throw new X509Error(E_FORMAT, "serial number length")
    c.serialS = d.vs
    c.serialE = d.ve
    // signature (must equal the outer signatureAlgorithm)
    const innerAlgS = p
    p = d.expect(p, tbsEnd, T_SEQUENCE)
    const innerAlgE = p
    // issuer
    p = d.expect(p, tbsEnd, T_SEQUENCE)
    c.issuerS = d.hs
    c.issuerE = p
    await checkName(d, d.vs, p)
    // validity
    p = d.expect(p, tbsEnd, T_SEQUENCE)
    const valEnd = p
    const nbEnd = d.head(d.vs, valEnd)
    c.notBefore = parseTime(buf, d.tag, d.vs, d.ve)
    if (d.head(nbEnd, valEnd) !== valEnd) throw derErr()
    c.notAfter = parseTime(buf, d.tag, d.vs, d.ve)
    // subject
    p = d.expect(p, tbsEnd, T_SEQUENCE)
    c.subjectS = d.hs
    c.subjectE = p
    await checkName(d, d.vs, p)
    // subjectPublicKeyInfo
    p = d.expect(p, tbsEnd, T_SEQUENCE)
    c.spkiS = d.hs
    c.spkiE = p
    c.key = publicKey(d, d.vs, p)
    // issuerUniqueID [1], subjectUniqueID [2] (v2/v3 only), extensions [3] (v3 only)
    if (p < tbsEnd) {
        d.head(p, tbsEnd)
        if (d.tag === 0x81) {
            if (c.version < 2) throw new X509Error(E_FORMAT, "issuerUniqueID in a v1 certificate")
            p = d.ve
            if (p < tbsEnd) d.head(p, tbsEnd)
        }
        if (p < tbsEnd && d.tag === 0x82) {
            if (c.version < 2) throw new X509Error(E_FORMAT, "subjectUniqueID in a v1 certificate")
            p = d.ve
            if (p < tbsEnd) d.head(p, tbsEnd)
        }
        if (p < tbsEnd) {
            if (d.tag !== 0xa3 || c.version !== 3) throw derErr()
            const xe = d.ve
            p = xe
            if (p !== tbsEnd) throw derErr()
            d.fill(d.vs, xe, T_SEQUENCE)
            await extensions(d, c, d.vs, xe)
        }
    }
    // signatureAlgorithm
    p = d.expect(tbsEnd, certEnd, T_SEQUENCE)
    if (!bytesEqual(buf, innerAlgS, innerAlgE, buf, tbsEnd, p))
        throw new X509Error(E_FORMAT, "signature algorithm differs from the one in tbsCertificate")
    c.sigAlg = sigAlgorithm(d, d.vs, d.ve)
    // signatureValue
    d.fill(p, certEnd, T_BITSTRING)
    c.sigS = d.bitsBytes()
    c.sigE = d.ve
    if (c.sigE === c.sigS) throw derErr()
    return c
}

async function extensions(d: DerReader, c: Certificate, s: number, e: number) {
    const buf = d.buf
    const seen: string[] = []
    let p = s
    if (p === e) throw derErr()
    while (p < e) {
        const xe = d.expect(p, e, T_SEQUENCE)
        let q = d.expect(d.vs, xe, T_OID)
        const oid = d.hexValue()
        if (seen.indexOf(oid) >= 0) throw new X509Error(E_FORMAT, "duplicate extension " + oid)
        seen.push(oid)
        d.head(q, xe)
        let critical = false
        let t: number = d.tag
        if (t === T_BOOLEAN) {
            critical = d.bool()
            q = d.ve
            d.head(q, xe)
            t = d.tag
        }
        if (t !== T_OCTETSTRING || d.ve !== xe) throw derErr()
        const vs = d.vs
        const ve = d.ve
        if (oid === EXT_BASIC_CONSTRAINTS) {
            d.fill(vs, ve, T_SEQUENCE)
            const be = d.ve
            let r = d.vs
            c.hasBasicConstraints = true
            if (r < be) {
                d.head(r, be)
                if (d.tag === T_BOOLEAN) {
                    c.isCA = d.bool()
                    r = d.ve
                }
            }
            if (r < be) {
                d.fill(r, be, T_INTEGER)
                c.pathLen = d.smallInt()
                if (!c.isCA) throw new X509Error(E_FORMAT, "pathLenConstraint without cA")
            }
        } else if (oid === EXT_KEY_USAGE) {
            if (d.head(vs, ve) !== ve) throw derErr()
            c.keyUsage = keyUsageBits(d)
        } else if (oid === EXT_EKU) {
            d.fill(vs, ve, T_SEQUENCE)
            let r = d.vs
            let f = 0
            if (r === ve) throw derErr()
            while (r < ve) {
                r = d.expect(r, ve, T_OID)
                const k = d.hexValue()
                f |= k === EKU_SERVER_AUTH ? EKU_F_SERVER : k === EKU_CLIENT_AUTH ? EKU_F_CLIENT : k === EKU_ANY ? EKU_F_ANY : EKU_F_OTHER
            }
            c.eku = f
        } else if (oid === EXT_SAN) {
            d.fill(vs, ve, T_SEQUENCE)
            c.sanS = d.vs
            c.sanE = d.ve
            if (!(await checkGeneralNames(d, c.sanS, c.sanE))) throw derErr()
        } else if (oid === EXT_NAME_CONSTRAINTS) {
            d.fill(vs, ve, T_SEQUENCE)
            let r = d.vs
            let checkable = true
            if (r === ve) throw derErr()
            while (r < ve) {
                const ne = d.head(r, ve)
                const nt: number = d.tag
                const ss = d.vs
                const se = d.ve
                if (nt === 0xa0 && c.ncPermS < 0 && c.ncExclS < 0) {
                    c.ncPermS = ss
                    c.ncPermE = se
                } else if (nt === 0xa1 && c.ncExclS < 0) {
                    c.ncExclS = ss
                    c.ncExclE = se
                } else throw derErr()
                if (!checkSubtrees(d, ss, se)) checkable = false
                r = ne
            }
            if (!checkable && critical) throw new X509Error(E_CRITICAL_EXT, "nameConstraints with a name form that cannot be checked")
        } else if (oid === EXT_SKI || oid === EXT_AKI) {
            // identifiers only (paths are built by name and verified by signature)
        } else if (critical) {
            throw new X509Error(E_CRITICAL_EXT, "unknown critical extension " + oid)
        }
        p = xe
        if (charge(60)) await relax()
    }
}

/**
 * Parses every certificate of `der`, a concatenation of DER certificates (a bundle kept as DER). Throws
 * X509Error on the first bad one.
 */
export async function parseCertificates(der: Buffer): Promise<Certificate[]> {
    const out: Certificate[] = []
    const d = new DerReader(der)
    let p = 0
    if (!der.length) throw derErr()
    while (p < der.length) {
        const e = d.expect(p, der.length, T_SEQUENCE)
        out.push(await parseCertificate(der, p, e))
        p = e
    }
    return out
}

/** The first commonName of a Name TLV buf[s, e), as a string ("" if none). For diagnostics only. */
export function commonName(buf: Buffer, s: number, e: number): string {
    const d = new DerReader(buf)
    try {
        let p = d.expect(s, e, T_SEQUENCE)
        const ne = p
        p = d.vs
        while (p < ne) {
            const re = d.expect(p, ne, T_SET)
            let q = d.vs
            while (q < re) {
                const ae = d.expect(q, re, T_SEQUENCE)
                const vp = d.expect(d.vs, ae, T_OID)
                if (d.hexValue() === OID_CN) {
                    d.head(vp, ae)
                    return buf.slice(d.vs, d.ve).toString()
                }
                q = ae
            }
            p = re
        }
    } catch (x) {}
    return ""
}
