// Failure cases of the TLS engine against real peers: each ends in the documented error (the alert we send or
// receive and the exact reason), without a panic, is visible in AT+SSLINFO, and the next connection works.
import { describe, test, expect } from "@devicescript/test"
import { tlsConnect, TlsOptions } from "../../src/tls/client"
import { lastTlsInfo } from "../../src/tls/info"
import { setClock } from "../../src/x509/time"
import { Term, OKR } from "../vm/at-term"
import { COMMANDS } from "../../src/at/commands"
import { P, CA_GOOD, CA_OTHER, NOW } from "../gen/tls_negative"
import { failure, readLine, reversed, startsWith } from "./tlslib"

setClock(NOW)

function opts(port: number, ca?: Buffer): TlsOptions {
    return { host: "localhost", port: port, ca: ca || CA_GOOD }
}

/** a line both ways through a connection that must work */
async function roundTrip(port: number) {
    const s = await tlsConnect(opts(port))
    await s.send("still working\n")
    expect(await readLine(s)).toBe(reversed("still working"))
    await s.close()
    expect(lastTlsInfo().state).toBe("closed")
}

/** opens, sends a BULK request and reads everything: the error it ends in */
async function bulk(port: number, n: number): Promise<string> {
    return await failure(async () => {
        const s = await tlsConnect(opts(port))
        await s.send("BULK " + n + "\n")
        for (;;) {
            const b = await s.recv()
            if (b === null) break
        }
    })
}

function expectStart(actual: string, prefix: string) {
    if (!startsWith(actual, prefix)) expect(actual).toBe(prefix + "...")
}

describe("tls failures", () => {
    test("unknown CA: unknown_ca, the next connection works", async () => {
        const e = await failure(() => tlsConnect(opts(P.good13, CA_OTHER)))
        expect(e).toBe("sent unknown_ca: server certificate rejected: unknown issuer")
        expect(lastTlsInfo().verify).toBe("failed: unknown issuer")
        await roundTrip(P.good13)
    })

    test("expired chain: certificate_expired", async () => {
        const e = await failure(() => tlsConnect(opts(P.expired)))
        expectStart(e, "sent certificate_expired: server certificate rejected: certificate expired")
        await roundTrip(P.good12)
    })

    test("wrong host name: bad_certificate", async () => {
        const e = await failure(() => tlsConnect(opts(P.wrongHost)))
        expect(e).toBe("sent bad_certificate: server certificate rejected: host name mismatch (localhost)")
        await roundTrip(P.good13)
    })

    test("server with only suites we do not have (TLS 1.2 RSA-CBC): handshake_failure received", async () => {
        const e = await failure(() => tlsConnect(opts(P.noSuite12)))
        expect(e).toBe("received handshake_failure")
        expect(lastTlsInfo().alertReceived).toBe(true)
        await roundTrip(P.good12)
    })

    test("server with only TLS_AES_128_CCM_SHA256: handshake_failure received", async () => {
        expect(await failure(() => tlsConnect(opts(P.noSuite13)))).toBe("received handshake_failure")
        await roundTrip(P.good13)
    })

    test("downgrade attempt (TLS 1.3 stripped from our ClientHello): illegal_parameter", async () => {
        const e = await failure(() => tlsConnect(opts(P.downgrade)))
        expect(e).toBe("sent illegal_parameter: downgrade to TLS 1.2 detected (server random carries the TLS 1.3 sentinel)")
        await roundTrip(P.good13)
    })

    test("flipped bit in a TLS 1.3 record: bad_record_mac", async () => {
        expect(await bulk(P.flip13, 20000)).toBe("sent bad_record_mac: record authentication failed")
        await roundTrip(P.good13)
    })

    test("flipped bit in a TLS 1.2 record: bad_record_mac", async () => {
        expect(await bulk(P.flip12, 20000)).toBe("sent bad_record_mac: record authentication failed")
        await roundTrip(P.good12)
    })

    test("stream cut in the middle of a record: truncation", async () => {
        expectStart(await bulk(P.truncate, 20000), "connection closed after ")
        expect(lastTlsInfo().error.indexOf("bytes of a record (truncated)") > 0).toBe(true)
        await roundTrip(P.good13)
    })

    test("stream closed at a record boundary without close_notify: truncation", async () => {
        expect(await bulk(P.eof, 20000)).toBe("server closed the connection without close_notify (truncated)")
        await roundTrip(P.good12)
    })

    test("oversized TLS 1.3 record (2^14 + 256 + 1): record_overflow", async () => {
        expect(await bulk(P.oversize13, 20000)).toBe("sent record_overflow: record of 16641 bytes exceeds the 16640-byte limit")
        await roundTrip(P.good13)
    })

    test("oversized TLS 1.2 record (2^14 + 2048 + 1): record_overflow", async () => {
        expect(await bulk(P.oversize12, 20000)).toBe("sent record_overflow: record of 18433 bytes exceeds the 18432-byte limit")
        await roundTrip(P.good12)
    })

    test("garbage (an HTTP answer) instead of a ServerHello: unexpected_message", async () => {
        const e = await failure(() => tlsConnect(opts(P.garbage)))
        expect(e).toBe("sent unexpected_message: not a TLS record: peer sent 485454502f312e3120343030204261642052")
        await roundTrip(P.good13)
    })

    test("a server that closes right after the ClientHello", async () => {
        expect(await failure(() => tlsConnect(opts(P.hangup)))).toBe("server closed the connection during the handshake")
        await roundTrip(P.good12)
    })

    test("nothing listening: TCP failure reported", async () => {
        const e = await failure(() => tlsConnect(opts(P.closed)))
        expectStart(e, "TCP connection failed: ")
        await roundTrip(P.good13)
    })

    test("AT+SSLINFO shows the last failure", async () => {
        await failure(() => tlsConnect(opts(P.good13, CA_OTHER)))
        const t = new Term(COMMANDS)
        await t.at("ATE0")
        const out = await t.at("AT+SSLINFO")
        expect(out.indexOf('+SSLINFO: "state","failed"') >= 0).toBe(true)
        expect(out.indexOf('+SSLINFO: "error","sent unknown_ca: server certificate rejected: unknown issuer"') >= 0).toBe(true)
        expect(out.indexOf('+SSLINFO: "alert",48') >= 0).toBe(true)
        expect(out.indexOf('+SSLINFO: "alert_from","sslat"') >= 0).toBe(true)
        expect(out.slice(out.length - OKR.length)).toBe(OKR)
    })
})
