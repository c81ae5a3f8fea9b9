// Private keys: PKCS#1 RSAPrivateKey, SEC1 ECPrivateKey, PKCS#8 PrivateKeyInfo. The format is recognised
// from the DER structure itself, so a key stored as DER (the store converts PEM) loads the same way. Keys are
// kept as offsets into their buffer. Encrypted keys (PKCS#8 EncryptedPrivateKeyInfo, legacy PEM encryption)
// are refused with E_KEY: the firmware's 64 KB bytecode budget does not carry PBES2 (a PBKDF2 + PBES2 parser
// was written and tested: git history, commit "x509: key format tests"); a key is protected at rest by a
// password-protected directory of the store instead.
import { bytesEqual, derCheck, derErr, Der, T_INTEGER, T_NULL, T_OCTETSTRING, T_OID, T_SEQUENCE, T_BITSTRING } from "./der"
import { X509Error, E_KEY, E_UNSUPPORTED_ALG } from "./errors"
import { OID_RSA, OID_EC_PUBLIC_KEY, CURVES } from "./oids"
import { KEY_EC, KEY_RSA, PublicKey } from "./sig"
import { ecPublicFromPrivate } from "./verifiers"

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
    /** EC public point 04||X||Y: from the file, or computed from the scalar when the file has none */
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
        const out = Buffer.alloc(n)
        out.blitAt(n - (this.dE - this.dS), this.buf, this.dS, this.dE - this.dS)
        return out
    }
}

/**
 * The RSAPrivateKey / ECPrivateKey SEQUENCE at the cursor; `curve` from a PKCS#8 wrapper (0: none),
 * `kind` 0 to tell by the version (0 RSA, 1 EC). PKCS#8 PrivateKeyInfo is unwrapped here too.
 */
async function keyAt(d: Der, kind: number, curve: number): Promise<PrivateKey> {
    d.into(T_SEQUENCE)
    d.next(T_INTEGER)
    const v = d.int()
    const t = d.peek()
    if (!kind && t === T_SEQUENCE && v < 2) {
        // PKCS#8: version, AlgorithmIdentifier, privateKey OCTET STRING, [0] attributes, [1] publicKey
        d.into(T_SEQUENCE)
        d.next(T_OID)
        const alg = d.hex()
        if (alg === OID_EC_PUBLIC_KEY) {
            d.next(T_OID)
            curve = CURVES[d.hex()]
        } else if (alg !== OID_RSA) throw new X509Error(E_UNSUPPORTED_ALG, "key " + alg)
        else if (d.more()) d.next(T_NULL)
        d.out()
        d.next(T_OCTETSTRING)
        const k = new Der(d.b, d.vs, d.ve)
        await derCheck(d.b, d.vs, d.ve)
        const key = await keyAt(k, alg === OID_RSA ? KEY_RSA : KEY_EC, curve)
        if (k.more()) throw derErr()
        d.p = d.end
        d.out()
        return key
    }
    const key = new PrivateKey(v ? KEY_EC : KEY_RSA, d.b)
    if (v > 1 || (kind && kind !== key.kind)) throw derErr()
    if (!v) {
        const f: number[] = []
        for (let i = 0; i < 8; i++) {
            d.next(T_INTEGER)
            f.push(d.posInt(), d.ve)
        }
        key.rsa = f
        if (f[1] - f[0] < 256 || f[1] - f[0] > 512) throw new X509Error(E_KEY, "RSA size")
    } else {
        key.dS = d.next(T_OCTETSTRING)
        key.dE = d.ve
        while (d.more()) {
            const x = d.any()
            d.sub(d.vs, d.ve)
            if (x === 0xa0) {
                d.next(T_OID)
                const c = CURVES[d.hex()]
                if (curve && c !== curve) throw new X509Error(E_KEY, "curve")
                curve = c
            } else if (x === 0xa1) {
                d.next(T_BITSTRING)
                key.pub = d.b.slice(d.vs + 1, d.ve)
            } else throw derErr()
            d.out()
        }
        if (!curve) throw new X509Error(E_UNSUPPORTED_ALG, "curve")
        key.curve = curve
        const l = key.dE - key.dS
        if (l < 1 || l > curve >> 3 || (key.pub && (key.pub.length !== 1 + (curve >> 2) || key.pub[0] !== 4))) throw new X509Error(E_KEY, "EC key")
    }
    d.out()
    return key
}

/**
 * Loads a private key from DER (PKCS#1, SEC1 or PKCS#8). Throws X509Error (E_KEY for a bad or encrypted key,
 * E_DER for malformed DER, E_UNSUPPORTED_ALG for other algorithms). An EC key stored without its public
 * point gets it computed (d·G, about a second in the simulator).
 */
export async function parsePrivateKey(der: Buffer): Promise<PrivateKey> {
    await derCheck(der, 0, der.length)
    const d = new Der(der, 0, der.length)
    d.into(T_SEQUENCE)
    // EncryptedPrivateKeyInfo starts with a SEQUENCE (its AlgorithmIdentifier)
    if (d.peek() === T_SEQUENCE) throw new X509Error(E_KEY, "encrypted keys are not supported")
    const kd = new Der(der, 0, der.length)
    const k = await keyAt(kd, 0, 0)
    if (kd.more()) throw derErr()
    if (k.kind === KEY_EC && !k.pub) {
        k.pub = await ecPublicFromPrivate(k.curve, k.ecScalar())
        if (!k.pub) throw new X509Error(E_KEY, "EC scalar")
    }
    return k
}

/** Does the private key belong to this public key? (RSA: same n and e; EC: same curve and public point.) */
export function keyMatches(k: PrivateKey, pub: PublicKey): boolean {
    const a = k.buf
    const b = pub.buf
    if (k.kind !== pub.kind) return false
    if (k.kind === KEY_RSA) return bytesEqual(a, k.rsa[0], k.rsa[1], b, pub.a, pub.b) && bytesEqual(a, k.rsa[2], k.rsa[3], b, pub.c, pub.d)
    return k.curve === pub.curve && bytesEqual(k.pub, 0, k.pub.length, b, pub.a, pub.b)
}
