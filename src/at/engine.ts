// The AT engine: assembles command lines from host bytes, echoes, dispatches to the command table, frames
// responses, and routes raw bytes to a command in data mode.
//
// Contract (src/platform/link.ts, src/main.ts):
//   new AtEngine(out)        out(bytes) sends bytes to the host (echo, responses, data)
//   await engine.feed(bytes) hands over bytes from the host; returns promptly, never waits for a command.
//
// Byte flow
// - Command mode: CR ends a line, LF is ignored, every other byte is appended to the line (at most MAX_LINE
//   bytes; a longer line is answered ERROR when its CR arrives, the excess is never stored). With echo on
//   (ATE1, default) the bytes of a line are echoed as they are taken, CR and LF included.
// - A command runs in its own fiber. Bytes that arrive while it runs are queued (at most MAX_PENDING bytes;
//   more are dropped) and not echoed yet: if the command enters data mode they are its data, otherwise they
//   are read as command lines (and echoed) after its final result code.
// - Data mode (ctx.openData): bytes go to the running command unchanged, no echo, no line assembly. When
//   the command leaves data mode, bytes it did not read are read as command lines again.
// - Responses: information text `\r\n<text>\r\n`, then the result code `\r\nOK\r\n`, `\r\nERROR\r\n` or
//   `\r\n+SSL ERROR: <code>\r\n`. A blank line gets no answer. A handler that throws answers 907.
import * as ds from "@devicescript/core"
import { AtContext, AtHandler, AtTable, ERROR, OK } from "./table"
import { cmee } from "./basic"
import { ParsedLine, parseLine } from "./parse"
import { COMMANDS } from "./commands"
import { charge, relax } from "../platform/budget"
import { WD, WD_ANY, feeding, kick, watch } from "../platform/watchdog"

export type AtOutput = (data: Buffer) => Promise<void>

/** Longest command line accepted (bytes between CRs, LFs not counted). */
export const MAX_LINE = 1024
/** Most bytes queued while a command runs (command mode). */
export const MAX_PENDING = 4096


export class AtEngine implements AtContext {
    private line = Buffer.alloc(MAX_LINE)
    private len = 0
    private tooLong: boolean
    echoOn = true
    /** a command is running (its fiber has not written the final result yet) */
    busy: boolean
    /** a fiber is inside drain() */
    scanning: boolean
    /** bytes not taken yet, oldest first: command lines, or in data mode the running command's data */
    pending: Buffer[] = []
    pendingLen = 0
    /** data mode; the most bytes `pending` may hold (MAX_PENDING in command mode) */
    private dataOn: boolean
    private dataLimit = MAX_PENDING
    private reader: ds.Fiber
    /** unsolicited lines to send after the running command's final result */
    urcs = ""
    private table: AtTable

    constructor(public out: AtOutput, table?: AtTable) {
        this.table = table || COMMANDS
    }

    /** Bytes from the host. Returns once they are queued or consumed as command lines; never waits for a command. */
    async feed(data: Buffer) {
        if (!data) return
        if (!data.length) return
        const room = this.dataLimit - this.pendingLen
        if (room <= 0) return
        if (data.length > room) data = data.slice(0, room)
        this.pending.push(data)
        this.pendingLen += data.length
        if (this.dataOn) {
            const r = this.reader
            if (r) if (r.suspended) r.resume(0)
        } else if (!this.busy) if (!this.scanning) {
            // the watchdog restarts the firmware if this never returns (the AT loop is wedged)
            feeding(true)
            try {
                await this.drain()
            } finally {
                feeding(false)
            }
        }
    }

    /**
     * Bytes taken from the host and not processed yet (queued command lines and unread data-mode bytes). The
     * serial link (src/platform/link.ts) grants the host no more credit while this is high, so a host burst
     * never overflows MAX_PENDING or a data-mode limit. (No command runs and no input waits when busy,
     * scanning and pendingLen are all falsy: tests wait for that.)
     */
    backlog() {
        return this.pendingLen
    }

    // ---- AtContext ----
    async reply(text: string) {
        await this.out(Buffer.from(`\r\n${text}\r\n`))
    }
    async openData(prompt: string, limit: number) {
        // bytes that followed the command line are its data
        this.dataOn = true
        this.dataLimit = limit + MAX_PENDING
        if (prompt) await this.out(Buffer.from(prompt))
    }
    async readData(max: number, timeoutMs: number): Promise<Buffer> {
        if (!this.pendingLen) if (this.dataOn) {
            this.reader = ds.Fiber.self()
            await ds.suspend(timeoutMs)
            this.reader = null
        }
        if (!this.pendingLen) return null
        if (!this.dataOn) return null
        kick()
        const first = this.pending[0]
        if (first.length <= max) {
            this.pending.shift()
            this.pendingLen -= first.length
            return first
        }
        this.pending[0] = first.slice(max)
        this.pendingLen -= max
        return first.slice(0, max)
    }
    closeData() {
        // bytes received and not read are command lines again
        this.dataOn = false
        this.dataLimit = MAX_PENDING
    }

    // ---- internals ----
    /**
     * Take queued bytes as command lines until a command starts or the queue is empty: assemble lines, answer
     * syntax errors at once; on a command, start its fiber (what follows its CR waits in `pending`).
     */
    async drain() {
        this.scanning = true
        try {
            for (;;) {
                if (this.busy) break
                if (this.dataOn) break
                if (!this.pending.length) break
                const data = this.pending[0]
                const n = data.length
                const line = this.line
                let len = this.len
                let start = 0
                let k = -1
                for (let i = 0; i < n; i++) {
                    const c = data[i]
                    if (c === 13) {
                        if (this.echoOn) await this.out(data.slice(start, i + 1))
                        start = i + 1
                        const tooLong = this.tooLong
                        this.len = 0
                        this.tooLong = false
                        if (tooLong) await this.result(ERROR)
                        else {
                            // a command line: start a fiber that runs its command (or answers ERROR); what
                            // follows its CR waits in `pending`. A blank line gets no answer.
                            const p = parseLine(line, len)
                            if (p !== undefined) {
                                this.busy = true
                                run.start(this, p ? this.table[p.name] : null, p)
                                k = start
                                break
                            }
                        }
                        len = 0
                    } else if (c !== 10) {
                        if (len < MAX_LINE) line[len++] = c
                        else this.tooLong = true
                    }
                }
                if (k < 0) {
                    this.len = len
                    if (this.echoOn) if (start < n) await this.out(data.slice(start))
                    // ~30 opcodes per byte: 2 units
                    if (charge(2 * n)) await relax()
                }
                if (k < 0 || k >= n) {
                    this.pending.shift()
                    this.pendingLen -= n
                } else {
                    this.pending[0] = data.slice(k)
                    this.pendingLen -= k
                }
            }
        } finally {
            this.scanning = false
        }
    }

    /** the final result code, or an information response and OK (a handler's string) */
    async result(code: number | string) {
        let s = "ERROR"
        if (typeof code === "string") s = `${code}\r\n\r\nOK`
        else if (code === OK) s = "OK"
        else if ((code - 800) >>> 0 < 100) {
            // WIP errors: `+CME ERROR: <code>` with AT+CMEE=1 or 2
            if (cmee) s = "+CME ERROR: " + code
        } else if (code !== ERROR) s = "+SSL ERROR: " + code
        s = `\r\n${s}\r\n${this.urcs}`
        this.urcs = ""
        await this.out(Buffer.from(s))
    }
}

/** The fiber body of a command: its handler's result (ERROR without a handler), then queued lines. */
async function run(e: AtEngine, h: AtHandler, p: ParsedLine) {
    let code: number | string = ERROR
    if (h) {
        watch(WD.command, WD_ANY, "AT command")
        try {
            code = await h(e, p.args, p.form, p.name)
        } catch (x) {
            code = 907
        }
        watch(0, WD_ANY, "") // the command ended
    }
    // a failing link (out throws) must not leave the engine busy forever
    try {
        e.closeData()
        await e.result(code)
    } catch (x) {}
    e.busy = false
    try {
        if (e.pending.length) if (!e.scanning) await e.drain()
    } catch (x) {}
}
