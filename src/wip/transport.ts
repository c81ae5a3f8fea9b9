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
// a guarded recv, which fails with the watchdog's reason once it aborts the activity.
import * as ds from "@devicescript/core"
import { connect } from "@devicescript/net"
import { WD, WD_FIXED, WD_IO, kick, watch, why } from "../platform/watchdog"
import { ByteStream, Url, asciiText, basicAuth } from "../http/client"
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

/**
 * Open the stream for `url` (through the proxy when proxyHost is set). Returns the stream, or a number: the
 * WIP error code, 803 HTTPS before AT+SSLSETOPTS, 842 host unreachable (DNS, refused, the proxy refused the
 * tunnel), 860 TLS failure or settings that need the TLS engine when it is not available.
 */
export async function openStream(
    url: Url,
    proxyHost: string,
    proxyPort: number,
    proxyUser: string,
    proxyPassword: string
): Promise<ByteStream | number> {
    const https = url.scheme === "https"
    const host = url.host
    const port = url.port
    // the runtime's TLS socket only when every AT+SSLSET option has its default value and there is no proxy
    const ours = https && (!!proxyHost || !defaultOptions())
    let s: ByteStream = null
    let err = E_STATE
    lastOpenError = ""
    try {
        if (https) if (nums[STATE] !== SSL_PARAMETRIZED) throw "HTTPS needs AT+SSLINIT and AT+SSLSETOPTS first (SSL state 3)"
        watch(WD.handshake, WD_FIXED, `opening ${host}:${port}`)
        err = E_PROTOCOL
        if (ours) if (!engine) throw "needs the sslat TLS engine (AT+SSLSET options or a proxy), which this build does not include"
        // the runtime's TLS socket fails with 860, a TCP connection (or the proxy's) with 842
        if (ours || !https) err = E_UNREACHABLE
        s = await connect({
            host: proxyHost || host,
            port: proxyHost ? proxyPort : port,
            proto: https && !ours ? "tls" : "tcp",
            timeout: WD.handshake,
        })
        // the socket as the watchdog sees it: bytes received are progress; once the watchdog aborts the
        // activity, the next read throws its reason (reads wait at most a watchdog tick at a time, so the abort
        // is seen promptly). Its recv is replaced in place (the original is a bound method).
        const recv = s.recv
        s.recv = async (t: number) => {
            const end = ds.millis() + (t >= 0 ? t : 1e12)
            for (;;) {
                if (why) throw new Error(why)
                const left = end - ds.millis()
                if (left <= 0) return undefined
                const b = await recv(Math.min(left, WD.tick))
                if (b !== undefined) {
                    kick()
                    return b
                }
            }
        }
        if (proxyHost) {
            // CONNECT host:port; the proxy's answer is read up to the blank line, byte-exactly (what follows
            // belongs to the tunnel); a 2xx status opens the tunnel
            let h = `CONNECT ${host}:${port} HTTP/1.1\r\nHost: ${host}:${port}\r\n`
            if (proxyUser !== undefined) h += `Proxy-Authorization: ${await basicAuth(proxyUser, proxyPassword || "")}\r\n`
            await s.send(Buffer.from(h + "\r\n"))
            let head = ""
            while (head.indexOf("\r\n\r\n") < 0) {
                const b = head.length > 4096 ? null : await s.recv(30000)
                if (!b) {
                    head = ""
                    break
                }
                head += asciiText(b)
            }
            const k = "HTTP/1.1 2|HTTP/1.0 2".indexOf(head.slice(0, 10))
            if (k !== 0) if (k !== 11) throw "the proxy refused the tunnel"
        }
        if (ours) {
            err = E_PROTOCOL
            s = await engine(s, host, port)
        }
    } catch (e) {
        lastOpenError = typeof e === "string" ? (e as string) : (e as Error).message
        try {
            if (s) await s.close()
        } catch (e) {}
        return err
    }
    watch(WD.read, WD_IO, "reading from " + host)
    return s
}
