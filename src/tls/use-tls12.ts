// TLS 1.2 (ECDHE-ECDSA / ECDHE-RSA with AEAD suites).
import { tls12Impl } from "./features"
import { handshake12 } from "./tls12"

tls12Impl.run = handshake12
