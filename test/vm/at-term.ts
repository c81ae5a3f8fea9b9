// Test terminal for the AT engine: feeds host bytes, waits until the engine has answered, and hands back
// everything the engine sent (echo included) as a string, byte for byte.
import * as ds from "@devicescript/core"
import { expect } from "@devicescript/test"
import { AtEngine } from "../../src/at/engine"
import { AtTable } from "../../src/at/table"
import { resetSsl } from "../../src/ssl/config"

export class Term {
    engine: AtEngine
    // (array.length = 0 corrupts the VM heap in 2.16.4, so the list is swapped, never truncated)
    private sink = { outs: [] as Buffer[] }
    constructor(table?: AtTable) {
        resetSsl()
        const sink = this.sink
        this.engine = new AtEngine(async (b: Buffer) => {
            sink.outs.push(b)
        }, table)
    }
    /** Feed bytes without waiting for the answer. */
    async feed(s: string | Buffer) {
        await this.engine.feed(typeof s === "string" ? Buffer.from(s as string) : (s as Buffer))
    }
    /** Wait until no command runs and no input is queued (at most `ms`). */
    async settle(ms = 60000) {
        const end = ds.millis() + ms
        while (!idle(this.engine)) {
            if (ds.millis() > end) throw new Error("engine still busy")
            await ds.sleep(1)
        }
    }
    /** Everything sent since the last take(), as a binary string. */
    take(): string {
        return this.takeBuffer().toString()
    }
    takeBuffer(): Buffer {
        const o = this.sink.outs
        this.sink.outs = []
        return o.length ? Buffer.concat(...o) : Buffer.alloc(0)
    }
    /** Send one line (CR appended), wait for the answer, return the output. */
    async at(line: string) {
        await this.feed(line + "\r")
        await this.settle()
        return this.take()
    }
}

/** True when no command runs and no input waits (the engine has answered everything fed so far). */
export function idle(e: AtEngine) {
    return !e.busy && !e.scanning && !e.pendingLen
}

/** `\r\n<text>\r\n` framing of one response. */
export function fr(text: string) {
    return "\r\n" + text + "\r\n"
}
export const OKR = "\r\nOK\r\n"
export const ERR = "\r\nERROR\r\n"
export function sslErr(code: number) {
    return `\r\n+SSL ERROR: ${code}\r\n`
}

/** Printable form of a byte string (\r, \n, \\ and non-printables escaped): one-to-one, for readable failures. */
export function esc(s: string) {
    let r = ""
    for (let i = 0; i < s.length; i++) {
        const c = s.charCodeAt(i)
        if (c === 13) r += "\\r"
        else if (c === 10) r += "\\n"
        else if (c === 92) r += "\\\\"
        else if (c < 32 || c > 126) r += `\\x${c}.`
        else r += String.fromCharCode(c)
    }
    return r
}

/** Byte-exact comparison with a readable failure message. */
export function same(actual: string, expected: string) {
    expect(esc(actual)).toBe(esc(expected))
}
