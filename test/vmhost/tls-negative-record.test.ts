// Failure cases of the TLS engine against real peers, record layer, version and misbehaving peers (TLS 1.3 +
// 1.2 build, certificate verification off: the certificate failures are in tls-negative-cert.test.ts, and one
// build with everything exceeds the 64 KB code limit): each ends in the documented error, without a panic, is
// visible in AT+SSLINFO, and the next connection works. The tampered records are 8 KB application-data records
// (BULK 8192): a 16 KB record does not reliably fit the heap left in this build (see docs/BENCHMARKS.md, tls).
import { describe, test, expect } from "@devicescript/test"
import "../../src/tls/use-tls13"
import "../../src/tls/use-tls12"
import "../../src/tls/use-x25519"
import "../../src/tls/use-aesgcm"
import "./sigs-rsa"
import { tlsConnect, TlsOptions } from "../../src/tls/client"
import { lastTlsInfo } from "../../src/tls/info"
import { infoLines } from "../../src/tls/sslinfo"
import { P } from "../gen/tls_negative"
import { failure } from "./tlslib"
import { bulk, expectStart, roundTrip } from "./tlsneg"

function opts(port: number): TlsOptions {
    return { host: "localhost", port: port, verify: false }
}

/** [test name, server port, expected error (a trailing "..." = prefix)] */
const PEERS: any[][] = [
    ["server with only TLS_AES_128_CCM_SHA256: handshake_failure received", P.noSuite13, "received handshake_failure"],
    ["garbage (an HTTP answer) instead of a ServerHello: unexpected_message", P.garbage, "sent unexpected_message: not a TLS record: peer sent 485454502f312e312034303020426164"],
    ["a server that closes right after the ClientHello", P.hangup, "server closed the connection during the handshake"],
    ["nothing listening: TCP failure reported", P.closed, "TCP connection failed: ..."],
]

describe("tls failures (records, versions, peers)", () => {
    test("flipped bit in a TLS 1.3 record: bad_record_mac", async () => {
        expect(await bulk(opts(P.flip13), 8192)).toBe("sent bad_record_mac: record authentication failed")
        await roundTrip(opts(P.good13))
    })

    test("flipped bit in a TLS 1.2 record: bad_record_mac", async () => {
        expect(await bulk(opts(P.flip12), 8192)).toBe("sent bad_record_mac: record authentication failed")
        await roundTrip(opts(P.good12))
    })

    test("server with only suites we do not have (TLS 1.2 RSA-CBC): handshake_failure received", async () => {
        const e = await failure(async () => await tlsConnect(opts(P.noSuite12)))
        expect(e).toBe("received handshake_failure")
        expect(lastTlsInfo().alertReceived).toBe(true)
        await roundTrip(opts(P.good12))
    })

    test("downgrade attempt (TLS 1.3 stripped from our ClientHello): illegal_parameter", async () => {
        const e = await failure(async () => await tlsConnect(opts(P.downgrade)))
        expect(e).toBe("sent illegal_parameter: downgrade to TLS 1.2 detected (server random carries the TLS 1.3 sentinel)")
        await roundTrip(opts(P.good13))
    })

    test("stream cut in the middle of a record: truncation", async () => {
        expectStart(await bulk(opts(P.truncate), 8192), "connection closed after ")
        expect(lastTlsInfo().error.indexOf("bytes of a record (truncated)") > 0).toBe(true)
        await roundTrip(opts(P.good13))
    })

    test("stream closed at a record boundary without close_notify: truncation", async () => {
        expect(await bulk(opts(P.eof), 8192)).toBe("server closed the connection without close_notify (truncated)")
        await roundTrip(opts(P.good12))
    })

    test("oversized TLS 1.3 record (2^14 + 256 + 1): record_overflow", async () => {
        expect(await bulk(opts(P.oversize13), 8192)).toBe("sent record_overflow: record of 16641 bytes exceeds the 16640-byte limit")
        await roundTrip(opts(P.good13))
    })

    test("oversized TLS 1.2 record (2^14 + 2048 + 1): record_overflow", async () => {
        expect(await bulk(opts(P.oversize12), 8192)).toBe("sent record_overflow: record of 18433 bytes exceeds the 18432-byte limit")
        await roundTrip(opts(P.good12))
    })

    PEERS.forEach(c => {
        test(c[0] + "; the next connection works", async () => {
            const e = await failure(async () => await tlsConnect(opts(c[1])))
            const want: string = c[2]
            if (want.slice(-3) === "...") expectStart(e, want.slice(0, -3))
            else expect(e).toBe(want)
            expect(lastTlsInfo().state).toBe("failed")
            await roundTrip(opts(P.good13))
        })
    })

    test("the diagnostics (AT+SSLINFO lines) show the last failure", async () => {
        await failure(async () => await tlsConnect(opts(P.downgrade)))
        const out = infoLines(lastTlsInfo()).join("\n")
        const want = [
            '"state","failed"',
            '"error","sent illegal_parameter: downgrade to TLS 1.2 detected (server random carries the TLS 1.3 sentinel)"',
            '"alert",47',
            '"alert_from","sslat"',
        ]
        want.forEach(w => expect(out.indexOf("+SSLINFO: " + w) >= 0).toBe(true))
    })
})
