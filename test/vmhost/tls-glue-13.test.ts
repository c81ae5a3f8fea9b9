// sslat's TLS engine behind the WIP transport, as src/main-tls.ts wires it (src/wip/tls-glue.ts registered with
// registerTlsEngine): AT+SSLSET options set as the SSL commands set them, the CA file in the store, then
// openStream + an HTTP GET against loopback TLS servers with a private CA (test/node/tls-glue.test.mjs).
// This build carries TLS 1.3 (X25519, AES-GCM, path validation) to fit the 64 KB limit with the test library;
// tls-glue-12.test.ts covers option 9 and 6 with TLS 1.2 built in.
import * as ds from "@devicescript/core"
import { describe, test, expect, beforeEach } from "@devicescript/test"
import "../../src/tls/use-tls13" // TLS 1.3 is a feature module since the tls branch landed
import "../../src/tls/use-x25519"
import "../../src/tls/use-aesgcm"
import "../../src/tls/use-pathcheck"
import { WD } from "../../src/platform/watchdog"
import * as gen from "../gen/tls_glue"
import { get, setOptions } from "./tlsglue"

describe("HTTPS through the glue (TLS 1.3 build)", () => {
    beforeEach(async () => {
        WD.handshake = 30000
    })
    test("the private CA in the store: 200, the body, verified", async () => {
        await setOptions(gen.CA_HEX, [])
        const r = await get(gen.PORT, "/page")
        expect(r.err).toBe(0)
        expect(r.status).toBe(200)
        expect(r.body).toBe(gen.BODY_HEX)
        expect(r.verify).toBe("ok")
        expect(r.version).toBe("TLSv1.3")
    })
    test("a CA that did not sign the server: 860, the reason says the certificate", async () => {
        await setOptions(gen.OTHER_CA_HEX, [])
        const r = await get(gen.PORT, "/page")
        expect(r.err).toBe(860)
        expect(r.verify.indexOf("failed") === 0).toBe(true)
    })
    test("verify on (default) and no CA file: 860 (the engine has no built-in roots)", async () => {
        await setOptions("", [9, 0, 10, 0])
        const r = await get(gen.PORT, "/page")
        expect(r.err).toBe(860)
        expect(r.verify).toBe("failed: no CA file")
    })
    test("option 4=0 without a CA: 200, recorded as unverified", async () => {
        await setOptions("", [4, 0])
        const r = await get(gen.PORT, "/page")
        expect(r.err).toBe(0)
        expect(r.body).toBe(gen.BODY_HEX)
        expect(r.verify).toBe("off (unverified)")
    })
    test("through a CONNECT proxy with authentication: sslat's engine (even with default options), 200", async () => {
        await setOptions(gen.CA_HEX, [])
        const r = await get(gen.PORT, "/page", "pp")
        expect(r.err).toBe(0)
        expect(r.body).toBe(gen.BODY_HEX)
        expect(r.verify).toBe("ok")
        const bad = await get(gen.PORT, "/page", "wrong")
        expect(bad.err).toBe(842)
    })
    test("a server that never answers the ClientHello: aborted by the watchdog after WD.handshake, 860", async () => {
        await setOptions("", [4, 0])
        WD.handshake = 2000
        const t0 = ds.millis()
        const r = await get(gen.SILENT_PORT, "/")
        expect(r.err).toBe(860)
        expect(ds.millis() - t0 >= 2000).toBe(true)
        expect(r.why.indexOf("watchdog") >= 0).toBe(true)
    })
})
