// The hook for the signature arithmetic behind x509/TLS signature checks (sig.ts): by default src/crypto (RSA
// PKCS#1 v1.5 and PSS, ECDSA P-256 and P-384, called directly by sig.ts verifySignature); a test may install
// another with setSignatureVerifier. Type only: this module has no code.
import { PublicKey, SigAlg } from "./sig"

/**
 * Returns true only for a valid signature. `digest` = hash(message) with alg.hash; RSA: `sig` exactly as long
 * as the modulus (PKCS#1 v1.5, or EMSA-PSS with MGF1(alg.hash) and alg.salt when alg.id is SIG_RSA_PSS); ECDSA:
 * `sig` the DER Ecdsa-Sig-Value.
 */
export type SignatureVerifier = (key: PublicKey, alg: SigAlg, digest: Buffer, sig: Buffer) => Promise<boolean>
