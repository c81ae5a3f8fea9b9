// The interop matrix: our engine against node:tls and `openssl s_server` on loopback, TLS 1.3 and 1.2 ×
// RSA-2048 and ECDSA P-256 chains × every suite. Each case checks the negotiated version and suite read back
// from the server side, and application data both ways (a line sent, the server answers it reversed).
import { describe, test, expect } from "@devicescript/test"
import "../../src/tls/use-x25519"
import "../../src/tls/use-aesgcm"
import { tlsConnect } from "../../src/tls/client"
import { lastTlsInfo } from "../../src/tls/info"
import { suiteByName } from "../../src/tls/suites"
import { setClock } from "../../src/x509/time"
import { CASES, CAS, CONTROL, NOW } from "../gen/tls_interop"
import { ask, readLine, reversed } from "./tlslib"

setClock(NOW)

describe("tls interop", () => {
    CASES.forEach(c => {
        test(c.name, async () => {
            const s = await tlsConnect({
                host: "localhost",
                port: c.port,
                ca: CAS[c.ca],
                minVersion: c.min,
                maxVersion: c.max,
                suites: c.suite ? [suiteByName(c.suite).id] : undefined,
                groups: c.groups,
            })
            const line = "hello from sslat, case " + c.name
            await s.send(line + "\n")
            expect(await readLine(s)).toBe(reversed(line))
            await s.close()
            const info = lastTlsInfo()
            expect(info.engine).toBe("sslat")
            expect(info.verify).toBe("ok")
            expect(info.peerSubject).toBe("CN=localhost")
            expect(info.version).toBe(c.version)
            if (c.suite) expect(info.suite).toBe(c.suite)
            if (c.group) expect(info.group).toBe(c.group)
            expect(info.hrr).toBe(!!c.hrr)
            if (c.version === "TLSv1.2") {
                expect(info.ems).toBe(true)
                expect(info.secureReneg).toBe(true)
            }
            // the server's own view of the connection
            const seen = await ask(CONTROL, "LAST " + c.server)
            expect(seen.version).toBe(info.version)
            expect(seen.suite).toBe(info.suite)
        })
    })
})
