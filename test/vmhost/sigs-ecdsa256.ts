// Test builds: the signature arithmetic for ECDSA P-256 only, registered with src/x509 (a build with every
// algorithm does not fit the runtime's 64 KB code limit together with TLS and the test framework).
import { ecdsaSigFromDer, ecdsaVerify } from "../../src/crypto/ecdsa"
import { P256 } from "../../src/crypto/p256"
import { setSignatureVerifier } from "../../src/x509/sig"

setSignatureVerifier({
    rsa: async () => false,
    ecdsa: async (curve: number, point: Buffer, digest: Buffer, sig: Buffer) => {
        const rs = ecdsaSigFromDer(sig)
        return curve === 256 && !!rs && (await ecdsaVerify(P256, point, digest, rs.r, rs.s))
    },
})
