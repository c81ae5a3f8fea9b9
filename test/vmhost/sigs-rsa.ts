// Test builds: the signature arithmetic for RSA (PKCS#1 v1.5 and PSS) only, registered with src/x509 (a build
// with every algorithm does not fit the runtime's 64 KB code limit together with TLS and the test framework).
import { RsaHash, rsaVerifyPkcs1, rsaVerifyPss } from "../../src/crypto/rsa"
import { setSignatureVerifier } from "../../src/x509/sig"

setSignatureVerifier({
    rsa: async (n: Buffer, e: Buffer, hash: string, digest: Buffer, sig: Buffer, pss: boolean, salt: number) => {
        const key = { n: n, e: e }
        if (pss) return await rsaVerifyPss(key, hash as RsaHash, digest, sig, salt)
        return await rsaVerifyPkcs1(key, hash as RsaHash, digest, sig)
    },
    ecdsa: async () => false,
})
