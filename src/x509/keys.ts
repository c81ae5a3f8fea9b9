// Private keys: PKCS#1 RSAPrivateKey, SEC1 ECPrivateKey, PKCS#8 PrivateKeyInfo. The format is recognised
// from the DER structure itself, so a key stored as DER (the store converts PEM) loads the same way. Keys are
// kept as offsets into their buffer. Encrypted keys (PKCS#8 EncryptedPrivateKeyInfo, legacy PEM encryption)
// are refused with E_KEY: the 64 KB bytecode budget of the firmware does not carry PBES2 (a PBKDF2 + PBES2
// parser was written and tested, see git history "x509: key format tests", ~1.4 KB of bytecode); a key is
// protected at rest by a password-protected directory of the store instead.
import { bytesEqual, derErr, DerReader, T_INTEGER, T_NULL, T_OCTETSTRING, T_OID, T_SEQUENCE, T_BITSTRING } from "./der"
import { X509Error, E_KEY, E_UNSUPPORTED_ALG } from "./errors"
import {
    OID_RSA,
    OID_EC_PUBLIC_KEY,
    OID_P256,
    OID_P384,
} from "./oids"
import { KEY_EC, KEY_RSA, PublicKey } from "./sig"
import { ecPublicFromPrivate } from "./verifiers"

/** PKCS#1 RSA fields in order: n, e, d, p, q, dp, dq, qinv */
export const RSA_N = 0
export const RSA_E = 1
export const RSA_D = 2
export const RSA_P = 3
export const RSA_Q = 4
export const RSA_DP = 5
export const RSA_DQ = 6
export const RSA_QINV = 7

export class PrivateKey {
    kind: number
    /** holds the key (the file's DER, or the decrypted PrivateKeyInfo) */
    buf: Buffer
    /** RSA: start/end pairs of the 8 fields (magnitudes), index 2*RSA_x */
    rsa: number[]
    /** EC: 256 or 384 */
    curve: number
    /** EC private scalar buf[dS, dE) */
    dS: number
    dE: number
    /** EC public point pubBuf[pubS, pubE): from the file, or computed from the scalar when the file has none */
    pubBuf: Buffer
    pubS: number
    pubE: number
    constructor(kind: number, buf: Buffer) {
        this.kind = kind
        this.buf = buf
        this.rsa = undefined
        this.curve = 0
        this.pubBuf = buf
        this.pubS = -1
        this.pubE = -1
    }
    /** one RSA field (a copy) */
    rsaField(i: number): Buffer {
        return this.buf.slice(this.rsa[2 * i], this.rsa[2 * i + 1])
    }
    /** the EC scalar, left-padded to the curve size (a copy) */
    ecScalar(): Buffer {
        const n = this.curve >> 3
        const out = Buffer.alloc(n)
        out.blitAt(n - (this.dE - this.dS), this.buf, this.dS, this.dE - this.dS)
        return out
    }
}

function fail(msg: string): X509Error {
    return new X509Error(E_KEY, msg)
}

/** PKCS#1 RSAPrivateKey whose SEQUENCE content is buf[s, e). */
function rsaKey(d: DerReader, s: number, e: number): PrivateKey {
    let p = d.expect(s, e, T_INTEGER)
    if (d.smallInt() !== 0) throw fail("RSA key version (multi-prime keys are not supported)")
    const k = new PrivateKey(KEY_RSA, d.buf)
    const f: number[] = []
    for (let i = 0; i < 8; i++) {
        p = d.expect(p, e, T_INTEGER)
        f.push(d.posInt())
        f.push(d.ve)
    }
    if (p !== e) throw derErr()
    k.rsa = f
    const nb = f[1] - f[0]
    if (nb < 256 || nb > 512) throw fail("RSA modulus of " + nb + " bytes")
    return k
}

function curveOf(oid: string): number {
    return oid === OID_P256 ? 256 : oid === OID_P384 ? 384 : 0
}

/** SEC1 ECPrivateKey whose SEQUENCE content is buf[s, e); `curve` from the PKCS#8 algorithm (0 if none). */
function ecKey(d: DerReader, s: number, e: number, curve: number): PrivateKey {
    let p = d.expect(s, e, T_INTEGER)
    if (d.smallInt() !== 1) throw fail("EC key version")
    p = d.expect(p, e, T_OCTETSTRING)
    const k = new PrivateKey(KEY_EC, d.buf)
    k.dS = d.vs
    k.dE = d.ve
    while (p < e) {
        d.head(p, e)
        const t = d.tag
        const ie = d.ve
        if (t === 0xa0) {
            d.fill(d.vs, ie, T_OID)
            const c = curveOf(d.hexValue())
            if (!c) throw new X509Error(E_UNSUPPORTED_ALG, "curve " + d.hexValue())
            if (curve && c !== curve) throw fail("curve differs from the algorithm's")
            curve = c
        } else if (t === 0xa1) {
            d.fill(d.vs, ie, T_BITSTRING)
            k.pubS = d.bitsBytes()
            k.pubE = d.ve
        } else throw derErr()
        p = ie
    }
    if (!curve) throw fail("EC key without a named curve")
    k.curve = curve
    const n = curve >> 3
    const dl = k.dE - k.dS
    if (dl < 1 || dl > n) throw fail("EC private scalar length " + dl)
    let nz = 0
    for (let i = k.dS; i < k.dE; i++) nz |= d.buf[i]
    if (!nz) throw fail("EC private scalar is zero")
    if (k.pubS >= 0 && (k.pubE - k.pubS !== 1 + 2 * n || d.buf[k.pubS] !== 4)) throw fail("EC public key encoding")
    return k
}

/** PKCS#8 PrivateKeyInfo / OneAsymmetricKey whose SEQUENCE content is buf[s, e). */
function pkcs8Key(d: DerReader, s: number, e: number): PrivateKey {
    let p = d.expect(s, e, T_INTEGER)
    const v = d.smallInt()
    if (v > 1) throw fail("PKCS#8 version " + v)
    p = d.expect(p, e, T_SEQUENCE)
    const ae = d.ve
    const op = d.expect(d.vs, ae, T_OID)
    const oid = d.hexValue()
    let curve = 0
    if (oid === OID_RSA) {
        if (op < ae && (d.expect(op, ae, T_NULL) !== ae || d.vs !== d.ve)) throw derErr()
    } else if (oid === OID_EC_PUBLIC_KEY) {
        d.fill(op, ae, T_OID)
        curve = curveOf(d.hexValue())
        if (!curve) throw new X509Error(E_UNSUPPORTED_ALG, "curve " + d.hexValue())
    } else throw new X509Error(E_UNSUPPORTED_ALG, "key algorithm " + oid)
    p = d.expect(p, e, T_OCTETSTRING)
    const ks = d.vs
    const ke = d.ve
    // [0] attributes, [1] publicKey (v2): allowed, ignored
    while (p < e) {
        p = d.head(p, e)
        if (d.tag !== 0xa0 && d.tag !== 0x81 && d.tag !== 0xa1) throw derErr()
    }
    d.fill(ks, ke, T_SEQUENCE)
    return oid === OID_RSA ? rsaKey(d, d.vs, d.ve) : ecKey(d, d.vs, d.ve, curve)
}

/**
 * Loads a private key from DER (PKCS#1, SEC1 or PKCS#8). Throws X509Error (E_KEY for a bad or encrypted key,
 * E_DER for malformed DER, E_UNSUPPORTED_ALG for other algorithms).
 * An EC key stored without its public point gets it computed (d·G, about a second in the simulator).
 */
export async function parsePrivateKey(der: Buffer): Promise<PrivateKey> {
    const k = parseKeyStructure(der)
    if (k.kind === KEY_EC && k.pubS < 0) {
        const pub = await ecPublicFromPrivate(k.curve, k.ecScalar())
        if (!pub) throw fail("EC private scalar out of range")
        k.pubBuf = pub
        k.pubS = 0
        k.pubE = pub.length
    }
    return k
}

function parseKeyStructure(der: Buffer): PrivateKey {
    const d = new DerReader(der)
    d.fill(0, der.length, T_SEQUENCE)
    const s = d.vs
    const e = d.ve
    // tell the formats apart by their first elements
    d.head(s, e)
    // EncryptedPrivateKeyInfo starts with a SEQUENCE (its AlgorithmIdentifier)
    if (d.tag === T_SEQUENCE) throw fail("encrypted keys are not supported: store the key unencrypted in a password-protected directory")
    if (d.tag !== T_INTEGER) throw derErr()
    const v = d.smallInt()
    const next = d.ve
    d.head(next, e)
    const t2: number = d.tag
    if (t2 === T_SEQUENCE && v <= 1) return pkcs8Key(d, s, e)
    if (t2 === T_OCTETSTRING && v === 1) return ecKey(d, s, e, 0)
    if (t2 === T_INTEGER && v === 0) return rsaKey(d, s, e)
    throw derErr()
}

/** Does the private key belong to this public key? (RSA: same n and e; EC: same curve and public point.) */
export function keyMatches(k: PrivateKey, pub: PublicKey): boolean {
    if (k.kind !== pub.kind) return false
    const a = k.buf
    const b = pub.buf
    if (k.kind === KEY_RSA) {
        return bytesEqual(a, k.rsa[0], k.rsa[1], b, pub.a, pub.b) && bytesEqual(a, k.rsa[2], k.rsa[3], b, pub.c, pub.d)
    }
    if (k.curve !== pub.curve || k.pubS < 0) return false
    return bytesEqual(k.pubBuf, k.pubS, k.pubE, b, pub.a, pub.b)
}
