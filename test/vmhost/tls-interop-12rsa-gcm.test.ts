// Interop matrix, TLS 1.2 × RSA-2048 chains × AES-GCM suites: our engine against node:tls and `openssl s_server` on
// loopback; negotiated version and suite read back from the server side, data both ways. One build per
// version × key type × AEAD: the runtime caps a program at 64 KB of code (docs/TLS.md, "Code size").
import { describe, test } from "@devicescript/test"
import "../../src/tls/use-x25519"
import "../../src/tls/use-aesgcm"
import "../../src/tls/use-tls12"
import "../../src/tls/use-pathcheck"
import "./sigs-rsa"
import { setClock } from "../../src/x509/time"
import { CASES, CAS, CONTROL, NOW } from "../gen/tls_interop_12rsa_gcm"
import { interopCase } from "./tlslib"

setClock(NOW)

describe("tls interop TLS 1.2 RSA-2048 AES-GCM", () => {
    CASES.forEach(c => {
        test(c.name, async () => {
            await interopCase(c, CAS[c.ca], CONTROL)
        })
    })
})
