// AT+SSLINFO through the AT engine: "state","none" before any TLS connection; after one, every item of the
// connection's diagnostics, strings quoted (a double quote inside a value becomes '), numbers bare.
import { describe, test, expect } from "@devicescript/test"
import { COMMANDS } from "../../src/at/commands"
import { TlsError } from "../../src/tls/errors"
import { TlsInfo, setLastTlsInfo } from "../../src/tls/info"
import { OKR, Term, fr, same } from "../vm/at-term"

async function quiet() {
    const t = new Term(COMMANDS)
    same(await t.at("ATE0"), "ATE0\r" + OKR)
    return t
}

describe("AT+SSLINFO", () => {
    test("before any connection", async () => {
        setLastTlsInfo(null)
        const t = await quiet()
        same(await t.at("AT+SSLINFO"), fr('+SSLINFO: "state","none"') + OKR)
        same(await t.at("AT+SSLINFO?"), fr('+SSLINFO: "state","none"') + OKR)
        same(await t.at("AT+SSLINFO=?"), OKR)
    })

    test("a failed TLS 1.2 connection: every item, the alert and who sent it", async () => {
        const i = new TlsInfo("sslat", "example.com", 443)
        i.engineReason = "CA file (1)"
        i.version = "TLSv1.2"
        i.suite = "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"
        i.group = "x25519"
        i.ems = true
        i.secureReneg = true
        i.peerSubject = 'CN=a "quoted" name'
        i.verify = "ok"
        i.handshakeMs = 1234
        i.fail(new TlsError(20, "record authentication failed"))
        setLastTlsInfo(i)
        const t = await quiet()
        const lines = [
            '+SSLINFO: "engine","sslat"',
            '+SSLINFO: "engine_reason","CA file (1)"',
            '+SSLINFO: "server","example.com:443"',
            '+SSLINFO: "state","failed"',
            '+SSLINFO: "version","TLSv1.2"',
            '+SSLINFO: "suite","TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"',
            '+SSLINFO: "group","x25519"',
            '+SSLINFO: "hrr",0',
            '+SSLINFO: "ems",1',
            '+SSLINFO: "secure_renegotiation",1',
            '+SSLINFO: "renegotiation_refused",0',
            "+SSLINFO: \"peer\",\"CN=a 'quoted' name\"",
            '+SSLINFO: "verify","ok"',
            '+SSLINFO: "handshake_ms",1234',
            '+SSLINFO: "error","sent bad_record_mac: record authentication failed"',
            '+SSLINFO: "alert",20',
            '+SSLINFO: "alert_from","sslat"',
        ]
        same(await t.at("AT+SSLINFO"), fr(lines.join("\r\n")) + OKR)
        setLastTlsInfo(null)
    })

    test("an alert received from the server is attributed to it", async () => {
        const i = new TlsInfo("sslat", "h", 1)
        i.fail(new TlsError(40, "", true))
        setLastTlsInfo(i)
        const t = await quiet()
        const out = await t.at("AT+SSLINFO")
        expect(out.indexOf('+SSLINFO: "error","received handshake_failure"') >= 0).toBe(true)
        expect(out.indexOf('+SSLINFO: "alert_from","server"') >= 0).toBe(true)
        setLastTlsInfo(null)
    })
})
