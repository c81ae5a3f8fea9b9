// `sslat upload <local> <remote> [--password pw]`: stores a file on the device through AT+SSLFILE and checks
// the SHA-256 the device reports against the local file.
//
//   AT+SSLFILE=0,"<remote>",<size>[,"<pw>"]   ->  `>`   then exactly <size> raw bytes
//   <- +SSLFILE: "<remote>",<size>,"<sha256 hex>"  OK        (or ERROR / +SSL ERROR: <code>)
import { createHash } from "node:crypto"
import { readFileSync } from "node:fs"
import net from "node:net"
import { BUSY_LINE } from "./atport.js"

export class UploadError extends Error {}
/** The AT port serves another client (or is still closing the previous session): nothing was sent. */
class BusyError extends UploadError {}

/** How long `upload` keeps retrying a busy AT port. */
const BUSY_RETRY_MS = 15000

export interface UploadOptions {
    local: string
    remote: string
    password?: string
    host: string
    port: number
    timeoutMs: number
}

export interface UploadResult {
    path: string
    size: number
    sha256: string
}

const RESULT = /\r\n(OK|ERROR|\+SSL ERROR: (\d+))\r\n/
const INFO = /\+SSLFILE: "([^"]*)",(\d+),"([0-9a-fA-F]{64})"/

export function atString(what: string, s: string) {
    if (/["\r\n]/.test(s)) throw new UploadError(`${what} cannot contain '"', CR or LF: ${JSON.stringify(s)}`)
    return `"${s}"`
}

/** Reads from a socket until `until(buffer)` returns a value; rejects on close or timeout. */
export class Reader {
    buf: Buffer = Buffer.alloc(0)
    private wake: () => void = null
    private closed = false
    constructor(sock: net.Socket) {
        sock.on("data", d => {
            this.buf = Buffer.concat([this.buf, d])
            this.wake?.()
        })
        sock.on("close", () => {
            this.closed = true
            this.wake?.()
        })
    }
    async until<T>(f: (b: Buffer) => T | undefined, deadline: number, what: string): Promise<T> {
        for (;;) {
            const r = f(this.buf)
            if (r !== undefined) return r
            if (this.closed) throw new UploadError(`connection closed while waiting for ${what}`)
            const left = deadline - Date.now()
            if (left <= 0) throw new UploadError(`timed out waiting for ${what}`)
            await new Promise<void>(res => {
                const t = setTimeout(res, left)
                this.wake = () => {
                    clearTimeout(t)
                    res()
                }
            })
            this.wake = null
        }
    }
}

function resultError(m: RegExpExecArray) {
    return m[2] ? `the device answered +SSL ERROR: ${m[2]}` : `the device answered ERROR`
}

/** An open AT port connection. */
export interface AtConn {
    sock: net.Socket
    rd: Reader
}

/** Connects to the AT port at host:port. */
export async function connectAt(host: string, port: number): Promise<AtConn> {
    const sock = net.connect(port, host)
    sock.on("error", () => {})
    await new Promise<void>((res, rej) => {
        sock.once("connect", res)
        sock.once("error", e => rej(new UploadError(`cannot connect to ${host}:${port}: ${e.message}`)))
    })
    return { sock, rd: new Reader(sock) }
}

export function closeAt(c: AtConn) {
    c.sock.end()
    c.sock.destroy()
}

/** The AT+SSLFILE=0 dialogue on an open connection; checks what the device reports against `data`. */
export async function sslFileUpload(
    c: AtConn,
    remote: string,
    data: Buffer,
    password: string | undefined,
    deadline: number
): Promise<UploadResult> {
    const { sock, rd } = c
    const localHash = createHash("sha256").update(data).digest("hex")
    let cmd = `AT+SSLFILE=0,${atString("remote path", remote)},${data.length}`
    if (password !== undefined) cmd += "," + atString("password", password)
    cmd += "\r"
    sock.write(cmd)
    // the command echo (if echo is on) comes first; the prompt `>` follows it
    const cmdBytes = Buffer.from(cmd, "latin1")
    const prompt = await rd.until(
        b => {
            if (b.toString("latin1").startsWith(BUSY_LINE.slice(0, 20)))
                throw new BusyError(b.toString("latin1").trim().replace(/^sslat: /, ""))
            let start = 0
            if (b.length >= cmdBytes.length && b.subarray(0, cmdBytes.length).equals(cmdBytes)) start = cmdBytes.length
            else if (cmdBytes.subarray(0, b.length).equals(b)) return undefined // echo still arriving
            const rest = b.subarray(start).toString("latin1")
            const m = RESULT.exec(rest)
            if (m) throw new UploadError(resultError(m))
            const i = rest.indexOf(">")
            return i >= 0 ? start + i + 1 : undefined
        },
        deadline,
        "the > prompt"
    )
    rd.buf = rd.buf.subarray(prompt)
    sock.write(data)
    const answer = await rd.until(
        b => {
            const s = b.toString("latin1")
            const m = RESULT.exec(s)
            if (!m) return undefined
            if (m[1] !== "OK") throw new UploadError(resultError(m))
            rd.buf = b.subarray(m.index + m[0].length)
            return s
        },
        deadline,
        "the result of the upload"
    )
    const info = INFO.exec(answer)
    if (!info) throw new UploadError(`no +SSLFILE line in the answer: ${JSON.stringify(answer)}`)
    const res = { path: info[1], size: +info[2], sha256: info[3].toLowerCase() }
    if (res.path !== remote) throw new UploadError(`the device stored ${res.path}, not ${remote}`)
    if (res.size !== data.length) throw new UploadError(`size mismatch: sent ${data.length} bytes, the device reports ${res.size}`)
    if (res.sha256 !== localHash) throw new UploadError(`SHA-256 mismatch: local ${localHash}, the device reports ${res.sha256}`)
    return res
}

export async function upload(opts: UploadOptions): Promise<UploadResult> {
    const end = Date.now() + BUSY_RETRY_MS
    for (;;) {
        try {
            return await uploadOnce(opts)
        } catch (e) {
            // a refused connection never reached the firmware: safe to try again
            if (!(e instanceof BusyError) || Date.now() > end) throw e
            await new Promise(r => setTimeout(r, 300))
        }
    }
}

async function uploadOnce(opts: UploadOptions): Promise<UploadResult> {
    const data = readFileSync(opts.local)
    // checked before connecting
    atString("remote path", opts.remote)
    if (opts.password !== undefined) atString("password", opts.password)
    const c = await connectAt(opts.host, opts.port)
    try {
        return await sslFileUpload(c, opts.remote, data, opts.password, Date.now() + opts.timeoutMs)
    } finally {
        closeAt(c)
    }
}
