// Client authentication: signs our CertificateVerify with the client key (src/x509/keys.ts PrivateKey) —
// ECDSA P-256 (RFC 6979 nonces, src/crypto/ecdsa.ts) or RSA (CRT, src/crypto/rsa.ts: PSS or PKCS#1 v1.5), SHA-256.
import { ecdsaSign, ecdsaSigToDer } from "../crypto/ecdsa"
import { P256 } from "../crypto/p256"
import { rsaSignPkcs1, rsaSignPss } from "../crypto/rsa"
import { PrivateKey } from "../x509/keys"
import { KEY_RSA } from "../x509/sig"
import { signImpl } from "./features"

signImpl.run = async (k: PrivateKey, scheme: number, digest: Buffer) => {
    if (k.kind !== KEY_RSA) return ecdsaSigToDer(await ecdsaSign(P256, k.ecScalar(), digest, "sha256"))
    const f: Buffer[] = []
    for (let i = 0; i < 8; i++) f.push(k.rsaField(i))
    const key = { n: f[0], e: f[1], d: f[2], p: f[3], q: f[4], dp: f[5], dq: f[6], qinv: f[7] }
    return scheme === 0x0804 ? await rsaSignPss(key, "sha256", digest) : await rsaSignPkcs1(key, "sha256", digest)
}
