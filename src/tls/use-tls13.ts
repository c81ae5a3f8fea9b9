// TLS 1.3 (RFC 8446).
import { tls13Impl } from "./features"
import { handshake13 } from "./tls13"

tls13Impl.run = handshake13
