// Private keys: PKCS#1 RSAPrivateKey, SEC1 ECPrivateKey, PKCS#8 PrivateKeyInfo. The format is recognised
// from the DER structure itself, so a key stored as DER (the store converts PEM) loads the same way. Keys are
// kept as offsets into their buffer. Encrypted keys (PKCS#8 EncryptedPrivateKeyInfo, legacy PEM encryption)
// are refused with E_KEY: the firmware's 64 KB bytecode budget does not carry PBES2 (a PBKDF2 + PBES2 parser
// was written and tested: git history, commit "x509: key format tests"); a key is protected at rest by a
// password-protected directory of the store instead.
import { derCheck, T_INTEGER, T_OCTETSTRING, T_OID, T_SEQUENCE, T_BITSTRING, open, any, next, into, sub, out, skip, oid, posInt, P, END, B, VS, VE } from "./der"
import { E_DER, E_KEY, E_UNSUPPORTED_ALG } from "./errors"
import { CURVES } from "./oids"
import { keyAlgorithm } from "./cert"
import { KEY_EC, KEY_RSA } from "./sig"
import { ecPublicKey } from "../crypto/ecdh"
import { P256 } from "../crypto/p256"
import { P384 } from "../crypto/p384"

export class PrivateKey {
    kind: number
    /** holds the key */
    buf: Buffer
    /** RSA: start/end pairs of n, e, d, p, q, dp, dq, qinv (magnitudes) */
    rsa: number[]
    /** EC: 256 or 384 */
    curve: number
    /** EC private scalar buf[dS, dE) */
    dS: number
    dE: number
    /** EC: public point 04||X||Y, from the file or computed from the scalar when the file has none; RSA: n (a copy) */
    pub: Buffer
    constructor(kind: number, buf: Buffer) {
        this.kind = kind
        this.buf = buf
    }
    /** RSA field i (0 n, 1 e, 2 d, 3 p, 4 q, 5 dp, 6 dq, 7 qinv), a copy */
    rsaField(i: number): Buffer {
        return this.buf.slice(this.rsa[2 * i], this.rsa[2 * i + 1])
    }
    /** the EC scalar, left-padded to the curve size (a copy) */
    ecScalar(): Buffer {
        const n = this.curve >> 3
        const s = this.dS
        const l = this.dE - s
        const out = Buffer.alloc(n)
        out.blitAt(n - l, this.buf, s, l)
        return out
    }
}

/**
 * The key SEQUENCE at the cursor, which must be the last element of its container: PKCS#8 PrivateKeyInfo
 * (when kind = 0: unwrapped, then the RSAPrivateKey / ECPrivateKey inside is read with the kind and curve of
 * its AlgorithmIdentifier), RSAPrivateKey (version 0) or ECPrivateKey (version 1).
 */
async function keyAt(kind: number, curve: number): Promise<PrivateKey> {
    const b = B
    into(T_SEQUENCE)
    // EncryptedPrivateKeyInfo starts with a SEQUENCE (its AlgorithmIdentifier)
    if (B[P] === T_SEQUENCE) throw E_KEY
    next(T_INTEGER)
    const v = posInt(true)
    let key: PrivateKey
    if (!kind && B[P] === T_SEQUENCE && v < 2) {
        // PKCS#8: version, AlgorithmIdentifier, privateKey OCTET STRING, [0] attributes, [1] publicKey (skipped)
        curve = keyAlgorithm()
        const s = next(T_OCTETSTRING)
        const e = VE
        await derCheck(b, s, e)
        sub(s, e)
        key = await keyAt(curve ? KEY_EC : KEY_RSA, curve)
        out()
        skip()
    } else {
        key = new PrivateKey(v ? KEY_EC : KEY_RSA, b)
        if (+(v > 1) | +(kind && kind !== key.kind)) throw E_DER
        if (!v) {
            // n, e, d, p, q, dp, dq, qinv
            const f: number[] = []
            for (let i = 0; i < 8; i++) {
                next(T_INTEGER)
                f.push(posInt(), VE)
            }
            key.rsa = f
            key.pub = b.slice(f[0], f[1])
            if ((f[1] - f[0] - 256) >>> 0 > 256) throw E_KEY
        } else {
            key.dS = next(T_OCTETSTRING)
            key.dE = VE
            while (P < END) {
                const x = any()
                sub(VS, VE)
                if (x === 0xa0) {
                    next(T_OID)
                    const c = oid(CURVES) * 128 + 128
                    if (+(curve && c !== curve)) throw E_KEY
                    curve = c
                } else if (x === 0xa1) {
                    next(T_BITSTRING)
                    key.pub = b.slice(VS + 1, VE)
                } else throw E_DER
                out()
            }
            if (curve < 256) throw E_UNSUPPORTED_ALG
            key.curve = curve
            const p = key.pub
            if (+((key.dE - key.dS - 1) >>> 0 >= curve >> 3) | +(p && (+(p.length !== 1 + (curve >> 2)) | +(p[0] !== 4)))) throw E_KEY
        }
    }
    out()
    if (P < END) throw E_DER
    return key
}

/**
 * Loads a private key from DER (PKCS#1, SEC1 or PKCS#8). Throws an E_* code (E_KEY for a bad or encrypted key,
 * E_DER for malformed DER, E_UNSUPPORTED_ALG for other algorithms). An EC key stored without its public
 * point gets it computed (d·G, about a second in the simulator).
 */
export async function parsePrivateKey(der: Buffer): Promise<PrivateKey> {
    await derCheck(der, 0, der.length)
    open(der, 0, der.length)
    const k = await keyAt(0, 0)
    if (k.kind === KEY_EC && !k.pub) {
        k.pub = await ecPublicKey(k.curve === 256 ? P256 : P384, k.ecScalar())
        if (!k.pub) throw E_KEY
    }
    return k
}
