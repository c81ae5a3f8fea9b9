// The runtime's TCP/TLS client socket (one at a time), in place of @devicescript/net's Socket: the same connect /
// send / recv / close behavior and error messages, without what the firmware does not use (readLine, the
// onopen/onclose/onerror/onmessage emitters, debug logging). Part of the runtime-library share of the image
// (tools/fw-size.mjs): @devicescript/net's Socket costs ~1.5 KB of function code with what it pulls in
// (Array.unshift, ds.assert, ds.wait), this ~0.6 KB.
import * as ds from "@devicescript/core"

type Native = typeof ds & {
    _socketOpen(host: string, port: number): number
    _socketClose(): number
    _socketWrite(buf: Buffer): number
    _socketOnEvent: (event: string, arg?: Buffer | string) => void
}
const N = ds as Native

/** the open socket the runtime's events belong to (null: none) */
let cur: Socket

export class Socket {
    /** received chunks not read yet */
    bufs: Buffer[] = []
    err: Error
    closed: boolean
    opened: boolean
    /** the fiber waiting in recv() or connect() */
    waiter: ds.Fiber

    constructor(public name: string) {}

    /** Sends `buf`; throws when the socket is closed (or replaced) or the runtime refuses the write. */
    async send(buf: Buffer) {
        if (this !== cur) throw fail(this, "old socket used")
        const r = N._socketWrite(buf)
        if (r === 0) return
        if (r === -1) await ds.sleep(10)
        throw fail(this, "send error " + r)
    }

    /** The next chunk received; null when the peer closed; undefined after `timeout` ms (default: none). */
    async recv(timeout?: number): Promise<Buffer> {
        for (;;) {
            if (this.bufs.length) return this.bufs.shift()
            if (this.err) throw this.err
            if (this.closed) return null
            if ((await wait(this, timeout)) === undefined) return undefined
        }
    }

    /** Closes the socket (errors ignored). */
    async close() {
        if (this === cur) {
            N._socketClose()
            cur = null
        }
    }
}

function fail(s: Socket, msg: string) {
    return new Error("socket " + s.name + ": " + msg)
}

/** suspends the calling fiber until an event of `s` or `timeout` ms: true, or undefined on timeout */
async function wait(s: Socket, timeout: number): Promise<boolean> {
    s.waiter = ds.Fiber.self()
    const v = await ds.suspend<boolean>(timeout)
    s.waiter = null
    return v
}

/** the socket ends: closed, with an error message unless `msg` is null */
function finish(s: Socket, msg: string) {
    if (msg !== null) s.err = fail(s, msg)
    s.closed = true
    cur = null
    wake(s)
}

function wake(s: Socket) {
    if (s.waiter) if (s.waiter.suspended) s.waiter.resume(true)
}

function onEvent(event: string, arg?: Buffer | string) {
    const s = cur
    if (!s) return
    if (event === "data") s.bufs.push(arg as Buffer)
    else if (event === "open") s.opened = true
    else if (event === "close") return finish(s, null)
    else if (event === "error") return finish(s, arg + "")
    wake(s)
}

/**
 * Opens a TCP connection (`proto` "tls": the runtime's TLS, which verifies against its own roots) and waits
 * for it (`timeout` ms, default 30 s). Throws on error or timeout. A socket still open is ended ("terminated").
 */
export async function connect(o: { host: string; port: number; proto?: "tcp" | "tls"; timeout?: number }): Promise<Socket> {
    const proto = o.proto || "tcp"
    N._socketOnEvent = onEvent
    if (cur) finish(cur, "terminated")
    const s = new Socket(proto + "://" + o.host + ":" + o.port)
    cur = s
    const r = N._socketOpen(o.host, proto === "tls" ? -o.port : o.port)
    if (r !== 0) {
        cur = null
        throw fail(s, "can't connect: " + r)
    }
    const v = await wait(s, o.timeout || 30000)
    if (s.err) throw s.err
    if (v === undefined) throw fail(s, "Timeout")
    if (!s.opened || s.closed) throw fail(s, "closed")
    return s
}
