// sslat firmware entry point with the TLS engine wired in: the AT engine on the serial link, and HTTPS with any
// non-default AT+SSLSET option run by src/tls (TLS 1.3 + 1.2, X25519 + P-256, AES-GCM, path validation) through
// src/wip/tls-glue.ts. `node tools/fw-size.mjs src/main-tls.ts` measures this image against the 64 KB
// function-code limit (it does not fit yet).
import { AtEngine } from "./at/engine"
import { startAtLink } from "./platform/link"
import { registerTlsEngine } from "./wip/transport"
import { tlsWithSettings } from "./wip/tls-glue"
import "./tls/use-tls13"
import "./tls/use-tls12"
import "./tls/use-x25519"
import "./tls/use-p256"
import "./tls/use-aesgcm"
import "./tls/use-pathcheck"

registerTlsEngine(tlsWithSettings)
await startAtLink(out => new AtEngine(out))
