// Helpers of the TLS glue tests: set the AT+SSLSET options as the SSL commands do, GET through openStream.
import { SSL_COPT_CERT_AUTHORITY, SSL_INITIALIZED, SSL_PARAMETRIZED, resetSsl, setNumberOption, setSslState, setStringOption } from "../../src/ssl/config"
import { writeFile } from "../../src/store/files"
import { ByteStream, asciiText, parseUrl } from "../../src/http/client"
import { lastOpenError, openStream, registerTlsEngine } from "../../src/wip/transport"
import { tlsWithSettings } from "../../src/wip/tls-glue"
import { lastTlsInfo } from "../../src/tls/info"
import { WD } from "../../src/platform/watchdog"
import * as gen from "../gen/tls_glue"

registerTlsEngine(tlsWithSettings)
WD.tick = 100

/** Options as after AT+SSLINIT, the CA (hex of the file, "" for none) at /dir/ca.pem, numeric options as [opt, value]..., then AT+SSLSETOPTS. */
export async function setOptions(caHex: string, nums: number[]) {
    resetSsl()
    setSslState(SSL_INITIALIZED)
    if (caHex) {
        expect0(await writeFile("/dir/ca.pem", Buffer.from(caHex, "hex")))
        setStringOption(SSL_COPT_CERT_AUTHORITY, "/dir/ca.pem", "")
    }
    for (let i = 0; i < nums.length; i += 2) setNumberOption(nums[i], nums[i + 1])
    setSslState(SSL_PARAMETRIZED)
}

function expect0(n: number) {
    if (n) throw new Error("store error " + n)
}

/**
 * GET https://localhost:<port><path> as AT+WIPFILE does (through the test's CONNECT proxy as user "pu" when a
 * proxy password is given); the outcome and the TLS diagnostics.
 */
export async function get(port: number, path: string, proxyPassword?: string) {
    const r = { err: 0, status: 0, body: "", verify: "", version: "", why: "", alert: -1 }
    const viaProxy = proxyPassword !== undefined
    const o = await openStream(
        parseUrl(`https://localhost:${port}${path}`),
        viaProxy ? "127.0.0.1" : "",
        viaProxy ? gen.PROXY_PORT : 0,
        viaProxy ? "pu" : undefined,
        proxyPassword
    )
    const info = lastTlsInfo()
    r.verify = info ? info.verify : ""
    r.version = info ? info.version : ""
    // an alert the server sent (-1: none, or one we sent)
    r.alert = info && info.alertReceived ? info.alert : -1
    r.err = typeof o === "number" ? (o as number) : 0
    r.why = lastOpenError
    if (!r.err) {
        const st = o as ByteStream
        // a bare HTTP/1.0 exchange (the HTTP client is tested on its own; this keeps the build under 64 KB)
        await st.send(Buffer.from(`GET ${path} HTTP/1.0\r\nHost: localhost\r\n\r\n`))
        let all = Buffer.alloc(0)
        for (;;) {
            const b = await st.recv(30000)
            if (!b) break
            all = all.concat(b)
        }
        await st.close()
        const text = asciiText(all)
        const end = text.indexOf("\r\n\r\n")
        r.status = text.slice(0, 9) === "HTTP/1.1 " ? parseInt(text.slice(9, 12)) : -1
        r.body = end < 0 ? "" : all.slice(end + 4).toString("hex")
    }
    return r
}
