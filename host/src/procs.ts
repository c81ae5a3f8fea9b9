// Child processes (devs devtools, devs run) and TCP port checks.
import { ChildProcess, spawn } from "node:child_process"
import net from "node:net"
import { lines, Log } from "./log.js"

export interface Child {
    name: string
    proc: ChildProcess
    /** resolves with the exit code (or signal name) */
    exited: Promise<number | string>
}

export function startChild(name: string, cmd: string, args: string[], cwd: string, log: Log): Child {
    const proc = spawn(cmd, args, {
        cwd,
        stdio: ["ignore", "pipe", "pipe"],
        env: { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1" },
    })
    log.info(`started ${name} (pid ${proc.pid}): ${[cmd, ...args].join(" ")}`)
    lines(proc.stdout, l => log.child(name, l))
    lines(proc.stderr, l => log.child(name, l))
    const exited = new Promise<number | string>(resolve => {
        proc.on("exit", (code, signal) => resolve(code ?? signal ?? -1))
        proc.on("error", e => {
            log.error(`${name}: ${e.message}`)
            resolve(-1)
        })
    })
    return { name, proc, exited }
}

/** SIGTERM, then SIGKILL if the child is still there after `graceMs`. */
export async function stopChild(c: Child, graceMs = 3000) {
    if (c.proc.exitCode !== null || c.proc.signalCode !== null) return
    c.proc.kill("SIGTERM")
    const t = setTimeout(() => c.proc.kill("SIGKILL"), graceMs)
    await c.exited
    clearTimeout(t)
}

/** True if nothing listens on 127.0.0.1:port (we could bind it). */
export function portFree(port: number): Promise<boolean> {
    return new Promise(resolve => {
        const s = net.createServer()
        s.once("error", () => resolve(false))
        s.listen(port, "127.0.0.1", () => s.close(() => resolve(true)))
    })
}

/** Resolves once a TCP connection to 127.0.0.1:port succeeds; rejects after `timeoutMs`. */
export async function waitForListen(port: number, timeoutMs: number, abort: Promise<unknown>) {
    let aborted = false
    const set = () => (aborted = true)
    abort.then(set, set)
    const end = Date.now() + timeoutMs
    while (Date.now() < end && !aborted) {
        const ok = await new Promise<boolean>(resolve => {
            const s = net.connect(port, "127.0.0.1")
            s.once("connect", () => {
                s.destroy()
                resolve(true)
            })
            s.once("error", () => resolve(false))
        })
        if (ok) return
        await new Promise(r => setTimeout(r, 100))
    }
    if (!aborted) throw new Error(`nothing listens on 127.0.0.1:${port} after ${timeoutMs} ms`)
}
