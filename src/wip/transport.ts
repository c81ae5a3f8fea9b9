// Opens the byte stream an HTTP exchange runs on: plain TCP for http://, TLS for https://, optionally
// tunnelled through an HTTP proxy with CONNECT.
//
// TLS: the runtime's TLS socket verifies against its built-in roots and takes no CA, certificate, key,
// seed, suite or version, so it runs a connection only when every AT+SSLSET option has its default value and
// there is no proxy. Anything else needs sslat's own TLS engine, which registers itself with
// registerTlsEngine(); without it such a connection is refused (860), never run with settings ignored.
//
// Watchdog (src/platform/watchdog.ts): opening (TCP, proxy CONNECT, TLS handshake) must finish within
// WD.handshake ms; then the exchange is aborted after WD.read ms without a byte. Every stream is read through
// guard(), which fails with the watchdog's reason once it aborts the activity.
import * as ds from "@devicescript/core"
import { connect } from "@devicescript/net"
import { WD, WD_FIXED, WD_IO, abortReason, kick, watch } from "../platform/watchdog"
import { ByteStream, Url } from "../http/client"
import { asciiText, basicAuth } from "../http/client"
import { SSL_PARAMETRIZED, STATE, defaultOptions, nums } from "../ssl/config"

export const E_STATE = 803
export const E_UNREACHABLE = 842
export const E_PROTOCOL = 860

/** Our TLS engine: runs a client handshake for `host` over `tcp` and returns the protected stream. */
export type TlsEngineConnect = (tcp: ByteStream, host: string, port: number) => Promise<ByteStream>
let engine: TlsEngineConnect = null
export function registerTlsEngine(f: TlsEngineConnect) {
    engine = f
}

/** Why the last open failed (for diagnostics), "" after a success. */
export let lastOpenError = ""

async function tcp(host: string, port: number, proto: "tcp" | "tls"): Promise<ByteStream> {
    return guard(await connect({ host: host, port: port, proto: proto, timeout: WD.handshake }))
}

/**
 * `s` as the watchdog sees it: bytes received are progress; once the watchdog aborts the activity, the next
 * read throws its reason (reads wait at most a watchdog tick at a time, so the abort is seen promptly).
 */
function guard(s: ByteStream): ByteStream {
    return {
        send: async (d: Buffer) => {
            await s.send(d)
        },
        recv: async (t: number) => {
            const end = ds.millis() + (t >= 0 ? t : 1e12)
            for (;;) {
                if (abortReason()) throw new Error(abortReason())
                const left = end - ds.millis()
                if (left <= 0) return undefined
                const b = await s.recv(Math.min(left, WD.tick))
                if (b !== undefined) {
                    kick()
                    return b
                }
            }
        },
        close: async () => {
            await s.close()
        },
    }
}

/** CONNECT host:port through the proxy on `s`; true when the proxy answers 2xx. */
async function tunnel(s: ByteStream, host: string, port: number, user: string, password: string) {
    let h = `CONNECT ${host}:${port} HTTP/1.1\r\nHost: ${host}:${port}\r\n`
    if (user !== undefined) h += "Proxy-Authorization: " + (await basicAuth(user, password || "")) + "\r\n"
    await s.send(Buffer.from(h + "\r\n"))
    // read the proxy's answer up to the blank line, byte-exactly (what follows belongs to the tunnel)
    let head = ""
    for (;;) {
        const b = await s.recv(30000)
        if (!b) return false
        head += asciiText(b)
        if (head.indexOf("\r\n\r\n") >= 0) break
        if (head.length > 4096) return false
    }
    return head.slice(0, 9) === "HTTP/1.1 " || head.slice(0, 9) === "HTTP/1.0 " ? head[9] === "2" : false
}

/**
 * Open the stream for `url` (through the proxy when proxyHost is set). Returns {stream} or {err} with a
 * WIP error code: 803 HTTPS before AT+SSLSETOPTS, 842 host unreachable (DNS, refused), 860 TLS failure or
 * settings that need the TLS engine when it is not available.
 */
export async function openStream(
    url: Url,
    proxyHost: string,
    proxyPort: number,
    proxyUser: string,
    proxyPassword: string
): Promise<{ stream?: ByteStream; err: number }> {
    lastOpenError = ""
    const https = url.scheme === "https"
    if (https && nums[STATE] !== SSL_PARAMETRIZED) {
        lastOpenError = "HTTPS needs AT+SSLINIT and AT+SSLSETOPTS first (SSL state 3)"
        return { err: E_STATE }
    }
    watch(WD.handshake, WD_FIXED, "opening " + url.host + ":" + url.port)
    // the runtime's TLS socket only when every AT+SSLSET option has its default value and there is no proxy
    const ours = https && (!!proxyHost || !defaultOptions())
    if (ours && !engine) {
        lastOpenError = "needs the sslat TLS engine (AT+SSLSET options or a proxy), which this build does not include"
        return { err: E_PROTOCOL }
    }
    let s: ByteStream = null
    try {
        if (proxyHost) {
            s = await tcp(proxyHost, proxyPort, "tcp")
            if (!(await tunnel(s, url.host, url.port, proxyUser, proxyPassword))) {
                lastOpenError = "the proxy refused the tunnel"
                await s.close()
                return { err: E_UNREACHABLE }
            }
        } else s = await tcp(url.host, url.port, https && !ours ? "tls" : "tcp")
    } catch (e) {
        lastOpenError = (e as Error).message
        return { err: https && !ours && !proxyHost ? E_PROTOCOL : E_UNREACHABLE }
    }
    if (ours) {
        try {
            s = await engine(s, url.host, url.port)
        } catch (e) {
            lastOpenError = (e as Error).message
            await s.close()
            return { err: E_PROTOCOL }
        }
    }
    watch(WD.read, WD_IO, "reading from " + url.host)
    return { stream: s, err: 0 }
}
