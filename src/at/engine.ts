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
import { AtArg, AtCommand, AtContext, AtTable, CME_FIRST, CME_LAST, ERROR, EXEC, OK, READ, SET, TEST } from "./table"
import { cmeeMode } from "./basic"
import { parseLine } from "./parse"
import { COMMANDS } from "./commands"
import { charge, relax } from "../platform/budget"
import { WD, WD_ANY, feeding, kick, unwatch, watch } from "../platform/watchdog"

export type AtOutput = (data: Buffer) => Promise<void>

/** Longest command line accepted (bytes between CRs, LFs not counted). */
export const MAX_LINE = 1024
/** Most bytes queued while a command runs (command mode). */
export const MAX_PENDING = 4096

const CRLF = "\r\n"

export class AtEngine implements AtContext {
    private line = Buffer.alloc(MAX_LINE)
    private len = 0
    private tooLong = false
    private echoOn = true
    /** a command is running (its fiber has not written the final result yet) */
    private busy = false
    /** a fiber is inside drain() */
    private scanning = false
    /** command-mode bytes not taken yet, oldest first */
    private pending: Buffer[] = []
    private pendingLen = 0
    /** data mode */
    private dataOn = false
    private dataQ: Buffer[] = []
    private dataLen = 0
    private dataLimit = 0
    private dataOverrun = false
    private reader: ds.Fiber = null
    /** unsolicited lines to send after the running command's final result */
    private urcs: string[] = []
    private table: AtTable

    constructor(private out: AtOutput, table?: AtTable) {
        this.table = table || COMMANDS
    }

    /** Bytes from the host. Returns once they are queued or consumed as command lines; never waits for a command. */
    async feed(data: Buffer) {
        if (!data || data.length === 0) return
        if (this.dataOn) {
            this.queueData(data)
            return
        }
        if (this.pendingLen + data.length > MAX_PENDING) {
            const room = MAX_PENDING - this.pendingLen
            if (room <= 0) return
            data = data.slice(0, room)
        }
        this.pending.push(data)
        this.pendingLen += data.length
        if (!this.busy && !this.scanning) {
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
     * never overflows MAX_PENDING or a data-mode limit.
     */
    backlog() {
        return this.pendingLen + this.dataLen
    }

    /** True when no command runs and no input waits (tests use it to wait for a command's answer). */
    isIdle() {
        return !this.busy && !this.scanning && this.pendingLen === 0
    }

    // ---- AtContext ----
    async reply(text: string) {
        await this.out(Buffer.from(CRLF + text + CRLF))
    }
    setEcho(on: boolean) {
        this.echoOn = on
    }
    echo() {
        return this.echoOn
    }
    async openData(prompt: string, limit: number) {
        this.dataOn = true
        this.dataLimit = limit + MAX_PENDING
        this.dataOverrun = false
        this.dataQ = []
        this.dataLen = 0
        // bytes that followed the command line are its data
        const p = this.pending
        this.pending = []
        this.pendingLen = 0
        for (const b of p) this.queueData(b)
        if (prompt) await this.out(Buffer.from(prompt))
    }
    async readData(max: number, timeoutMs: number): Promise<Buffer> {
        if (this.dataLen === 0 && this.dataOn) {
            this.reader = ds.Fiber.self()
            await ds.suspend(timeoutMs)
            this.reader = null
        }
        if (this.dataLen === 0) return null
        kick()
        const first = this.dataQ[0]
        if (first.length <= max) {
            this.dataQ.shift()
            this.dataLen -= first.length
            return first
        }
        this.dataQ[0] = first.slice(max)
        this.dataLen -= max
        return first.slice(0, max)
    }
    closeData() {
        if (!this.dataOn) return
        this.dataOn = false
        const q = this.dataQ
        this.dataQ = []
        this.dataLen = 0
        if (q.length) {
            for (const b of this.pending) q.push(b)
            this.pending = q
            let n = 0
            for (const b of q) n += b.length
            this.pendingLen = n
        }
    }
    overrun() {
        return this.dataOverrun
    }
    async write(data: Buffer) {
        await this.out(data)
        kick()
    }
    urcAfter(text: string) {
        this.urcs.push(text)
    }

    // ---- internals ----
    private queueData(data: Buffer) {
        const room = this.dataLimit - this.dataLen
        if (data.length > room) {
            this.dataOverrun = true
            if (room <= 0) return
            data = data.slice(0, room)
        }
        this.dataQ.push(data)
        this.dataLen += data.length
        const r = this.reader
        if (r && r.suspended) {
            this.reader = null
            r.resume(0)
        }
    }

    /** Take queued bytes as command lines until a command starts or the queue is empty. */
    private async drain() {
        this.scanning = true
        try {
            while (!this.busy && !this.dataOn && this.pending.length) {
                const chunk = this.pending[0]
                const k = await this.scan(chunk)
                if (k < 0 || k >= chunk.length) {
                    this.pending.shift()
                    this.pendingLen -= chunk.length
                } else {
                    this.pending[0] = chunk.slice(k)
                    this.pendingLen -= k
                }
            }
        } finally {
            this.scanning = false
        }
    }

    /**
     * Assemble lines from `data`; answer syntax errors at once; on a command, start its fiber and return the
     * index after its CR (the rest waits in `pending`). Returns -1 when all of `data` was taken.
     */
    private async scan(data: Buffer): Promise<number> {
        const n = data.length
        const line = this.line
        let len = this.len
        let start = 0
        for (let i = 0; i < n; i++) {
            const c = data[i]
            if (c === 13) {
                if (this.echoOn) await this.out(data.slice(start, i + 1))
                start = i + 1
                const tooLong = this.tooLong
                this.len = 0
                this.tooLong = false
                if (tooLong) {
                    await this.result(ERROR)
                } else if (this.dispatch(len)) {
                    return start
                }
                len = 0
            } else if (c !== 10) {
                if (len < MAX_LINE) line[len++] = c
                else this.tooLong = true
            }
        }
        this.len = len
        if (this.echoOn && start < n) await this.out(start ? data.slice(start) : data)
        if (charge(n)) await relax()
        return -1
    }

    /** Parse line[0..len) and start a fiber that runs its command (or answers ERROR); false for a blank line. */
    private dispatch(len: number): boolean {
        const p = parseLine(this.line, len)
        if (p === undefined) return false // blank line: no answer
        let h: (ctx: AtContext, args: AtArg[]) => Promise<number> = null
        if (p) {
            const cmd: AtCommand = this.table[p.name]
            if (cmd) {
                const f = p.form
                h = f === EXEC ? cmd.exec : f === SET ? cmd.set : f === READ ? cmd.read : f === TEST ? cmd.test : null
            }
        }
        this.busy = true
        const self = this
        const args = p ? p.args : null
        const run = async () => {
            let code = ERROR
            if (h) {
                watch(WD.command, WD_ANY, "AT command")
                try {
                    code = await h(self, args)
                } catch (e) {
                    code = 907
                }
                unwatch()
            }
            // a failing link (out throws) must not leave the engine busy forever
            try {
                self.closeData()
                await self.result(code)
            } catch (e) {}
            self.busy = false
            try {
                if (self.pending.length && !self.scanning) await self.drain()
            } catch (e) {}
        }
        run.start()
        return true
    }

    private async result(code: number) {
        let s = "\r\nERROR\r\n"
        if (code === OK) s = "\r\nOK\r\n"
        else if (code >= CME_FIRST && code <= CME_LAST) {
            if (cmeeMode()) s = `\r\n+CME ERROR: ${code}\r\n`
        } else if (code !== ERROR) s = `\r\n+SSL ERROR: ${code}\r\n`
        const u = this.urcs
        this.urcs = []
        for (const t of u) s += CRLF + t + CRLF
        await this.out(Buffer.from(s))
    }
}
