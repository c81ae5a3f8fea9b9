// AT engine: line assembly, echo, framing, syntax, case and blank tolerance, long lines, chunked and
// pipelined input, data mode. Outputs are compared byte for byte.
import * as ds from "@devicescript/core"
import { describe, test, expect } from "@devicescript/test"
import { AtArg, AtContext, AtTable, ERROR, OK, SET } from "../../src/at/table"
import { AtEngine, MAX_LINE } from "../../src/at/engine"
import { basicCommands } from "../../src/at/basic"
import { ERR, OKR, Term, fr, idle, same, sslErr } from "./at-term"

describe("line assembly and echo", () => {
    test("AT answers OK, echo on by default (the line and its CR are echoed first)", async () => {
        const t = new Term()
        same(await t.at("AT"), "AT\r" + OKR)
    })
    test("LF is ignored (CR LF line ends), and echoed as received", async () => {
        const t = new Term()
        await t.feed("AT\r\n")
        await t.settle()
        same(t.take(), "AT\r" + OKR + "\n")
    })
    test("ATE0 turns echo off after its own line; ATE1 turns it back on", async () => {
        const t = new Term()
        same(await t.at("ATE0"), "ATE0\r" + OKR)
        same(await t.at("AT"), OKR)
        same(await t.at("ATE1"), OKR)
        same(await t.at("AT"), "AT\r" + OKR)
    })
    test("ATE (no digit) means ATE0; ATE2 is an error", async () => {
        const t = new Term()
        same(await t.at("ATE2"), "ATE2\r" + ERR)
        same(await t.at("ATE"), "ATE\r" + OKR)
        same(await t.at("AT"), OKR)
    })
    test("a blank line gets no answer (echo only)", async () => {
        const t = new Term()
        same(await t.at(""), "\r")
        same(await t.at("   "), "   \r")
    })
    test("a line split over many feeds, one byte each", async () => {
        const t = new Term()
        await t.at("ATE0")
        const s = "AT+SSLSTATE\r"
        for (let i = 0; i < s.length; i++) await t.feed(s.slice(i, i + 1))
        await t.settle()
        same(t.take(), fr("+SSLSTATE: 0") + OKR)
    })
    test("several lines in one feed are answered in order", async () => {
        const t = new Term()
        await t.at("ATE0")
        await t.feed("AT+SSLINIT\rAT+SSLSTATE\rAT+SSLINIT\rAT+BOGUS\rAT\r")
        await t.settle()
        same(t.take(), OKR + fr("+SSLSTATE: 1") + OKR + sslErr(903) + ERR + OKR)
    })
    test("echo of pipelined lines comes right before each line's answer", async () => {
        const t = new Term()
        await t.feed("AT\rATI\r")
        await t.settle()
        same(t.take(), "AT\r" + OKR + "ATI\r" + fr("sslat 0.1.0") + OKR)
    })
})

describe("syntax", () => {
    test("unknown commands and garbage lines answer ERROR", async () => {
        const t = new Term()
        await t.at("ATE0")
        same(await t.at("AT+NOPE"), ERR)
        same(await t.at("hello"), ERR)
        same(await t.at("A"), ERR)
        same(await t.at("+SSLINIT"), ERR)
        same(await t.at("AT+"), ERR)
        same(await t.at("ATX"), ERR)
        same(await t.at("AT#SSLINIT"), ERR)
        same(await t.at('AT+SSLSET=1,"/unterminated'), ERR)
        same(await t.at("AT+SSLSET=1,/dir/ca.pem"), ERR)
        same(await t.at("AT+SSLSET=4,-1"), ERR)
        same(await t.at("AT+SSLSET=4 1"), ERR)
        same(await t.at("AT+SSLSTATE?x"), ERR)
        same(await t.at("AT+SSLSTATE=?x"), ERR)
        same(await t.at("AT+SSLBOOST=1234567890123456"), ERR)
        same(await t.at("\x00\x01\xff\x7f"), ERR)
        // the engine still works afterwards
        same(await t.at("AT+SSLSTATE"), fr("+SSLSTATE: 0") + OKR)
    })
    test("prefix and names are case-insensitive", async () => {
        const t = new Term()
        await t.at("ate0")
        same(await t.at("at"), OKR)
        same(await t.at("aT+sslinit"), OKR)
        same(await t.at("At+SslState"), fr("+SSLSTATE: 1") + OKR)
        same(await t.at("at+sslboost=1"), OKR)
        same(await t.at("AT+sslboost?"), fr("+SSLBOOST: 1") + OKR)
    })
    test("blanks around =, commas, values, ? and at the ends are tolerated", async () => {
        const t = new Term()
        await t.at("ATE0")
        same(await t.at("AT+SSLINIT"), OKR)
        same(await t.at('AT+SSLSET=1 , "/dir/ca.pem"'), OKR)
        same(await t.at('  AT+SSLSET = 0 ,  "/dir/c.pem" , "pw"  '), OKR)
        same(await t.at("AT+SSLSET=\t4\t,\t0"), OKR)
        same(await t.at("AT+SSLBOOST = ?"), fr("+SSLBOOST: (0-1)") + OKR)
        same(await t.at("AT+SSLBOOST ?"), fr("+SSLBOOST: 0") + OKR)
        same(await t.at("AT +SSLSTATE"), fr("+SSLSTATE: 1") + OKR)
        const l = await t.at("AT+SSLSET?")
        expect(l.indexOf('+SSLSET: 1,"/dir/ca.pem"\r\n') > 0).toBe(true)
        expect(l.indexOf('+SSLSET: 0,"/dir/c.pem"\r\n') > 0).toBe(true)
        expect(l.indexOf("+SSLSET: 4,0\r\n") > 0).toBe(true)
    })
    test("blanks inside a quoted string are kept (and make this path invalid)", async () => {
        const t = new Term()
        await t.at("ATE0")
        await t.at("AT+SSLINIT")
        same(await t.at('AT+SSLSET=1," /dir/ca.pem"'), sslErr(902))
        same(await t.at('AT+SSLSET=1,"/dir/ca.pem "'), sslErr(902))
        same(await t.at('AT+SSLSET=1,  "/dir/ca.pem"  '), OKR)
    })
})

describe("over-long lines", () => {
    test(`a line of ${MAX_LINE} bytes is parsed, one more byte answers ERROR`, async () => {
        const t = new Term()
        await t.at("ATE0")
        const pad = Buffer.alloc(MAX_LINE - 2)
        pad.fillAt(0, pad.length, 32)
        await t.feed("AT")
        await t.feed(pad)
        await t.feed("\r")
        await t.settle()
        same(t.take(), OKR)
        await t.feed("AT")
        await t.feed(pad)
        await t.feed(" \r")
        await t.settle()
        same(t.take(), ERR)
    })
    test("a 64 KB line is rejected without running out of memory, and the next line works", async () => {
        const t = new Term()
        await t.at("ATE0")
        const junk = Buffer.alloc(1024)
        junk.fillAt(0, junk.length, 65)
        for (let i = 0; i < 64; i++) await t.feed(junk)
        await t.feed("\rAT+SSLSTATE\r")
        await t.settle()
        same(t.take(), ERR + fr("+SSLSTATE: 0") + OKR)
    })
    test("echo of an over-long line still echoes every byte", async () => {
        const t = new Term()
        const junk = Buffer.alloc(1500)
        junk.fillAt(0, junk.length, 66)
        await t.feed(junk)
        await t.feed("\r")
        await t.settle()
        const o = t.takeBuffer()
        expect(o.length).toBe(1501 + ERR.length)
        expect(o[1499]).toBe(66)
        expect(o.slice(1501).toString()).toBe(ERR)
    })
})

describe("V.250 basics", () => {
    test("ATI identifies the firmware", async () => {
        const t = new Term()
        same(await t.at("ATI"), "ATI\r" + fr("sslat 0.1.0") + OKR)
        same(await t.at("ATI0"), "ATI0\r" + fr("sslat 0.1.0") + OKR)
        same(await t.at("ATI9"), "ATI9\r" + ERR)
    })
    test("AT+CMEE set, read, test", async () => {
        const t = new Term()
        await t.at("ATE0")
        same(await t.at("AT+CMEE=?"), fr("+CMEE: (0-2)") + OKR)
        same(await t.at("AT+CMEE=1"), OKR)
        same(await t.at("AT+CMEE?"), fr("+CMEE: 1") + OKR)
        same(await t.at("AT+CMEE=3"), ERR)
        same(await t.at('AT+CMEE="1"'), ERR)
        same(await t.at("AT+CMEE=1,2"), ERR)
        same(await t.at("AT+CMEE?"), fr("+CMEE: 1") + OKR)
        same(await t.at("AT+CMEE"), OKR)
        same(await t.at("AT+CMEE?"), fr("+CMEE: 0") + OKR)
    })
    test("a read or test form a command lacks is an ERROR", async () => {
        const t = new Term()
        await t.at("ATE0")
        same(await t.at("AT+CMEE=?x"), ERR)
    })
})

// A command defined here exercises the engine's data mode: AT+ECHO=<n> prompts, reads exactly n bytes (5 s
// stall limit), answers +ECHO: <hex of the bytes>.
function echoTable(): AtTable {
    const t: AtTable = {}
    basicCommands(t)
    t["+ECHO"] = async (ctx: AtContext, args: AtArg[], form: number) => {
                if (form !== SET) return ERROR
                const n = args[0] as number
                await ctx.openData("\r\n> ", n)
                const got: Buffer[] = []
                let have = 0
                while (have < n) {
                    const b = await ctx.readData(n - have, 5000)
                    if (!b) return 907
                    got.push(b)
                    have += b.length
                }
                ctx.closeData()
                await ctx.reply("+ECHO: " + Buffer.concat(...got).toString("hex"))
                return OK
    }
    t["+SLOW"] = async (ctx: AtContext) => {
        await ds.sleep(50)
        await ctx.reply("+SLOW: done")
        return OK
    }
    t["+THROW"] = async () => {
        throw new Error("boom")
    }
    t["+NEVER"] = async () => ERROR
    return t
}

describe("data mode and running commands", () => {
    test("raw bytes after the prompt go to the command unechoed, CR and LF included", async () => {
        const t = new Term(echoTable())
        await t.feed("AT+ECHO=5\r")
        await ds.sleep(10)
        same(t.take(), "AT+ECHO=5\r\r\n> ")
        await t.feed(Buffer.from("0d0a000aff", "hex"))
        await t.settle()
        same(t.take(), fr("+ECHO: 0d0a000aff") + OKR)
    })
    test("data sent along with the command line, and a command after the data, in one feed", async () => {
        const t = new Term(echoTable())
        await t.feed("ATE0\rAT+ECHO=3\rabcAT\r")
        await t.settle()
        same(t.take(), "ATE0\r" + OKR + "\r\n> " + fr("+ECHO: 616263") + OKR + OKR)
    })
    test("data in one-byte feeds", async () => {
        const t = new Term(echoTable())
        await t.at("ATE0")
        await t.feed("AT+ECHO=4\r")
        for (let i = 0; i < 4; i++) {
            await t.feed(Buffer.from([48 + i]))
            await ds.sleep(1)
        }
        await t.settle()
        same(t.take(), "\r\n> " + fr("+ECHO: 30313233") + OKR)
    })
    test("a stalled upload is aborted by its command and the link returns to command mode", async () => {
        const t = new Term(echoTable())
        await t.at("ATE0")
        await t.feed("AT+ECHO=4\rab")
        await t.settle(8000)
        same(t.take(), "\r\n> " + sslErr(907))
        same(await t.at("AT"), OKR)
    })
    test("lines typed while a command runs are answered after it, in order", async () => {
        const t = new Term(echoTable())
        await t.feed("AT+SLOW\r")
        await t.feed("AT\r")
        await t.feed("ATI\r")
        await t.settle()
        same(t.take(), "AT+SLOW\r" + fr("+SLOW: done") + OKR + "AT\r" + OKR + "ATI\r" + fr("sslat 0.1.0") + OKR)
    })
    test("feed returns while a command runs", async () => {
        const t = new Term(echoTable())
        const t0 = ds.millis()
        await t.feed("AT+SLOW\r")
        expect(ds.millis() - t0 < 40).toBe(true)
        expect(idle(t.engine)).toBe(false)
        await t.settle()
        same(t.take(), "AT+SLOW\r" + fr("+SLOW: done") + OKR)
    })
    test("a handler that throws answers +SSL ERROR: 907 and the engine goes on", async () => {
        const t = new Term(echoTable())
        await t.at("ATE0")
        same(await t.at("AT+THROW"), sslErr(907))
        same(await t.at("AT+NEVER"), ERR)
        same(await t.at("AT"), OKR)
    })
})

describe("a failing link", () => {
    test("an output that throws does not leave the engine busy", async () => {
        let fail = true
        const got: string[] = []
        const e = new AtEngine(async (b: Buffer) => {
            if (fail) throw new Error("link down")
            got.push(b.toString())
        })
        e.echoOn = false
        await e.feed(Buffer.from("AT+SSLSTATE\r"))
        for (let i = 0; i < 100 && !idle(e); i++) await ds.sleep(1)
        expect(idle(e)).toBe(true)
        fail = false
        await e.feed(Buffer.from("AT\r"))
        for (let i = 0; i < 100 && !idle(e); i++) await ds.sleep(1)
        same(got.join(""), OKR)
    })
})
