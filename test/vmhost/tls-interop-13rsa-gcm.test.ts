// Interop matrix, TLS 1.3 × RSA-2048 chains × AES-GCM suites: our engine against node:tls and `openssl s_server` on
// loopback; negotiated version and suite read back from the server side, data both ways. One build per
// version × key type × AEAD: the runtime caps a program at 64 KB of code (docs/TLS.md, "Code size").
import { describe, test } from "@devicescript/test"
import "../../src/tls/use-tls13"
import "../../src/tls/use-p256" // x25519 is covered by the ECDSA builds; P-256 ECDH reuses the EC code src/x509 links anyway
import "../../src/tls/use-aesgcm"
import "../../src/tls/use-pathcheck"
import "./sigs-rsa"
import { setClock } from "../../src/x509/time"
import { CASES, CAS, CONTROL, NOW } from "../gen/tls_interop_13rsa_gcm"
import { interopCase } from "./tlslib"

setClock(NOW)

describe("tls interop TLS 1.3 RSA-2048 AES-GCM", () => {
    CASES.forEach(c => {
        test(c.name, async () => {
            await interopCase(c, CAS[c.ca], CONTROL)
        })
    })
})
