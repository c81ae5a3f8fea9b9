// AES-128/256-GCM suites (TLS 1.3 and TLS 1.2).
import { createAesGcm } from "../crypto/gcm"
import { aeadImpls } from "./features"
import { AEAD_AES_GCM } from "./suites"

aeadImpls.push({ id: AEAD_AES_GCM, create: createAesGcm })
