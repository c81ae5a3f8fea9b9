// The seed's start sequence (2.3.1.1) over sslat's own TLS engine, through the AT engine, against loopback TLS
// servers with a private CA (test/node/tls-glue.test.mjs): the CA uploaded with AT+SSLFILE, then
// AT+WIPFILE; a wrong CA, TLS 1.2 only against a TLS 1.3-only server, no verification, a stalled handshake:
// each with its documented error and a modem that answers AT afterwards.
// The program registers src/wip/tls-glue.ts as src/main-tls.ts does.
import * as ds from "@devicescript/core"
import { describe, test, expect, afterEach } from "@devicescript/test"
import { OKR, Term, fr, same } from "../vm/at-term"
import { resetWip } from "../../src/wip/commands"
import { registerTlsEngine } from "../../src/wip/transport"
import { tlsWithSettings } from "../../src/wip/tls-glue"
import { deleteFile } from "../../src/store/files"
import { WD } from "../../src/platform/watchdog"
import "../../src/tls/use-tls13"
import "../../src/tls/use-tls12"
import "../../src/tls/use-x25519"
import "../../src/tls/use-p256"
import "../../src/tls/use-aesgcm"
import "../../src/tls/use-pathcheck"
import * as gen from "../gen/tls_glue"

registerTlsEngine(tlsWithSettings)
WD.handshake = 20000
WD.tick = 100

const CMEE_ERR = (n: number) => `\r\n+CME ERROR: ${n}\r\n`

async function waitFor(t: Term, tail: string, ms = 5000) {
    const end = ds.millis() + ms
    let got = ""
    while (ds.millis() < end) {
        got += t.take()
        if (got.length >= tail.length && got.slice(got.length - tail.length) === tail) break
        await ds.sleep(1)
    }
    return got
}

async function put(t: Term, path: string, hexData: string) {
    const data = Buffer.from(hexData, "hex")
    await t.feed(`AT+SSLFILE=0,"${path}",${data.length}\r`)
    same(await waitFor(t, "\r\n> "), "\r\n> ")
    await t.feed(data)
    await t.settle()
    expect(t.take().indexOf(`+SSLFILE: "${path}",${data.length},`) > 0).toBe(true)
}

/** The start sequence up to +WIPREADY with the given AT+SSLSET lines. */
async function start(t: Term, sets: string[]) {
    resetWip()
    same(await t.at("ATE0"), "ATE0\r" + OKR)
    for (const l of ["AT+CMEE=1", "AT+WIPCFG=1", "AT+SSLINIT"]) same(await t.at(l), OKR)
    for (const l of sets) same(await t.at(l), OKR)
    for (const l of ["AT+SSLSETOPTS", "AT+WIPBR=1,6", "AT+WIPBR=4,6,0", "AT+SSLBOOST=1"]) same(await t.at(l), OKR)
    same(await t.at("AT+WIPCREATE=5,1"), OKR + fr("+WIPREADY: 5,1"))
}

async function info(t: Term, key: string) {
    const out = await t.at("AT+SSLINFO")
    const k = `+SSLINFO: "${key}",`
    const i = out.indexOf(k)
    return i < 0 ? "" : out.slice(i + k.length, out.indexOf("\r\n", i))
}

const body = Buffer.from(gen.BODY_HEX, "hex")
function download(status: string) {
    // body bytes contain no ETX/DLE (checked by the driver)
    return "\r\nCONNECT\r\n" + body.toString() + "\x03" + fr(`+WIPFILE: 5,1,1,${status}`) + OKR
}

describe("HTTPS on sslat's TLS engine through the WIP commands", () => {
    afterEach(async () => {
        await deleteFile("/dir/ca.pem")
    })
    test("the start sequence with a private CA: the page, SSL state 2 during and 3 after, verified", async () => {
        const t = new Term()
        await put(t, "/dir/ca.pem", gen.CA_HEX)
        await start(t, ['AT+SSLSET=1,"/dir/ca.pem"', 'AT+SSLSET=3,"randomstring12345"'])
        same(await t.at(`AT+WIPFILE=5,1,1,"https://localhost:${gen.PORT}/page"`), download('200,"OK"'))
        same(await t.at("AT+SSLBOOST=0"), OKR)
        same(await t.at("at+wipclose=5,1"), OKR)
        same(await t.at("AT+SSLSTATE"), fr("+SSLSTATE: 3") + OKR)
        expect(await info(t, "engine")).toBe('"sslat"')
        expect(await info(t, "verify")).toBe('"ok"')
    })
    test("a CA that did not sign the server: 860, the reason in AT+SSLINFO, the modem answers AT", async () => {
        const t = new Term()
        await put(t, "/dir/ca.pem", gen.OTHER_CA_HEX)
        await start(t, ['AT+SSLSET=1,"/dir/ca.pem"'])
        same(await t.at(`AT+WIPFILE=5,1,1,"https://localhost:${gen.PORT}/page"`), CMEE_ERR(860))
        expect((await info(t, "verify")).indexOf("failed") > 0).toBe(true)
        same(await t.at("AT"), OKR)
        same(await t.at("AT+SSLSTATE"), fr("+SSLSTATE: 3") + OKR)
    })
    test("option 9=3 (TLS 1.2 only): TLS 1.2 against a server that has both, 860 against a TLS 1.3-only one", async () => {
        const t = new Term()
        await put(t, "/dir/ca.pem", gen.CA_HEX)
        await start(t, ['AT+SSLSET=1,"/dir/ca.pem"', "AT+SSLSET=9,3"])
        same(await t.at(`AT+WIPFILE=5,1,1,"https://localhost:${gen.PORT}/page"`), download('200,"OK"'))
        expect(await info(t, "version")).toBe('"TLSv1.2"')
        same(await t.at(`AT+WIPFILE=5,1,1,"https://localhost:${gen.PORT13}/page"`), CMEE_ERR(860))
        expect((await info(t, "alert")) !== "-1").toBe(true)
        same(await t.at("AT"), OKR)
    })
    test("option 4=0 without a CA: the page, recorded as unverified", async () => {
        const t = new Term()
        await start(t, ["AT+SSLSET=4,0"])
        same(await t.at(`AT+WIPFILE=5,1,1,"https://localhost:${gen.PORT}/page"`), download('200,"OK"'))
        expect(await info(t, "verify")).toBe('"off (unverified)"')
    })
    test("option 6=1 (RSA authentication) against an ECDSA-only server: 860 (no ECDSA suite offered)", async () => {
        const t = new Term()
        await start(t, ["AT+SSLSET=4,0", "AT+SSLSET=6,1"])
        same(await t.at(`AT+WIPFILE=5,1,1,"https://localhost:${gen.PORT}/page"`), CMEE_ERR(860))
        same(await t.at("AT"), OKR)
    })
    test("a server that never answers the ClientHello: aborted by the watchdog (WD.handshake), 860", async () => {
        const t = new Term()
        await start(t, ["AT+SSLSET=4,0"])
        same(await t.at("AT+SSLBOOST=0"), OKR)
        WD.handshake = 2000
        const t0 = ds.millis()
        same(await t.at(`AT+WIPFILE=5,1,1,"https://localhost:${gen.SILENT_PORT}/"`), CMEE_ERR(860))
        expect(ds.millis() - t0 >= 2000).toBe(true)
        WD.handshake = 20000
        expect((await info(t, "error")).indexOf("watchdog") >= 0).toBe(true)
        same(await t.at("AT"), OKR)
    })
})
