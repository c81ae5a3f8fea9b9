// Failure cases of the TLS engine against real peers, certificate and handshake side (TLS 1.3 build with path
// validation): each ends in the documented error (the alert we send or receive and the exact reason), without
// a panic, is visible in AT+SSLINFO, and the next connection works. Record-level failures, TLS 1.2 and the
// downgrade check are in tls-negative-record.test.ts (one build with everything exceeds the 64 KB code limit).
// Table-driven: each test function costs code, and this build is close to the limit.
import { describe, test, expect } from "@devicescript/test"
import "../../src/tls/use-tls13"
import "../../src/tls/use-p256" // (the EC code is linked anyway by src/x509's verifier; x25519 would add 1 KB)
import "../../src/tls/use-aesgcm"
import "../../src/tls/use-pathcheck"
import "./sigs-rsa"
import { tlsConnect } from "../../src/tls/client"
import { lastTlsInfo } from "../../src/tls/info"
import { setClock } from "../../src/x509/time"
import { P, CA_GOOD, CA_OTHER, NOW } from "../gen/tls_negative"
import { failure } from "./tlslib"
import { expectStart, roundTrip } from "./tlsneg"

setClock(NOW)

/** [test name, server port, CA, expected error (a trailing "..." = prefix), expected verify result or ""] */
const CASES: any[][] = [
    ["unknown CA: unknown_ca", P.good13, CA_OTHER, "sent unknown_ca: server certificate rejected: unknown issuer", "failed: unknown issuer"],
    ["expired chain: certificate_expired", P.expired, CA_GOOD, "sent certificate_expired: server certificate rejected: certificate expired...", ""],
    ["wrong host name: bad_certificate", P.wrongHost, CA_GOOD, "sent bad_certificate: server certificate rejected: host name mismatch", "failed: host name mismatch"],
]

describe("tls failures (certificates, handshake)", () => {
    CASES.forEach(c => {
        test(c[0] + "; the next connection works", async () => {
            const e = await failure(async () => await tlsConnect({ host: "localhost", port: c[1], ca: c[2] }))
            const want: string = c[3]
            if (want.slice(-3) === "...") expectStart(e, want.slice(0, -3))
            else expect(e).toBe(want)
            if (c[4]) expect(lastTlsInfo().verify).toBe(c[4])
            expect(lastTlsInfo().state).toBe("failed")
            await roundTrip({ host: "localhost", port: P.good13, ca: CA_GOOD })
        })
    })
})
