// End-to-end test helpers: a machine-wide lock for the simulated Jacdac bus, `sslat sim` as a child process,
// and an AT client over TCP.
//
// `devs devtools` listens on fixed ports (8081-8083), so only one simulated bus can run per machine: every test
// file that starts `sslat sim` (or touches those ports) runs inside withSimLock(). The lock is a file in the
// system temp dir holding the owner's pid; a lock whose owner is gone is taken over.
import { spawn } from "node:child_process"
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, unlinkSync, writeSync } from "node:fs"
import net from "node:net"
import os from "node:os"
import { join } from "node:path"
import { ROOT } from "./vm.mjs"

export const CLI = join(ROOT, "host/dist/cli.js")
const LOCK = join(os.tmpdir(), "sslat-devtools.lock")

const sleep = ms => new Promise(r => setTimeout(r, ms))

function alive(pid) {
    try {
        process.kill(pid, 0)
        return true
    } catch (e) {
        return e.code === "EPERM"
    }
}

/** Run `fn` holding the machine-wide simulator lock (waits up to `waitMs` for it). */
export async function withSimLock(fn, waitMs = 45 * 60000) {
    const end = Date.now() + waitMs
    for (;;) {
        try {
            const fd = openSync(LOCK, "wx")
            writeSync(fd, String(process.pid))
            closeSync(fd)
            break
        } catch (e) {
            if (e.code !== "EEXIST") throw e
            let owner = 0
            try {
                owner = parseInt(readFileSync(LOCK, "utf8"), 10)
            } catch {}
            if (owner && !alive(owner)) {
                try {
                    unlinkSync(LOCK)
                } catch {}
                continue
            }
            if (Date.now() > end) throw new Error(`timed out waiting for ${LOCK} (held by pid ${owner})`)
            await sleep(250)
        }
    }
    try {
        return await fn()
    } finally {
        try {
            if (parseInt(readFileSync(LOCK, "utf8"), 10) === process.pid) unlinkSync(LOCK)
        } catch {}
    }
}

/** A TCP port nothing listens on right now. */
export function freePort() {
    return new Promise((resolve, reject) => {
        const s = net.createServer()
        s.once("error", reject)
        s.listen(0, "127.0.0.1", () => {
            const { port } = s.address()
            s.close(() => resolve(port))
        })
    })
}

export function tempStateDir() {
    return mkdtempSync(join(os.tmpdir(), "sslat-e2e-"))
}

/** Whether any process of process group `pgid` is still there. */
export function groupAlive(pgid) {
    try {
        process.kill(-pgid, 0)
        return true
    } catch (e) {
        return e.code === "EPERM"
    }
}

/**
 * Run the sslat CLI in its own process group (so that the test can check and clean up everything it
 * started). Returns { proc, stdout(), stderr(), exited }.
 */
export function runCli(args, opts = {}) {
    const proc = spawn(process.execPath, [CLI, ...args], {
        cwd: ROOT,
        detached: true,
        stdio: ["ignore", "pipe", "pipe"],
        env: { ...process.env, FORCE_COLOR: "0" },
        ...opts,
    })
    let out = ""
    let err = ""
    proc.stdout.on("data", d => (out += d))
    proc.stderr.on("data", d => (err += d))
    const exited = new Promise(resolve => proc.on("exit", (code, signal) => resolve({ code, signal })))
    return { proc, stdout: () => out, stderr: () => err, exited }
}

/**
 * Start `sslat sim` and wait for its ready line. Options: port, stateDir, entry, clean, readyTimeoutMs, env
 * (extra environment of the simulator, e.g. NODE_EXTRA_CA_CERTS for the runtime's TLS socket).
 * Returns a handle with port, stdout(), stderr(), stop().
 */
export async function startSim({ port, stateDir, entry, clean = false, readyTimeoutMs = 600000, env } = {}) {
    port = port || (await freePort())
    const args = ["sim", "--port", String(port), "--state-dir", stateDir]
    if (entry) args.push("--entry", entry)
    if (clean) args.push("--clean")
    const c = runCli(args, env ? { env: { ...process.env, FORCE_COLOR: "0", ...env } } : {})
    const handle = {
        ...c,
        port,
        /** SIGINT (as Ctrl-C), then check that every process it started is gone. */
        async stop() {
            if (c.proc.exitCode === null && c.proc.signalCode === null) c.proc.kill("SIGINT")
            const r = await Promise.race([c.exited, sleep(30000).then(() => null)])
            const end = Date.now() + 10000
            while (groupAlive(c.proc.pid) && Date.now() < end) await sleep(100)
            const leftovers = groupAlive(c.proc.pid)
            if (leftovers || !r) {
                try {
                    process.kill(-c.proc.pid, "SIGKILL")
                } catch {}
            }
            return { exit: r, leftovers }
        },
    }
    const ready = `AT port ready: tcp://127.0.0.1:${port}\n`
    const end = Date.now() + readyTimeoutMs
    while (!c.stdout().includes("\n")) {
        if (c.proc.exitCode !== null || c.proc.signalCode !== null || Date.now() > end) {
            await handle.stop()
            throw new Error(`sslat sim did not get ready:\n--- stdout\n${c.stdout()}\n--- stderr\n${c.stderr()}`)
        }
        await sleep(100)
    }
    if (c.stdout() !== ready) {
        await handle.stop()
        throw new Error(`unexpected stdout from sslat sim: ${JSON.stringify(c.stdout())}`)
    }
    return handle
}

export function removeDir(dir) {
    try {
        rmSync(dir, { recursive: true, force: true })
    } catch {}
}

/** Final result code at the end of an AT response. */
export const FINAL = /\r\n(OK|ERROR|\+SSL ERROR: \d+)\r\n$/

/** The refusal line of a busy AT port. */
export const BUSY = "sslat: the AT port is in use by another client; try again later\r\n"

/** A host talking to the AT port. */
export class AtClient {
    /**
     * Connect, retrying while the port still serves the previous session (after a client's EOF the port
     * waits until the firmware has been quiet for 1 s, then frees itself).
     */
    static async open(port) {
        for (let i = 0; ; i++) {
            const c = await AtClient.connect(port)
            await sleep(200)
            if (!c.text().startsWith(BUSY.slice(0, 30))) return c
            c.close()
            if (i > 50) throw new Error("the AT port stayed busy")
            await sleep(200)
        }
    }

    static connect(port) {
        return new Promise((resolve, reject) => {
            const sock = net.connect(port, "127.0.0.1")
            sock.once("connect", () => resolve(new AtClient(sock)))
            sock.once("error", reject)
        })
    }

    constructor(sock) {
        this.sock = sock
        this.buf = Buffer.alloc(0)
        this.closed = false
        this.waiter = null
        sock.on("data", d => {
            this.buf = Buffer.concat([this.buf, d])
            this.waiter?.()
        })
        sock.on("close", () => {
            this.closed = true
            this.waiter?.()
        })
        sock.on("error", () => {})
    }

    send(data) {
        this.sock.write(typeof data === "string" ? Buffer.from(data, "latin1") : data)
    }

    /** Wait until pred(buffer) is true; returns the buffer and empties it. */
    async until(pred, timeoutMs = 30000, what = "data") {
        const end = Date.now() + timeoutMs
        while (!pred(this.buf)) {
            if (this.closed) throw new Error(`connection closed while waiting for ${what}; got ${JSON.stringify(this.text())}`)
            const left = end - Date.now()
            if (left <= 0) throw new Error(`timed out waiting for ${what}; got ${JSON.stringify(this.text())}`)
            await new Promise(r => {
                const t = setTimeout(r, left)
                this.waiter = () => {
                    clearTimeout(t)
                    r()
                }
            })
            this.waiter = null
        }
        const b = this.buf
        this.buf = Buffer.alloc(0)
        return b
    }

    /** Wait for exactly `n` bytes (or more); returns them all. */
    bytes(n, timeoutMs) {
        return this.until(b => b.length >= n, timeoutMs, `${n} bytes`)
    }

    text() {
        return this.buf.toString("latin1")
    }

    /** Send one command line (CR appended) and return everything up to and including its final result code. */
    async cmd(line, timeoutMs = 30000) {
        this.send(line + "\r")
        const b = await this.until(b => FINAL.test(b.toString("latin1")), timeoutMs, `the answer to ${line}`)
        return b.toString("latin1")
    }

    /** Echo off, whatever its state was (the answer to ATE0 carries the echo of ATE0 or not). */
    async echoOff() {
        const r = await this.cmd("ATE0")
        if (r !== "ATE0\r\r\nOK\r\n" && r !== "\r\nOK\r\n") throw new Error(`ATE0 answered ${JSON.stringify(r)}`)
    }

    /** Resolves once the server has closed the connection, with everything received (not consumed). */
    async closedByServer(timeoutMs = 10000) {
        const end = Date.now() + timeoutMs
        while (!this.closed) {
            if (Date.now() > end) throw new Error(`the server did not close; got ${JSON.stringify(this.text())}`)
            await sleep(50)
        }
        return this.text()
    }

    close() {
        this.sock.destroy()
    }
}
