// ChaCha20-Poly1305 suites (TLS 1.3 and TLS 1.2, RFC 7905).
import { ChaCha20Poly1305 } from "../crypto/chachapoly"
import { aeadImpls } from "./features"
import { AEAD_CHACHA20_POLY1305 } from "./suites"

aeadImpls.push({ id: AEAD_CHACHA20_POLY1305, create: async (key: Buffer) => new ChaCha20Poly1305(key) })
