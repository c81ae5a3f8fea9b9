// Private keys: PKCS#1 RSAPrivateKey, SEC1 ECPrivateKey, PKCS#8 PrivateKeyInfo, and PKCS#8
// EncryptedPrivateKeyInfo with PBES2 (PBKDF2-HMAC-SHA256/SHA1 + AES-CBC) when an AES-CBC implementation is
// linked (setCbcDecrypt). The format is recognised from the DER structure itself, so a key stored as DER (the
// store converts PEM) loads the same way. Keys are kept as offsets into their buffer.
import { hmac } from "@devicescript/crypto"
import { charge, relax } from "../platform/budget"
import { DerReader, T_INTEGER, T_NULL, T_OCTETSTRING, T_OID, T_SEQUENCE, T_BITSTRING } from "./der"
import { X509Error, E_DER, E_KEY, E_UNSUPPORTED_ALG } from "./errors"
import {
    OID_RSA,
    OID_EC_PUBLIC_KEY,
    OID_P256,
    OID_P384,
    OID_PBES2,
    OID_PBKDF2,
    OID_HMAC_SHA1,
    OID_HMAC_SHA256,
    OID_AES128_CBC,
    OID_AES192_CBC,
    OID_AES256_CBC,
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

/** AES-CBC decryption with PKCS#7 padding removed; undefined if the padding is wrong. Provided by src/crypto. */
export type CbcDecrypt = (key: Buffer, iv: Buffer, data: Buffer) => Promise<Buffer>
let cbcDecrypt: CbcDecrypt = undefined
export function setCbcDecrypt(f: CbcDecrypt) {
    cbcDecrypt = f
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
    if (p !== e) throw new X509Error(E_DER, "trailing bytes in RSAPrivateKey")
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
            if (d.expect(d.vs, ie, T_OID) !== ie) throw new X509Error(E_DER, "EC parameters")
            const c = curveOf(d.hexValue())
            if (!c) throw new X509Error(E_UNSUPPORTED_ALG, "curve " + d.hexValue())
            if (curve && c !== curve) throw fail("curve differs from the algorithm's")
            curve = c
        } else if (t === 0xa1) {
            if (d.expect(d.vs, ie, T_BITSTRING) !== ie) throw new X509Error(E_DER, "EC public key")
            k.pubS = d.bitsBytes()
            k.pubE = d.ve
        } else throw new X509Error(E_DER, "ECPrivateKey element " + t)
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
        if (op < ae && (d.expect(op, ae, T_NULL) !== ae || d.vs !== d.ve)) throw new X509Error(E_DER, "RSA parameters")
    } else if (oid === OID_EC_PUBLIC_KEY) {
        if (d.expect(op, ae, T_OID) !== ae) throw new X509Error(E_DER, "EC parameters")
        curve = curveOf(d.hexValue())
        if (!curve) throw new X509Error(E_UNSUPPORTED_ALG, "curve " + d.hexValue())
    } else throw new X509Error(E_UNSUPPORTED_ALG, "key algorithm " + oid)
    p = d.expect(p, e, T_OCTETSTRING)
    const ks = d.vs
    const ke = d.ve
    // [0] attributes, [1] publicKey (v2): allowed, ignored
    while (p < e) {
        p = d.head(p, e)
        if (d.tag !== 0xa0 && d.tag !== 0x81 && d.tag !== 0xa1) throw new X509Error(E_DER, "PrivateKeyInfo element")
    }
    if (d.expect(ks, ke, T_SEQUENCE) !== ke) throw new X509Error(E_DER, "trailing bytes in the private key")
    return oid === OID_RSA ? rsaKey(d, d.vs, d.ve) : ecKey(d, d.vs, d.ve, curve)
}

/** PBKDF2 (RFC 8018) with HMAC-SHA256 or HMAC-SHA1... only SHA-256 is native: SHA-1 is refused. */
export async function pbkdf2(pw: Buffer, salt: Buffer, iter: number, len: number): Promise<Buffer> {
    const out = Buffer.alloc(len)
    const blk = Buffer.alloc(salt.length + 4)
    blk.blitAt(0, salt, 0, salt.length)
    let o = 0
    for (let i = 1; o < len; i++) {
        blk[salt.length + 3] = i & 0xff
        blk[salt.length + 2] = (i >> 8) & 0xff
        let u = hmac(pw, "sha256", blk)
        const t = u.slice(0)
        for (let c = 1; c < iter; c++) {
            u = hmac(pw, "sha256", u)
            for (let k = 0; k < 32; k++) t[k] ^= u[k]
            if (charge(40)) await relax()
        }
        const n = len - o < 32 ? len - o : 32
        out.blitAt(o, t, 0, n)
        o += n
    }
    return out
}

/** EncryptedPrivateKeyInfo whose SEQUENCE content is buf[s, e): decrypts with `password`. */
async function encryptedKey(d: DerReader, s: number, e: number, password: string): Promise<PrivateKey> {
    let p = d.expect(s, e, T_SEQUENCE)
    const ae = d.ve
    let q = d.expect(d.vs, ae, T_OID)
    if (d.hexValue() !== OID_PBES2) throw new X509Error(E_UNSUPPORTED_ALG, "key encryption " + d.hexValue() + " (only PBES2)")
    if (d.expect(q, ae, T_SEQUENCE) !== ae) throw new X509Error(E_DER, "PBES2 parameters")
    const pe = d.ve
    // keyDerivationFunc
    q = d.expect(d.vs, pe, T_SEQUENCE)
    const ke = d.ve
    let r = d.expect(d.vs, ke, T_OID)
    if (d.hexValue() !== OID_PBKDF2) throw new X509Error(E_UNSUPPORTED_ALG, "key derivation " + d.hexValue())
    if (d.expect(r, ke, T_SEQUENCE) !== ke) throw new X509Error(E_DER, "PBKDF2 parameters")
    const pke = d.ve
    r = d.expect(d.vs, pke, T_OCTETSTRING)
    const salt = d.buf.slice(d.vs, d.ve)
    r = d.expect(r, pke, T_INTEGER)
    const iter = d.smallInt()
    let keyLen = -1
    let prf = OID_HMAC_SHA1
    if (r < pke) {
        d.head(r, pke)
        if (d.tag === T_INTEGER) {
            keyLen = d.smallInt()
            r = d.ve
        }
    }
    if (r < pke) {
        if (d.expect(r, pke, T_SEQUENCE) !== pke) throw new X509Error(E_DER, "PBKDF2 prf")
        const fe = d.ve
        const fp = d.expect(d.vs, fe, T_OID)
        prf = d.hexValue()
        if (fp < fe && (d.expect(fp, fe, T_NULL) !== fe || d.vs !== d.ve)) throw new X509Error(E_DER, "PBKDF2 prf")
    }
    if (prf !== OID_HMAC_SHA256) throw new X509Error(E_UNSUPPORTED_ALG, "PBKDF2 with a PRF other than HMAC-SHA256")
    if (iter < 1 || iter > 1000000) throw fail("PBKDF2 iteration count " + iter)
    // encryptionScheme
    if (d.expect(q, pe, T_SEQUENCE) !== pe) throw new X509Error(E_DER, "PBES2 encryption scheme")
    const ee = d.ve
    r = d.expect(d.vs, ee, T_OID)
    const enc = d.hexValue()
    const aesLen = enc === OID_AES128_CBC ? 16 : enc === OID_AES192_CBC ? 24 : enc === OID_AES256_CBC ? 32 : 0
    if (!aesLen) throw new X509Error(E_UNSUPPORTED_ALG, "key cipher " + enc)
    if (keyLen >= 0 && keyLen !== aesLen) throw fail("PBKDF2 key length")
    if (d.expect(r, ee, T_OCTETSTRING) !== ee || d.ve - d.vs !== 16) throw new X509Error(E_DER, "AES-CBC IV")
    const iv = d.buf.slice(d.vs, d.ve)
    // encryptedData
    if (d.expect(p, e, T_OCTETSTRING) !== e) throw new X509Error(E_DER, "EncryptedPrivateKeyInfo")
    const cs = d.vs
    const ce = d.ve
    if (!password) throw fail("encrypted key and no password")
    if (!cbcDecrypt) throw new X509Error(E_UNSUPPORTED_ALG, "encrypted key: AES-CBC is not linked")
    if ((ce - cs) % 16 || ce === cs) throw fail("encrypted data length")
    const key = await pbkdf2(Buffer.from(password), salt, iter, aesLen)
    const plain = await cbcDecrypt(key, iv, d.buf.slice(cs, ce))
    if (!plain) throw fail("wrong password (bad padding)")
    const pd = new DerReader(plain)
    try {
        if (pd.expect(0, plain.length, T_SEQUENCE) !== plain.length) throw fail("")
        return pkcs8Key(pd, pd.vs, pd.ve)
    } catch (x) {
        throw fail("wrong password (decrypted data is not a key)")
    }
}

/**
 * Loads a private key from DER (PKCS#1, SEC1, PKCS#8, or encrypted PKCS#8 with `password`). Throws X509Error
 * (E_KEY for a bad/undecryptable key, E_DER for malformed DER, E_UNSUPPORTED_ALG for other algorithms).
 * An EC key stored without its public point gets it computed (d·G, about a second in the simulator).
 */
export async function parsePrivateKey(der: Buffer, password?: string): Promise<PrivateKey> {
    const k = await parseKeyStructure(der, password)
    if (k.kind === KEY_EC && k.pubS < 0) {
        const pub = await ecPublicFromPrivate(k.curve, k.ecScalar())
        if (!pub) throw fail("EC private scalar out of range")
        k.pubBuf = pub
        k.pubS = 0
        k.pubE = pub.length
    }
    return k
}

async function parseKeyStructure(der: Buffer, password?: string): Promise<PrivateKey> {
    const d = new DerReader(der)
    if (d.expect(0, der.length, T_SEQUENCE) !== der.length) throw new X509Error(E_DER, "trailing bytes after the key")
    const s = d.vs
    const e = d.ve
    // tell the formats apart by their first elements
    d.head(s, e)
    if (d.tag === T_SEQUENCE) return await encryptedKey(d, s, e, password)
    if (d.tag !== T_INTEGER) throw new X509Error(E_DER, "not a private key")
    const v = d.smallInt()
    const next = d.ve
    d.head(next, e)
    const t2: number = d.tag
    if (t2 === T_SEQUENCE && v <= 1) return pkcs8Key(d, s, e)
    if (t2 === T_OCTETSTRING && v === 1) return ecKey(d, s, e, 0)
    if (t2 === T_INTEGER && v === 0) return rsaKey(d, s, e)
    throw new X509Error(E_DER, "not a private key")
}

/** Does the private key belong to this public key? (RSA: same n and e; EC: same curve and public point.) */
export function keyMatches(k: PrivateKey, pub: PublicKey): boolean {
    if (k.kind !== pub.kind) return false
    const a = k.buf
    const b = pub.buf
    if (k.kind === KEY_RSA) {
        return same(a, k.rsa[0], k.rsa[1], b, pub.a, pub.b) && same(a, k.rsa[2], k.rsa[3], b, pub.c, pub.d)
    }
    if (k.curve !== pub.curve || k.pubS < 0) return false
    return same(k.pubBuf, k.pubS, k.pubE, b, pub.a, pub.b)
}

function same(a: Buffer, as: number, ae: number, b: Buffer, bs: number, be: number): boolean {
    if (ae - as !== be - bs) return false
    for (let i = 0; i < ae - as; i++) if (a[as + i] !== b[bs + i]) return false
    return true
}
