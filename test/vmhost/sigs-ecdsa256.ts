// Test builds import this for the signature arithmetic of ECDSA P-256: src/x509/sig.ts now verifies RSA
// (PKCS#1 v1.5 and PSS) and ECDSA (P-256, P-384) itself, so nothing is registered here any more (the import
// is kept so that the test files need no change).
export const SIGS_DEFAULT = true
