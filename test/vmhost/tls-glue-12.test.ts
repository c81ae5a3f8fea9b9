// Options 9 (version) and 6 (authentication) through the glue, in a build with TLS 1.2 and TLS 1.3
// (P-256 ECDHE, AES-GCM; no path validation, so option 4=0 throughout): see tls-glue-13.test.ts for the setup.
import { describe, test, expect } from "@devicescript/test"
import "../../src/tls/use-tls13" // TLS 1.3 is a feature module since the tls branch landed
import "../../src/tls/use-tls12"
import "../../src/tls/use-p256"
import "../../src/tls/use-aesgcm"
import * as gen from "../gen/tls_glue"
import { get, setOptions } from "./tlsglue"

describe("AT+SSLSET options 9 and 6 through the glue (TLS 1.2 + 1.3 build)", () => {
    test("9=3 (TLS 1.2 only): TLS 1.2 with a server that has both", async () => {
        await setOptions("", [4, 0, 9, 3])
        const r = await get(gen.PORT, "/page")
        expect(r.err).toBe(0)
        expect(r.body).toBe(gen.BODY_HEX)
        expect(r.version).toBe("TLSv1.2")
        expect(r.verify).toBe("off (unverified)")
    })
    test("9=3 against a TLS 1.3-only server: 860, the server's protocol_version alert", async () => {
        await setOptions("", [4, 0, 9, 3])
        const r = await get(gen.PORT13, "/page")
        expect(r.err).toBe(860)
        expect(r.alert).toBe(70)
        expect(r.version).toBe("")
    })
    test("9=0 against the TLS 1.3-only server: 200 (the failure above is option 9's)", async () => {
        await setOptions("", [4, 0])
        const r = await get(gen.PORT13, "/page")
        expect(r.err).toBe(0)
        expect(r.version).toBe("TLSv1.3")
    })
    test("6=1 (RSA authentication) against the ECDSA server: 860 (only ECDHE-RSA suites offered)", async () => {
        await setOptions("", [4, 0, 6, 1])
        const r = await get(gen.PORT, "/page")
        expect(r.err).toBe(860)
        // the server found no common suite (handshake_failure), not our engine refusing to start
        expect(r.alert).toBe(40)
    })
})
