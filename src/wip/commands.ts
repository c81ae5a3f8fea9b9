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
import { AtArg, AtContext, AtTable, ERROR, OK } from "../at/table"
import { ByteStream, HttpRequest, httpExchange, hostHeader, parseUrl, Url } from "../http/client"
import { openStream } from "./transport"
import { setConnected } from "../ssl/config"
import { charge, relax } from "../platform/budget"
import { WD } from "../platform/watchdog"

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
/**
 * Longest single wait for the peer: only a backstop, the watchdog aborts an exchange after WD.read ms without a
 * byte (src/platform/watchdog.ts; suspended at most WD.boost ms by AT+SSLBOOST=1).
 */
const PEER_BACKSTOP_MS = 600000
const SESSIONS = 8

interface Session {
    proxyHost: string
    proxyPort: number
    user: string
    password: string
    headers: string[]
}

let ipStarted = false
let bearerOpen = false
let bearerStarted = false
/** bearer 6 options set with AT+WIPBR=2 (option number -> value) */
let bearerOpts: { [k: string]: string | number } = {}
let sessions: Session[] = []

/** Power-on state: stack stopped, bearer closed, no session. */
export function resetWip() {
    ipStarted = bearerOpen = bearerStarted = false
    bearerOpts = {}
    sessions = []
}

function str(a: AtArg) {
    return typeof a === "string"
}
function num(a: AtArg) {
    return typeof a === "number"
}

/** Session index argument: 1..8 */
function index(a: AtArg) {
    return num(a) && (a as number) >= 1 && (a as number) <= SESSIONS ? (a as number) : 0
}

export function wipCommands(t: AtTable) {
    t["+WIPCFG"] = {
        set: async (ctx: AtContext, args: AtArg[]) => {
            if (args.length !== 1 || !num(args[0])) return WIP_E_OPTION
            if (args[0] === 1) {
                if (ipStarted) return WIP_E_STARTED
                ipStarted = true
                return OK
            }
            if (args[0] === 0) {
                ipStarted = false
                bearerOpen = bearerStarted = false
                sessions = []
                return OK
            }
            return WIP_E_VALUE
        },
        read: async (ctx: AtContext) => {
            await ctx.reply(`+WIPCFG: ${ipStarted ? 1 : 0}`)
            return OK
        },
        test: async () => OK,
    }

    t["+WIPBR"] = {
        set: async (ctx: AtContext, args: AtArg[]) => {
            const cmd = args[0]
            if (!num(cmd) || !num(args[1])) return WIP_E_OPTION
            if (!ipStarted) return WIP_E_STATE
            if (args[1] !== 6) return WIP_E_BEARER
            if (cmd === 1 || cmd === 0) {
                if (args.length !== 2) return WIP_E_OPTION
                bearerOpen = cmd === 1
                if (!bearerOpen) bearerStarted = false
                return OK
            }
            if (!bearerOpen) return WIP_E_STATE
            if (cmd === 2) {
                if (args.length !== 4 || !num(args[2]) || args[3] === undefined) return WIP_E_OPTION
                bearerOpts["" + args[2]] = args[3]
                return OK
            }
            if (cmd === 3) {
                if (args.length !== 3 || !num(args[2])) return WIP_E_OPTION
                const v = bearerOpts["" + args[2]]
                // passwords (option 1) are never shown
                const shown = args[2] === 1 ? "" : v === undefined ? "" : v
                await ctx.reply(`+WIPBR: 6,${args[2]},${num(shown) ? shown : `"${shown}"`}`)
                return OK
            }
            if (cmd === 4) {
                if (args.length < 3 || args[2] !== 0) return WIP_E_VALUE
                bearerStarted = true
                return OK
            }
            if (cmd === 5) {
                if (args.length !== 2) return WIP_E_OPTION
                bearerStarted = false
                return OK
            }
            return WIP_E_VALUE
        },
        read: async (ctx: AtContext) => {
            if (bearerOpen) await ctx.reply(`+WIPBR: 6,${bearerStarted ? 1 : 0}`)
            return OK
        },
        test: async () => OK,
    }

    t["+WIPCREATE"] = {
        set: async (ctx: AtContext, args: AtArg[]) => {
            if (args[0] !== 5) return num(args[0]) ? WIP_E_VALUE : WIP_E_OPTION
            const idx = index(args[1])
            if (!idx) return WIP_E_INDEX
            if (!ipStarted || !bearerStarted) return WIP_E_STATE
            if (sessions[idx]) return WIP_E_ACTIVE
            const s: Session = { proxyHost: "", proxyPort: 0, user: undefined, password: undefined, headers: [] }
            if (args[2] !== undefined || args[3] !== undefined) {
                if (!str(args[2])) return WIP_E_VALUE
                let h = args[2] as string
                const u = parseUrl(h.indexOf("://") > 0 ? h : "http://" + h)
                if (!u) return WIP_E_VALUE
                s.proxyHost = u.host
                s.proxyPort = args[3] === undefined ? u.port : (args[3] as number)
                if (!num(args[3]) && args[3] !== undefined) return WIP_E_VALUE
                if (s.proxyPort < 1 || s.proxyPort > 65535) return WIP_E_VALUE
            }
            const err = credsAndHeaders(args, 4, s)
            if (err) return err
            sessions[idx] = s
            ctx.urcAfter(`+WIPREADY: 5,${idx}`)
            return OK
        },
        test: async () => OK,
    }

    t["+WIPCLOSE"] = {
        set: async (ctx: AtContext, args: AtArg[]) => {
            if (args.length !== 2) return WIP_E_OPTION
            if (args[0] !== 5) return WIP_E_VALUE
            const idx = index(args[1])
            if (!idx || !sessions[idx]) return WIP_E_INDEX
            sessions[idx] = undefined
            return OK
        },
        test: async () => OK,
    }

    t["+WIPFILE"] = {
        set: wipFile,
        test: async () => OK,
    }
}

/** args[from..]: optional user, password, then header name/value pairs. */
function credsAndHeaders(args: AtArg[], from: number, s: { user: string; password: string; headers: string[] }) {
    for (let i = from; i < args.length; i++) if (args[i] !== undefined && !str(args[i])) return WIP_E_VALUE
    if (args.length > from) {
        if (args[from] !== undefined) {
            s.user = args[from] as string
            s.password = (args[from + 1] as string) || ""
        }
    }
    const hs = args.slice(from + 2)
    if (hs.length % 2) return WIP_E_OPTION
    for (let i = 0; i < hs.length; i++) {
        if (hs[i] === undefined) return WIP_E_VALUE
        s.headers.push(hs[i] as string)
    }
    return 0
}

async function wipFile(ctx: AtContext, args: AtArg[]): Promise<number> {
    if (args[0] !== 5) return num(args[0]) ? WIP_E_VALUE : WIP_E_OPTION
    const idx = index(args[1])
    if (!idx || !sessions[idx]) return WIP_E_INDEX
    const mode = args[2]
    if (mode !== 1 && mode !== 2 && mode !== 3) return WIP_E_VALUE
    if (!str(args[3])) return WIP_E_OPTION
    const url = parseUrl(args[3] as string)
    if (!url) return WIP_E_VALUE
    const sess = sessions[idx]
    const per = { user: sess.user, password: sess.password, headers: sess.headers.slice(0) }
    if (sess.proxyHost) per.user = per.password = undefined // session credentials are the proxy's
    const err = credsAndHeaders(args, 4, per)
    if (err) return err

    const opened = await openStream(url, sess.proxyHost, sess.proxyPort, sess.proxyHost ? sess.user : undefined, sess.password)
    if (opened.err) return opened.err
    const https = url.scheme === "https"
    if (https) setConnected(true)
    try {
        return await exchange(ctx, opened.stream, url, mode as number, per, idx)
    } finally {
        if (https) setConnected(false)
        try {
            await opened.stream.close()
        } catch (e) {}
    }
}

async function exchange(
    ctx: AtContext,
    stream: ByteStream,
    url: Url,
    mode: number,
    per: { user: string; password: string; headers: string[] },
    idx: number
): Promise<number> {
    const req: HttpRequest = {
        method: mode === 1 ? "GET" : mode === 2 ? "PUT" : "POST",
        host: hostHeader(url),
        target: url.path,
        headers: per.headers,
        user: per.user,
        password: per.password,
    }
    await ctx.write(Buffer.from("\r\nCONNECT\r\n"))
    if (mode !== 1) {
        // body from the host: escaped bytes until an unescaped ETX, sent chunked
        await ctx.openData("", 4096)
        req.headers.push("Transfer-Encoding")
        req.headers.push("chunked")
        let done = false
        let esc = false
        let failed = false
        req.body = async () => {
            if (done) return null
            const b = await ctx.readData(1024, WD.read)
            if (!b) {
                failed = true
                done = true
                return null
            }
            const out = Buffer.alloc(b.length)
            let n = 0
            let i = 0
            for (; i < b.length; i++) {
                if ((i & 511) === 511 && charge(2048)) await relax()
                const c = b[i]
                if (esc) {
                    out[n++] = c
                    esc = false
                } else if (c === DLE) esc = true
                else if (c === ETX) {
                    done = true
                    break
                } else out[n++] = c
            }
            // bytes after the [ETX] in the same read are dropped (a host waits for +WIPFILE before its next line)
            return chunk(n ? out.slice(0, n) : Buffer.alloc(0), done)
        }
        const r = await httpExchange(stream, req, PEER_BACKSTOP_MS, async () => {}, async () => {})
        ctx.closeData()
        if (failed) return WIP_E_UNKNOWN
        if (r.err) return WIP_E_RESET
        await ctx.reply(`+WIPFILE: 5,${idx},${mode},${r.status},"${r.reason}"`)
        return OK
    }
    // download: escape ETX/DLE, end with ETX. The escape loops charge 4 units per byte (at 2, a random
    // body with AT+SSLBOOST=1, i.e. 4000-unit slices, hit the 131,072-opcode limit in sslat sim: PANIC 60001)
    const r = await httpExchange(
        stream,
        req,
        PEER_BACKSTOP_MS,
        async () => {},
        async b => {
            let k = 0
            for (let i = 0; i < b.length; i++) {
                if (b[i] === ETX || b[i] === DLE) k++
                if ((i & 511) === 511 && charge(2048)) await relax()
            }
            if (!k) return await ctx.write(b)
            const o = Buffer.alloc(b.length + k)
            let n = 0
            for (let i = 0; i < b.length; i++) {
                const c = b[i]
                if (c === ETX || c === DLE) o[n++] = DLE
                o[n++] = c
                if ((i & 511) === 511 && charge(2048)) await relax()
            }
            await ctx.write(o)
        }
    )
    await ctx.write(Buffer.from([ETX]))
    if (r.err) return r.status ? WIP_E_RESET : WIP_E_PROTOCOL
    await ctx.reply(`+WIPFILE: 5,${idx},${mode},${r.status},"${r.reason}"`)
    return OK
}

/** One chunk of a chunked request body (the last one followed by the zero chunk). */
function chunk(b: Buffer, last: boolean) {
    let h = ""
    let n = b.length
    const hex = "0123456789abcdef"
    while (n || !h.length) {
        h = hex[n & 15] + h
        n = n >>> 4
    }
    let s = b.length ? Buffer.from(h + "\r\n").concat(b).concat(Buffer.from("\r\n")) : Buffer.alloc(0)
    if (last) s = s.concat(Buffer.from("0\r\n\r\n"))
    return s
}
