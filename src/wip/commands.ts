// The Sierra WIP subset that carries HTTP(S): +WIPCFG, +WIPBR, +WIPCREATE=5, +WIPFILE=5, +WIPCLOSE=5.
//
// - AT+WIPCFG=1 starts the IP stack, =0 stops it (closing every session).
// - AT+WIPBR on bearer 6 (GPRS): open/close, set/get options (APN, user, password…), start/stop. The options
//   are remembered and reported for compatibility; the link itself is the runtime's network (Wi-Fi on an
//   ESP32, the host's network in the simulator).
// - AT+WIPCREATE=5,<idx>[,<proxy>,<port>][,<user>,<password>][,<header>,<value>…] creates HTTP session idx
//   (1..8): OK, then `+WIPREADY: 5,<idx>`.
// - AT+WIPFILE=5,<idx>,<mode>,<url>[,<user>,<password>][,<header>,<value>…]: mode 1 GET, 2 PUT, 3 POST.
//   GET: `CONNECT`, the body in data mode with [DLE] before every [ETX] (0x03) or [DLE] (0x10) byte, [ETX],
//   then `+WIPFILE: 5,<idx>,<mode>,<status>,"<reason>"` and OK. PUT/POST: `CONNECT`, the host sends the body
//   the same way (escaped, ended by an unescaped [ETX]); it goes out chunked; then the +WIPFILE line and OK.
// - AT+WIPCLOSE=5,<idx> deletes the session.
// Errors are `+CME ERROR: <code>` (with AT+CMEE=1 or 2) with the WIP codes below.
import { AtArg, AtContext, ERROR, OK, READ, SET, TEST } from "../at/table"
import { ByteStream, HttpRequest, httpExchange, parseUrl } from "../http/client"
import { openStream } from "./transport"
import { SSL_CONNECTED, SSL_PARAMETRIZED, STATE, nums } from "../ssl/config"
import { charge, relax } from "../platform/budget"
import { WD, kick } from "../platform/watchdog"

export const WIP_E_OPTION = 800
export const WIP_E_VALUE = 801
export const WIP_E_STATE = 803
export const WIP_E_BEARER = 806
export const WIP_E_INDEX = 830
export const WIP_E_ACTIVE = 840
export const WIP_E_UNREACHABLE = 842
export const WIP_E_RESET = 843
export const WIP_E_STARTED = 844
export const WIP_E_UNKNOWN = 850
/** WIP "protocol undefined or internal error": an HTTPS/TLS failure, an unsupported request. */
export const WIP_E_PROTOCOL = 860

const ETX = 3
const DLE = 16
/** 1 at ETX and DLE: the bytes a download escapes with DLE */
const ESCAPED = hex`00000001000000000000000000000000010000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000`
/**
 * Longest single wait for the peer: only a backstop, the watchdog aborts an exchange after WD.read ms without a
 * byte (src/platform/watchdog.ts; suspended at most WD.boost ms by AT+SSLBOOST=1).
 */
const PEER_BACKSTOP_MS = 600000
const SESSIONS = 8

interface Session {
    proxyHost: string
    proxyPort: number
    user?: string
    password?: string
    headers: string[]
}

/** 0/1 (numbers: the read forms print them) */
let ipStarted = 0
let bearerOpen = false
let bearerStarted = 0
/** bearer 6 options set with AT+WIPBR=2 (option number -> value) */
let bearerOpts: { [k: string]: string | number } = {}
let sessions: Session[] = []

/** Power-on state: stack stopped, bearer closed, no session. */
export function resetWip() {
    ipStarted = bearerStarted = 0
    bearerOpen = false
    bearerOpts = {}
    sessions = []
}

/** One handler for the WIP commands (the table key tells which): set forms, the read forms of +WIPCFG and +WIPBR. */
export async function wip(ctx: AtContext, args: AtArg[], form: number, name: string): Promise<number | string> {
    if (form === TEST) return OK
    const n = args.length
    const a0 = args[0]
    const a2 = args[2]
    if (form === READ) {
        if (name === "+WIPCFG") return "+WIPCFG: " + ipStarted
        if (name !== "+WIPBR") return ERROR
        return bearerOpen ? "+WIPBR: 6," + bearerStarted : OK
    }
    if (form !== SET) return ERROR
    if (name === "+WIPCFG") {
        if (n !== 1) return WIP_E_OPTION
        if (typeof a0 !== "number") return WIP_E_OPTION
        if (a0 === 1) {
            if (ipStarted) return WIP_E_STARTED
            ipStarted = 1
        } else if (a0 === 0) {
            ipStarted = bearerStarted = 0
            bearerOpen = false
            sessions = []
        } else return WIP_E_VALUE
        return OK
    }
    if (name === "+WIPBR") {
        if (typeof a0 !== "number") return WIP_E_OPTION
        if (typeof args[1] !== "number") return WIP_E_OPTION
        if (!ipStarted) return WIP_E_STATE
        if (args[1] !== 6) return WIP_E_BEARER
        // 0 close, 1 open (any time), 2 set option, 3 get option, 4 start, 5 stop (bearer open)
        if (a0 > 1) if (!bearerOpen) return WIP_E_STATE
        if (a0 > 5) return WIP_E_VALUE
        if (a0 === 4) {
            if (n < 3) return WIP_E_VALUE
            if (a2 !== 0) return WIP_E_VALUE
            bearerStarted = 1
            return OK
        }
        // parameter counts of commands 0..5 (4: above)
        if (n !== hex`020204030002`[a0 as number]) return WIP_E_OPTION
        if (a0 > 1) if (a0 < 5) if (typeof a2 !== "number") return WIP_E_OPTION
        if (a0 === 2) {
            if (args[3] === undefined) return WIP_E_OPTION
            bearerOpts["" + a2] = args[3]
        }
        else if (a0 === 3) {
            // passwords (option 1) are never shown
            let v = a2 === 1 ? "" : bearerOpts["" + a2]
            if (v === undefined) v = ""
            return `+WIPBR: 6,${a2},${typeof v === "number" ? v : `"${v}"`}`
        } else {
            if (a0 !== 5) bearerOpen = a0 === 1
            if (a0 !== 1) bearerStarted = 0
        }
        return OK
    }
    if (name === "+WIPCLOSE") {
        if (n !== 2) return WIP_E_OPTION
        if (a0 !== 5) return WIP_E_VALUE
    } else if (a0 !== 5) return typeof a0 === "number" ? WIP_E_VALUE : WIP_E_OPTION
    // session index: 1..8 (0 when invalid)
    let idx = 0
    const a1 = args[1] as number
    if (typeof a1 === "number") if (a1 >= 1) if (a1 <= SESSIONS) idx = a1
    if (name === "+WIPCREATE") {
        if (!idx) return WIP_E_INDEX
        if (!ipStarted) return WIP_E_STATE
        if (!bearerStarted) return WIP_E_STATE
        if (sessions[idx]) return WIP_E_ACTIVE
        const s: Session = { proxyHost: "", proxyPort: 0, headers: [] }
        const a3 = args[3]
        if (a2 !== undefined || a3 !== undefined) {
            if (typeof a2 !== "string") return WIP_E_VALUE
            const h = a2 as string
            const u = parseUrl(h.indexOf("://") > 0 ? h : "http://" + h)
            if (!u) return WIP_E_VALUE
            if (a3 !== undefined) if (typeof a3 !== "number") return WIP_E_VALUE
            const port = a3 === undefined ? u.port : (a3 as number)
            if (port < 1) return WIP_E_VALUE
            if (port > 65535) return WIP_E_VALUE
            s.proxyHost = u.host
            s.proxyPort = port
        }
        const err = credsAndHeaders(args, s)
        if (err) return err
        sessions[idx] = s
        ctx.urcs += `\r\n+WIPREADY: 5,${idx}\r\n`
        return OK
    }
    if (!idx) return WIP_E_INDEX
    if (!sessions[idx]) return WIP_E_INDEX
    if (name === "+WIPCLOSE") {
        sessions[idx] = undefined
        return OK
    }
    return await wipFile(ctx, args, idx)
}


/** args[4..]: optional user, password, then header name/value pairs. */
function credsAndHeaders(args: AtArg[], s: { user?: string; password?: string; headers?: string[] }) {
    for (let i = 4; i < args.length; i++) if (args[i] !== undefined) if (typeof args[i] !== "string") return WIP_E_VALUE
    if (args[4] !== undefined) {
        s.user = args[4] as string
        s.password = (args[5] as string) || ""
    }
    // header name/value pairs from args[6]
    if (args.length > 6) if (args.length % 2) return WIP_E_OPTION
    for (let i = 6; i < args.length; i++) {
        if (args[i] === undefined) return WIP_E_VALUE
        s.headers.push(args[i] as string)
    }
    return 0
}

/** AT+WIPFILE=5,<idx>,... on an existing session idx */
async function wipFile(ctx: AtContext, args: AtArg[], idx: number): Promise<number | string> {
    const mode = args[2]
    const method = mode === 1 ? "GET" : mode === 2 ? "PUT" : mode === 3 ? "POST" : ""
    if (!method) return WIP_E_VALUE
    if (typeof args[3] !== "string") return WIP_E_OPTION
    const url = parseUrl(args[3] as string)
    if (!url) return WIP_E_VALUE
    const sess = sessions[idx]
    const proxy = sess.proxyHost
    const https = url.scheme === "https"
    // session credentials are the proxy's when there is one
    const req: HttpRequest = {
        method: method,
        // Host header: host, or host:port when the port is not the scheme's default
        host: url.port === (https ? 443 : 80) ? url.host : `${url.host}:${url.port}`,
        target: url.path,
        headers: sess.headers.slice(0),
        user: sess.user,
        password: sess.password,
    }
    if (proxy) req.user = req.password = undefined
    const err = credsAndHeaders(args, req)
    if (err) return err

    const stream = await openStream(url, proxy, sess.proxyPort, proxy ? sess.user : undefined, sess.password)
    if (typeof stream === "number") return stream as number
    // an HTTPS connection is open: PARAMETRIZED -> CONNECTED (and back when it closes)
    if (https) if (nums[STATE] === SSL_PARAMETRIZED) nums[STATE] = SSL_CONNECTED
    try {
        await ctx.out(Buffer.from("\r\nCONNECT\r\n"))
        kick()
        const up = mode !== 1
        let failed = false
        if (up) {
            // body from the host: escaped bytes until an unescaped ETX, sent chunked
            await ctx.openData("", 4096)
            req.headers.push("Transfer-Encoding", "chunked")
            let done = false
            let esc = false
            req.body = async () => {
                if (done) return null
                const b = await ctx.readData(1024, WD.read)
                if (!b) {
                    failed = done = true
                    return null
                }
                const out = Buffer.alloc(b.length)
                let n = 0
                for (let i = 0; i < b.length; i++) {
                    if ((i & 511) === 511) if (charge(2048)) await relax()
                    const c = b[i]
                    if (!esc) {
                        if (c === DLE) {
                            esc = true
                            continue
                        }
                        if (c === ETX) {
                            done = true
                            break
                        }
                    }
                    out[n++] = c
                    esc = false
                }
                // bytes after the [ETX] in the same read are dropped (a host waits for +WIPFILE before its next line)
                // one chunk (hex size, CRLF, data, CRLF), the last one followed by the zero chunk
                const tail = Buffer.from(done ? "\r\n0\r\n\r\n" : "\r\n")
                // no data: only the zero chunk (when done)
                if (!n) return tail.slice(2)
                let h = ""
                for (let m = n; m; m >>>= 4) h = "0123456789abcdef"[m & 15] + h
                return Buffer.concat(Buffer.from(h + "\r\n"), out.slice(0, n), tail)
            }
        }
        // download: escape ETX/DLE, end with ETX; in pieces of at most 1 KB, so that the escaped copy of a
        // large burst from the peer (~12 KB and more) never doubles it in the 64 KB heap (OutOfMemory seen in
        // sslat fetch). Each piece charges 4 units per byte up front (at 2, a random body with AT+SSLBOOST=1,
        // i.e. 4000-unit slices, hit the 131,072-opcode limit in sslat sim: PANIC 60001).
        const r = await httpExchange(
            stream as ByteStream,
            req,
            PEER_BACKSTOP_MS,
            null,
            up
                ? null
                : async b => {
                      for (let p = 0; p < b.length; p += 1024) {
                          if (charge(4096)) await relax()
                          const e = Math.min(p + 1024, b.length)
                          let k = e - p
                          for (let i = p; i < e; i++) if (ESCAPED[b[i]]) k++
                          let o = b.slice(p, e)
                          if (k > e - p) {
                              o = Buffer.alloc(k)
                              k = 0
                              for (let i = p; i < e; i++) {
                                  const c = b[i]
                                  if (ESCAPED[c]) o[k++] = DLE
                                  o[k++] = c
                              }
                          }
                          await ctx.out(o)
                          kick()
                      }
                  }
        )
        if (up) ctx.closeData()
        else {
            await ctx.out(hex`03`)
            kick()
        }
        if (failed) return WIP_E_UNKNOWN
        if (r.err) return up || r.status ? WIP_E_RESET : WIP_E_PROTOCOL
        return `+WIPFILE: 5,${idx},${mode},${r.status},"${r.reason}"`
    } finally {
        if (https) if (nums[STATE] === SSL_CONNECTED) nums[STATE] = SSL_PARAMETRIZED
        try {
            await (stream as ByteStream).close()
        } catch (e) {}
    }
}
