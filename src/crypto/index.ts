// sslat crypto (src/crypto). Everything that can run long is async and yields on the step budget
// (src/platform/budget.ts). Bytes are Buffers.
//
// Hashes (alg: "sha1" | "sha256" | "sha384" | "sha512"):
//   createHash(alg): Hash            streaming: await h.update(buf); await h.digest() (non-destructive); h.clone()
//   hash(alg, ...bufs): Promise<Buffer>          one-shot; hashLen(alg), hashBlockLen(alg)
//   SHA-256 keeps small inputs (<= 4 KB) for the native digest, then continues in TypeScript.
// HMAC:
//   hmac(alg, key, ...bufs): Promise<Buffer>     one-shot (SHA-256: native)
//   createHmac(alg, key): Promise<Hmac>          keyed object: update/digest/reset/clone, mac(...bufs) one-shot
// KDFs:
//   hkdfExtract(alg, salt, ikm), hkdfExpand(alg, prk, info, len)
//   hkdfExpandLabel(alg, secret, label /* without "tls13 " */, context, len), deriveSecret(alg, secret, label, thash)
//   tls12Prf(alg, secret, label: string, seed, len)
export { Hash, HashAlg } from "./hash"
export { createHash, hash, hashLen, hashBlockLen } from "./digest"
export { Hmac, createHmac, hmac } from "./hmac"
export { hkdfExtract, hkdfExpand, hkdfExpandLabel, deriveSecret } from "./hkdf"
export { tls12Prf } from "./prf"
