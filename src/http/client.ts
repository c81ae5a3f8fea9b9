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
    if (scheme !== "http" && scheme !== "https") return null
    let rest = url.slice(i + 3)
    let slash = rest.indexOf("/")
    const q = rest.indexOf("?")
    if (q >= 0 && (slash < 0 || q < slash)) slash = q
    const hostport = slash < 0 ? rest : rest.slice(0, slash)
    let path = slash < 0 ? "/" : rest.slice(slash)
    if (path[0] === "?") path = "/" + path
    if (hostport.indexOf("@") >= 0) return null
    let host = hostport
    let port = scheme === "https" ? 443 : 80
    const c = hostport.lastIndexOf(":")
    if (c >= 0) {
        host = hostport.slice(0, c)
        const ps = hostport.slice(c + 1)
        if (!isDigits(ps)) return null
        port = parseInt(ps)
        if (port < 1 || port > 65535) return null
    }
    if (!host.length || host.indexOf(" ") >= 0) return null
    return { scheme: scheme, host: host, port: port, path: path }
}

function isDigits(s: string, max = 5) {
    if (!s.length || s.length > max) return false
    for (let i = 0; i < s.length; i++) {
        const c = s.charCodeAt(i)
        if (c < 48 || c > 57) return false
    }
    return true
}

/** Host header value for a URL. */
export function hostHeader(u: Url) {
    const dflt = u.scheme === "https" ? 443 : 80
    return u.port === dflt ? u.host : u.host + ":" + u.port
}

/** `Basic <base64(user:password)>` */
export async function basicAuth(user: string, password: string) {
    return "Basic " + (await base64Encode(Buffer.from(user + ":" + password))).toString()
}

/** The request head (request line and headers, ending with the blank line). */
export async function requestHead(req: HttpRequest) {
    let h = req.method + " " + req.target + " HTTP/1.1\r\nHost: " + req.host + "\r\n"
    if (req.user !== undefined) h += "Authorization: " + (await basicAuth(req.user, req.password || "")) + "\r\n"
    const hs = req.headers || []
    for (let i = 0; i + 1 < hs.length; i += 2) h += hs[i] + ": " + hs[i + 1] + "\r\n"
    if (req.bodyLength !== undefined) h += "Content-Length: " + req.bodyLength + "\r\n"
    h += "Connection: close\r\n\r\n"
    return h
}

/**
 * Send `req` on `s`, read the response and hand each body chunk to `onBody` (chunked encoding removed).
 * `onHead` is called once the status and headers are known, before any body byte. Never throws for a peer
 * problem: the result says what went wrong. `timeoutMs` bounds every wait for the peer.
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
        return await exchange(s, req, timeoutMs, onHead, onBody, res)
    } catch (e) {
        // a socket error (reset, refused) or an error thrown by onHead/onBody
        return fail(res, HTTP_E_IO + ": " + (e as Error).message, res.bytes)
    }
}

async function exchange(
    s: ByteStream,
    req: HttpRequest,
    timeoutMs: number,
    onHead: (r: HttpResult) => Promise<void>,
    onBody: (chunk: Buffer) => Promise<void>,
    res: HttpResult
): Promise<HttpResult> {
    await s.send(Buffer.from(await requestHead(req)))
    if (req.body) {
        let sent = 0
        for (;;) {
            const b = await req.body()
            if (!b) break
            sent += b.length
            await s.send(b)
        }
        if (req.bodyLength !== undefined && sent !== req.bodyLength) {
            res.err = "request body length mismatch"
            return res
        }
    }

    // ---- head ----
    let hb: Buffer = null
    let rest: Buffer = null
    let end = -1
    while (end < 0) {
        const b = await s.recv(timeoutMs)
        if (b === undefined) return fail(res, HTTP_E_TIMEOUT)
        if (b === null) return fail(res, hb ? HTTP_E_CLOSED : HTTP_E_BAD)
        const from = hb ? Math.max(0, hb.length - 3) : 0
        hb = hb ? hb.concat(b) : b
        for (let i = from; i + 3 < hb.length; i++) {
            if (hb[i] === 13 && hb[i + 1] === 10 && hb[i + 2] === 13 && hb[i + 3] === 10) {
                end = i
                break
            }
            if ((i & 511) === 511 && charge(1024)) await relax()
        }
        if (end < 0 && hb.length > MAX_HEAD) return fail(res, HTTP_E_HEAD)
    }
    if (end > MAX_HEAD) return fail(res, HTTP_E_HEAD)
    if (end + 4 < hb.length) rest = hb.slice(end + 4)
    const head = asciiText(hb.slice(0, end))
    hb = null
    const lines = head.split("\r\n")
    const sl = lines[0]
    // HTTP/1.x SSS reason
    if (sl.slice(0, 7) !== "HTTP/1." || sl.length < 12 || sl[8] !== " " || !isDigits(sl.slice(9, 12)))
        return fail(res, HTTP_E_BAD)
    res.status = parseInt(sl.slice(9, 12))
    res.reason = sl.slice(13)
    let length = -1
    let chunked = false
    for (let i = 1; i < lines.length; i++) {
        const l = lines[i]
        const c = l.indexOf(":")
        if (c <= 0) return fail(res, HTTP_E_BAD)
        const name = l.slice(0, c).trim().toLowerCase()
        const value = l.slice(c + 1).trim()
        if (name === "content-length") {
            if (!isDigits(value, 15)) return fail(res, HTTP_E_BAD)
            length = parseInt(value)
        } else if (name === "transfer-encoding") {
            chunked = value.toLowerCase().indexOf("chunked") >= 0
        } else if (name === "location") res.location = value
    }
    await onHead(res)
    const noBody = req.method === "HEAD" || res.status === 204 || res.status === 304 || (res.status >= 100 && res.status < 200)
    if (noBody) return res

    // ---- body ----
    if (!chunked) {
        let got = 0
        for (;;) {
            if (rest) {
                let b = rest
                rest = null
                if (length >= 0 && got + b.length > length) b = b.slice(0, length - got)
                got += b.length
                res.bytes = got
                if (b.length) await onBody(b)
            }
            if (length >= 0 && got >= length) break
            const b = await s.recv(timeoutMs)
            if (b === undefined) return fail(res, HTTP_E_TIMEOUT, got)
            if (b === null) {
                if (length >= 0) return fail(res, HTTP_E_CLOSED, got)
                break
            }
            rest = b
        }
        res.bytes = got
        return res
    }

    // chunked: state machine over the incoming bytes
    // st 0: size line, 1: data, 2: CRLF after data, 3: trailer lines, 4: done
    let st = 0
    let line = ""
    let left = 0
    let got = 0
    while (st !== 4) {
        let b = rest
        rest = null
        if (!b) {
            b = await s.recv(timeoutMs)
            if (b === undefined) return fail(res, HTTP_E_TIMEOUT, got)
            if (b === null) return fail(res, HTTP_E_CLOSED, got)
        }
        let i = 0
        while (i < b.length && st !== 4) {
            if (st === 1) {
                const n = Math.min(left, b.length - i)
                await onBody(b.slice(i, i + n))
                got += n
                res.bytes = got
                left -= n
                i += n
                if (left === 0) st = 2
                continue
            }
            const c = b[i++]
            if (c !== 10) {
                if (c !== 13) {
                    if (line.length > 256) return fail(res, HTTP_E_BAD, got)
                    line += String.fromCharCode(c)
                }
                continue
            }
            // end of a line
            if (st === 0) {
                const size = hexValue(line)
                if (size < 0) return fail(res, HTTP_E_BAD, got)
                left = size
                st = size === 0 ? 3 : 1
            } else if (st === 2) {
                if (line.length) return fail(res, HTTP_E_BAD, got)
                st = 0
            } else if (st === 3) {
                if (!line.length) st = 4
            }
            line = ""
        }
    }
    res.bytes = got
    return res
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

function fail(res: HttpResult, err: string, got?: number) {
    res.err = err
    res.bytes = got || 0
    return res
}

/** Value of a chunk-size line (hex digits, optional `;ext`), -1 if malformed or over 2^31. */
function hexValue(line: string) {
    const semi = line.indexOf(";")
    const h = (semi >= 0 ? line.slice(0, semi) : line).trim()
    if (!h.length || h.length > 7) return -1
    let v = 0
    for (let i = 0; i < h.length; i++) {
        const c = h.charCodeAt(i) | 0x20
        let d = -1
        if (c >= 48 && c <= 57) d = c - 48
        else if (c >= 97 && c <= 102) d = c - 87
        if (d < 0) return -1
        v = v * 16 + d
    }
    return v
}
