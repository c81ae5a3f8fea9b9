// sslat crypto (src/crypto). Everything that can run long is async and yields on the step budget
// (src/platform/budget.ts). Bytes are Buffers. Long inputs: a 16 KB record and a 64 KB streamed message are
// tested; the VM heap (64 KB, fragmenting) is the practical limit, so prefer the in-place AEAD forms.
//
// Hashes (alg: "sha1" | "sha256" | "sha384" | "sha512"; "sha1" only in builds that import sha1.ts, as this file does):
//   createHash(alg): Hash            streaming: await h.update(buf); await h.digest() (non-destructive); h.clone()
//   hash(alg, ...bufs): Promise<Buffer>          one-shot; hashLen(alg), hashBlockLen(alg)
//   createHash("sha256") is TypeScript; new Sha256() (sha256.ts) keeps small inputs (<= 4 KB) for the native
//   digest, then continues in TypeScript.
// HMAC:
//   hmac(alg, key, ...bufs): Promise<Buffer>     one-shot (SHA-256: native)
//   createHmac(alg, key): Promise<Hmac>          keyed object: update/digest, mac(...bufs) one-shot
// KDFs:
//   hkdfExtract(alg, salt, ikm), hkdfExpand(alg, prk, info, len)
//   hkdfExpandLabel(alg, secret, label /* without "tls13 " */, context, len), deriveSecret(alg, secret, label, thash)
//   tls12Prf(alg, secret, label: string, seed, len)
// AEADs (interface Aead; 16-byte tags; a wrong tag yields null/false and no plaintext):
//   await createAesGcm(key16|24|32): AesGcm      (a 4 KB GHASH table per key; any IV length, TLS uses 12)
//   new ChaCha20Poly1305(key32)                  (12-byte nonce)
//   aeadSeal(a, iv, aad, pt) -> ct||tag          aeadOpen(a, iv, aad, ct||tag) -> pt | null
//   a.encryptInPlace(iv, aad, buf, off, len) -> tag
//   a.decryptInPlace(iv, aad, buf, off, len, tag) -> boolean (false: buf untouched)
// AES-CBC (no padding; TLS pads): new AesCbc(key): encrypt/decrypt(iv16, data), encryptInPlace/decryptInPlace(iv, buf, off, len)
// Random (HMAC-DRBG over native HMAC-SHA256, seeded from the runtime CSPRNG):
//   randomBytes(n <= 4096): Buffer               process-wide generator (sync)
//   addSeed(seed: Buffer | string)               absorb extra seed material (AT+SSLSET=3) + fresh CSPRNG entropy
//   new HmacDrbg(entropy, nonce?, pers?)         generate(n, additional?), reseed(entropy, additional?)
// Lower level: aesExpandKey/aesEncryptBlocks/aesCbcDecryptBlocks (aes.ts), chacha20Xor (chacha20.ts), Poly1305
// (poly1305.ts), ctEqual(a, ao, b, bo, n) constant-time compare.
export { Hash, HashAlg } from "./hash"
export { sha1 } from "./sha1" // also plugs SHA-1 into createHash
export { createHash, hash, hashLen, hashBlockLen } from "./digest"
export { Hmac, createHmac, hmac } from "./hmac"
export { hkdfExtract, hkdfExpand, hkdfExpandLabel, deriveSecret } from "./hkdf"
export { tls12Prf } from "./prf"
export { Aead, aeadSeal, aeadOpen } from "./aead"
export { AesGcm, createAesGcm } from "./gcm"
export { AesCbc } from "./cbc"
export { ChaCha20Poly1305 } from "./chachapoly"
export { AesKey, aesExpandKey, aesEncryptBlocks, aesCbcDecryptBlocks } from "./aes"
export { chacha20Xor } from "./chacha20"
export { Poly1305 } from "./poly1305"
export { ctEqual } from "./bytes"
export { HmacDrbg, randomBytes, addSeed } from "./drbg"
