// Logging for the long-running commands. stdout carries only the ready line; everything else goes to stderr
// (warnings and errors always, the rest with --verbose) and to an optional log file.
import { appendFileSync, mkdirSync, writeFileSync } from "node:fs"
import { dirname } from "node:path"
import { format } from "node:util"

/** An error the user can act on: printed as one line, no stack. */
export class UserError extends Error {}

export class Log {
    private t0 = Date.now()
    constructor(private verbose: boolean, private file?: string) {
        if (file) {
            mkdirSync(dirname(file), { recursive: true })
            writeFileSync(file, "")
        }
    }

    private toFile(line: string) {
        if (!this.file) return
        try {
            appendFileSync(this.file, `${((Date.now() - this.t0) / 1000).toFixed(1)}s ${line}\n`)
        } catch {}
    }

    info(msg: string) {
        this.toFile(msg)
        if (this.verbose) process.stderr.write(`sslat: ${msg}\n`)
    }

    warn(msg: string) {
        this.toFile("warning: " + msg)
        process.stderr.write(`sslat: warning: ${msg}\n`)
    }

    error(msg: string) {
        this.toFile("error: " + msg)
        process.stderr.write(`sslat: error: ${msg}\n`)
    }

    /** Output of a child process, line by line; lines that report a crash are shown even without --verbose. */
    child(name: string, line: string) {
        const clean = line.replace(/\x1b\[[0-9;]*m/g, "")
        this.toFile(`[${name}] ${clean}`)
        if (this.verbose || /PANIC|Exception:|fatal|Error:|error:/.test(clean))
            process.stderr.write(`[${name}] ${clean}\n`)
    }

    /** jacdac-ts logs through console.*: keep stdout for the ready line. */
    captureConsole() {
        const sink =
            (lvl: string) =>
            (...args: unknown[]) =>
                this.child("jacdac", (lvl ? lvl + ": " : "") + format(...args))
        console.log = sink("")
        console.info = sink("")
        console.debug = sink("")
        console.warn = sink("warn")
        console.error = sink("error")
    }
}

/** Calls `cb` with each complete line of a stream. */
export function lines(stream: NodeJS.ReadableStream, cb: (line: string) => void) {
    let acc = ""
    stream.setEncoding("utf8")
    stream.on("data", (d: string) => {
        acc += d
        let i: number
        while ((i = acc.indexOf("\n")) >= 0) {
            cb(acc.slice(0, i).replace(/\r$/, ""))
            acc = acc.slice(i + 1)
        }
    })
    stream.on("end", () => {
        if (acc) cb(acc)
        acc = ""
    })
}
