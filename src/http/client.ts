// A small HTTP/1.1 client over any byte stream (plain TCP, the runtime's TLS socket or our TLS engine).
//
// One request per connection (`Connection: close`), so the end of the body is the end of the stream unless
// Content-Length or chunked encoding says otherwise. The body streams to a callback: nothing holds more than
// one received chunk plus the header block (at most MAX_HEAD bytes), whatever the body size.
// Redirects are not followed: the status and the Location header go back to the caller.
import { base64Encode } from "../x509/base64"
import { charge, relax } from "../platform/budget"

/** What the client needs from a connection. recv: bytes, null at end of stream, undefined on timeout. */
export interface ByteStream {
    send(data: Buffer): Promise<void>
    recv(timeoutMs: number): Promise<Buffer>
    close(): Promise<void>
}

export interface HttpRequest {
    method: string
    /** Host header value (host, or host:port when the port is not the scheme's default) */
    host: string
    /** request target: a path, or an absolute URL when talking to a proxy */
    target: string
    /** extra header lines as flat name, value pairs */
    headers?: string[]
    user?: string
    password?: string
    /** body length for uploads; the body comes from `body` until it returns null */
    bodyLength?: number
    body?: () => Promise<Buffer>
}

export interface HttpResult {
    /** "" when the exchange completed, else why not (HTTP_E_* below) */
    err: string
    status: number
    reason: string
    location: string
    /** body bytes delivered to onBody */
    bytes: number
}

export const HTTP_E_TIMEOUT = "timeout"
export const HTTP_E_CLOSED = "connection closed before the end of the response"
export const HTTP_E_BAD = "malformed response"
export const HTTP_E_HEAD = "response header too large"
export const HTTP_E_IO = "connection error"

/** Longest response header block accepted. */
export const MAX_HEAD = 4096

export interface Url {
    scheme: string
    host: string
    port: number
    /** path with query, at least "/" */
    path: string
}

/** Parse `http://host[:port][/path]` or `https://…`; null if it is not such a URL. */
export function parseUrl(url: string): Url {
    const i = url.indexOf("://")
    if (i <= 0) return null
    const scheme = url.slice(0, i).toLowerCase()
    if (scheme !== "http") if (scheme !== "https") return null
    let rest = url.slice(i + 3)
    let slash = rest.indexOf("/")
    const q = rest.indexOf("?")
    if (q >= 0) if (slash < 0 || q < slash) slash = q
    if (slash < 0) slash = rest.length
    const hostport = rest.slice(0, slash)
    // "" (no path) and "?query" get a leading "/"
    let path = rest.slice(slash)
    if (path[0] !== "/") path = "/" + path
    if (hostport.indexOf("@") >= 0) return null
    let host = hostport
    let port = scheme === "https" ? 443 : 80
    const c = hostport.lastIndexOf(":")
    if (c >= 0) {
        host = hostport.slice(0, c)
        port = decimal(hostport.slice(c + 1), 5)
        if (port < 1) return null
        if (port > 65535) return null
    }
    if (!host.length) return null
    if (host.indexOf(" ") >= 0) return null
    return { scheme: scheme, host: host, port: port, path: path }
}

/** Value of `s` when it is 1..max decimal digits, else -1. */
function decimal(s: string, max: number) {
    // 1..max digits
    if (s.length - 1 >>> 0 >= max) return -1
    let v = 0
    for (let i = 0; i < s.length; i++) {
        const c = s.charCodeAt(i) - 48
        if (c >>> 0 > 9) return -1
        v = v * 10 + c
    }
    return v
}

/** `Basic <base64(user:password)>` */
export async function basicAuth(user: string, password: string) {
    return "Basic " + (await base64Encode(Buffer.from(`${user}:${password}`))).toString()
}

/** The request head (request line and headers, ending with the blank line). */
export async function requestHead(req: HttpRequest) {
    let h = `${req.method} ${req.target} HTTP/1.1\r\nHost: ${req.host}\r\n`
    if (req.user !== undefined) h += `Authorization: ${await basicAuth(req.user, req.password || "")}\r\n`
    const hs = req.headers || []
    for (let i = 0; i + 1 < hs.length; i += 2) h += `${hs[i]}: ${hs[i + 1]}\r\n`
    if (req.bodyLength !== undefined) h += `Content-Length: ${req.bodyLength}\r\n`
    h += "Connection: close\r\n\r\n"
    return h
}

/**
 * Send `req` on `s`, read the response and hand each body chunk to `onBody` (chunked encoding removed).
 * `onHead` (optional) is called once the status and headers are known, before any body byte; without
 * `onBody` the body is read and dropped. Never throws for a peer
 * problem: the result says what went wrong (`bytes`: body bytes delivered until then). `timeoutMs` bounds
 * every wait for the peer.
 */
export async function httpExchange(
    s: ByteStream,
    req: HttpRequest,
    timeoutMs: number,
    onHead: (r: HttpResult) => Promise<void>,
    onBody: (chunk: Buffer) => Promise<void>
): Promise<HttpResult> {
    const res: HttpResult = { err: "", status: 0, reason: "", location: "", bytes: 0 }
    try {
        await exchange(s, req, timeoutMs, onHead, onBody, res)
    } catch (e) {
        // an HTTP_E_* string thrown below, or a socket error (reset, refused) or an error thrown by onHead/onBody
        res.err = typeof e === "string" ? (e as string) : HTTP_E_IO + ": " + (e as Error).message
    }
    return res
}

/** Next bytes from the peer; throws HTTP_E_TIMEOUT, or `closed` at the end of the stream (null when it is "") */
async function recv(s: ByteStream, timeoutMs: number, closed: string): Promise<Buffer> {
    const b = await s.recv(timeoutMs)
    if (b === undefined) throw HTTP_E_TIMEOUT
    if (b === null) if (closed) throw closed
    return b
}

async function exchange(
    s: ByteStream,
    req: HttpRequest,
    timeoutMs: number,
    onHead: (r: HttpResult) => Promise<void>,
    onBody: (chunk: Buffer) => Promise<void>,
    res: HttpResult
) {
    await s.send(Buffer.from(await requestHead(req)))
    if (req.body) {
        let sent = 0
        for (;;) {
            const b = await req.body()
            if (!b) break
            sent += b.length
            await s.send(b)
        }
        if (req.bodyLength !== undefined) if (sent !== req.bodyLength) throw "request body length mismatch"
    }

    // ---- head: up to the blank line (CR LF CR LF; CRs found with the runtime's byte search) ----
    let hb: Buffer = null
    let end = -1
    let i = 0
    while (end < 0) {
        if (hb) if (hb.length > MAX_HEAD) throw HTTP_E_HEAD
        const b = await recv(s, timeoutMs, hb ? HTTP_E_CLOSED : HTTP_E_BAD)
        hb = hb ? hb.concat(b) : b
        // i: the first byte not yet ruled out as the start of the blank line
        while ((i = hb.indexOf(13, i)) >= 0 && i + 3 < hb.length) {
            if (hb[i + 1] === 10) if (hb[i + 2] === 13) if (hb[i + 3] === 10) {
                end = i
                break
            }
            i++
            if (charge(8)) await relax()
        }
        if (i < 0) i = hb.length
    }
    if (end > MAX_HEAD) throw HTTP_E_HEAD
    // body bytes that came with the head (possibly none)
    let rest = hb.slice(end + 4)
    const lines = asciiText(hb.slice(0, end)).split("\r\n")
    hb = null
    const sl = lines[0]
    // HTTP/1.x SSS reason
    if (sl.slice(0, 7) !== "HTTP/1.") throw HTTP_E_BAD
    if (sl.length < 12) throw HTTP_E_BAD
    if (sl[8] !== " ") throw HTTP_E_BAD
    const code = decimal(sl.slice(9, 12), 3)
    if (code < 0) throw HTTP_E_BAD
    res.status = code
    res.reason = sl.slice(13)
    let left = -1
    let chunked = false
    for (let i = 1; i < lines.length; i++) {
        const l = lines[i]
        const c = l.indexOf(":")
        if (c <= 0) throw HTTP_E_BAD
        const name = l.slice(0, c).trim().toLowerCase()
        const value = l.slice(c + 1).trim()
        if (name === "content-length") {
            left = decimal(value, 15)
            if (left < 0) throw HTTP_E_BAD
        } else if (name === "transfer-encoding") {
            chunked = value.toLowerCase().indexOf("chunked") >= 0
        } else if (name === "location") res.location = value
    }
    if (onHead) await onHead(res)
    const st0 = res.status
    if (req.method === "HEAD") return
    if (st0 === 204) return
    if (st0 === 304) return
    if (st0 >= 100) if (st0 < 200) return

    // ---- body: one state machine over the incoming bytes ----
    // st 0: chunk-size line, 1: data (`left` bytes, -1 until the end of the stream), 2: CRLF after chunk data,
    // 3: trailer lines, 4: done. Without chunked encoding: data of Content-Length bytes (or to the end).
    let st = left ? 1 : 4
    if (chunked) st = left = 0
    let line = ""
    while (st !== 4) {
        let b = rest
        rest = null
        // the end of the stream ends a body of unknown length; anywhere else it is an error
        // (left < 0 only for a body without length, read in state 1)
        if (!b) b = await recv(s, timeoutMs, left < 0 ? "" : HTTP_E_CLOSED)
        if (!b) break
        let i = 0
        while (i < b.length) {
            if (st === 4) break
            if (st === 1) {
                let n = b.length - i
                if (left >= 0) if (n > left) n = left
                // (no copy when the whole piece is body: a burst from the peer can be ~16 KB)
                // (n === b.length only when i is 0)
                if (onBody) await onBody(n < b.length ? b.slice(i, i + n) : b)
                res.bytes += n
                i += n
                if (left >= 0) {
                    left -= n
                    if (!left) st = chunked ? 2 : 4
                }
                continue
            }
            const c = b[i++]
            if (c !== 10) {
                if (c !== 13) {
                    if (line.length > 256) throw HTTP_E_BAD
                    line += String.fromCharCode(c)
                }
                continue
            }
            // end of a line
            if (st === 0) {
                // chunk size: hex digits, optional `;ext`, at most 7 digits
                const h = line.split(";")[0].trim()
                // 1..7 digits
                if (h.length - 1 >>> 0 > 6) throw HTTP_E_BAD
                left = 0
                for (let j = 0; j < h.length; j++) {
                    // (a digit or a letter of either case: the code | 0x20)
                    const d = "0123456789abcdef".indexOf(String.fromCharCode(h.charCodeAt(j) | 0x20))
                    if (d < 0) throw HTTP_E_BAD
                    left = left * 16 + d
                }
                st = left ? 1 : 3
            } else if (st === 2) {
                if (line.length) throw HTTP_E_BAD
                st = 0
            } else if (!line.length) st = 4 // end of the trailer
            line = ""
        }
    }
}

/**
 * Bytes as text with every non-ASCII byte replaced by "?": peer bytes are never decoded as UTF-8, since
 * Buffer.toString("utf-8") on invalid UTF-8 can panic the VM (60129, seen with random bytes).
 */
export function asciiText(b: Buffer) {
    const c = Buffer.alloc(b.length)
    for (let i = 0; i < b.length; i++) c[i] = b[i] < 128 ? b[i] : 63
    return c.toString("utf-8")
}
