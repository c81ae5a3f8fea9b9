// `sslat fetch <url> [--ca file] [--cert file --key file]`: one HTTP(S) GET through the device, the way a Sierra
// host does it: the files go up with AT+SSLFILE, then the seed's start sequence (section 2.3.1.1) runs on the
// AT port and the body comes back in WIP data mode ([DLE] escapes, [ETX] at the end). The body goes to
// `out` (stdout), the progress line to `progress` (stderr).
import { readFileSync } from "node:fs"
import { BUSY_LINE } from "./atport.js"
import { AtConn, UploadError, atString, closeAt, connectAt, sslFileUpload } from "./upload.js"

export interface FetchOptions {
    url: string
    ca?: string
    cert?: string
    key?: string
    host: string
    port: number
    timeoutMs: number
    out: (b: Buffer) => void
    progress: (line: string, final: boolean) => void
}

export interface FetchResult {
    status: number
    reason: string
    bytes: number
}

/** Where the files are stored on the device. */
export const FETCH_DIR = "/sslat-fetch"
const FINAL = /\r\n(OK|ERROR|\+SSL ERROR: \d+|\+CME ERROR: \d+)\r\n/
const ETX = 3
const DLE = 16

class Session {
    constructor(private c: AtConn, private deadline: number) {}

    /** Sends one command line; resolves with the text before its final result code, throws if it is not OK. */
    async cmd(line: string): Promise<string> {
        this.c.sock.write(line + "\r")
        return await this.result(line)
    }

    /** Waits for the final result code of `what`; resolves with the text before it, throws if it is not OK. */
    async result(what: string): Promise<string> {
        const rd = this.c.rd
        const r = await rd.until(
            b => {
                const m = FINAL.exec(b.toString("latin1"))
                if (!m) return undefined
                rd.buf = b.subarray(m.index + m[0].length)
                return { text: b.subarray(0, m.index).toString("latin1"), code: m[1] }
            },
            this.deadline,
            `the answer to ${what}`
        )
        if (r.code !== "OK") throw new UploadError(`${what}: the device answered ${r.code}${hint(r.code)}`)
        return r.text
    }

    /** Waits for `text` in what the device sent and consumes up to its end. */
    async expect(text: string, what: string) {
        const rd = this.c.rd
        await rd.until(
            b => {
                const s = b.toString("latin1")
                const i = s.indexOf(text)
                const m = FINAL.exec(s)
                if (m && (i < 0 || m.index < i)) throw new UploadError(`${what}: the device answered ${m[1]}${hint(m[1])}`)
                if (i < 0) return undefined
                rd.buf = b.subarray(i + text.length)
                return true
            },
            this.deadline,
            what
        )
    }
}

function hint(code: string) {
    if (code === "+CME ERROR: 860")
        return " (TLS failure, or settings that need sslat's TLS engine, which this firmware image may not include; AT+SSLINFO tells more)"
    if (code === "+CME ERROR: 842") return " (host unreachable: DNS failure or connection refused)"
    if (code === "+CME ERROR: 843") return " (the connection broke during the response)"
    return ""
}

export async function fetchUrl(opts: FetchOptions): Promise<FetchResult> {
    atString("URL", opts.url)
    if (!/^https?:\/\//i.test(opts.url)) throw new UploadError(`not an http:// or https:// URL: ${opts.url}`)
    if (!!opts.cert !== !!opts.key) throw new UploadError("--cert and --key go together")
    const files: [number, string, Buffer][] = []
    if (opts.ca) files.push([1, FETCH_DIR + "/ca.pem", readFileSync(opts.ca)])
    if (opts.cert) files.push([0, FETCH_DIR + "/client-cert.pem", readFileSync(opts.cert)])
    if (opts.key) files.push([2, FETCH_DIR + "/client-key.pem", readFileSync(opts.key)])
    const t0 = Date.now()
    const deadline = t0 + opts.timeoutMs
    const c = await openAt(opts.host, opts.port, deadline)
    const s = new Session(c, deadline)
    try {
        await s.cmd("ATE0")
        await s.cmd("AT+CMEE=1")
        for (const [, remote, data] of files) await sslFileUpload(c, remote, data, undefined, deadline)
        // a clean start whatever the device did before: IP stack restarted, Security Library released
        await s.cmd("AT+WIPCFG=0")
        if (!(await s.cmd("AT+SSLSTATE")).includes("+SSLSTATE: 0")) await s.cmd("AT+SSLRELEASE")
        // the seed's start sequence (2.3.1.1)
        await s.cmd("AT+WIPCFG=1")
        await s.cmd("AT+SSLINIT")
        for (const [opt, remote] of files) await s.cmd(`AT+SSLSET=${opt},"${remote}"`)
        await s.cmd("AT+SSLSETOPTS")
        await s.cmd("AT+WIPBR=1,6")
        await s.cmd("AT+WIPBR=4,6,0")
        await s.cmd("AT+SSLBOOST=1")
        await s.cmd("AT+WIPCREATE=5,1")
        await s.expect("+WIPREADY: 5,1\r\n", "+WIPREADY")
        c.sock.write(`AT+WIPFILE=5,1,1,"${opts.url}"\r`)
        await s.expect("\r\nCONNECT\r\n", opts.url)
        const bytes = await body(c, opts, deadline, t0)
        const tail = await s.result(opts.url)
        const m = /\+WIPFILE: 5,1,1,(\d+),"([^"]*)"/.exec(tail)
        if (!m) throw new UploadError(`no +WIPFILE line after the body: ${JSON.stringify(tail)}`)
        await s.cmd("AT+SSLBOOST=0")
        await s.cmd("AT+WIPCLOSE=5,1")
        await s.cmd("AT+SSLRELEASE")
        const secs = ((Date.now() - t0) / 1000).toFixed(1)
        opts.progress(`${opts.url}: ${m[1]} ${m[2]}, ${bytes} bytes in ${secs} s`, true)
        return { status: +m[1], reason: m[2], bytes }
    } catch (e) {
        // leave the device as found: boost off (the watchdog re-armed), session closed; answers ignored
        try {
            await new Session(c, Date.now() + 10000).cmd("AT+SSLBOOST=0")
            c.sock.write("AT+WIPCLOSE=5,1\r")
        } catch {}
        throw e
    } finally {
        closeAt(c)
    }
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms))

/** Connects to the AT port, retrying while it still serves a previous client (it answers BUSY_LINE then). */
async function openAt(host: string, port: number, deadline: number): Promise<AtConn> {
    for (;;) {
        const c = await connectAt(host, port)
        await sleep(150)
        if (!c.rd.buf.toString("latin1").startsWith(BUSY_LINE.slice(0, 30))) return c
        closeAt(c)
        if (Date.now() > deadline) throw new UploadError(BUSY_LINE.trim())
        await sleep(500)
    }
}

/** Reads the data-mode body up to the unescaped [ETX], unescaping [DLE]; returns its length. */
async function body(c: AtConn, opts: FetchOptions, deadline: number, t0: number): Promise<number> {
    const rd = c.rd
    let esc = false
    let n = 0
    let shown = 0
    await rd.until(
        b => {
            const out = Buffer.alloc(b.length)
            let k = 0
            let i = 0
            let done = false
            for (; i < b.length; i++) {
                const x = b[i]
                if (esc) {
                    out[k++] = x
                    esc = false
                } else if (x === DLE) esc = true
                else if (x === ETX) {
                    done = true
                    i++
                    break
                } else out[k++] = x
            }
            if (k) opts.out(out.subarray(0, k))
            n += k
            rd.buf = b.subarray(i)
            if (n - shown >= 16384) {
                shown = n
                opts.progress(`${opts.url}: ${n} bytes, ${((Date.now() - t0) / 1000).toFixed(1)} s`, false)
            }
            return done ? true : undefined
        },
        deadline,
        "the end of the body ([ETX])"
    )
    return n
}
