// WIP HTTP commands end to end in the VM (AT engine -> WIP -> HTTP -> socket) against loopback servers
// started by test/node/wip.test.mjs. Output is checked byte for byte; large downloads are checked on the fly
// (un-escaped, hashed) so the test itself never holds the body.
import * as ds from "@devicescript/core"
import { describe, test, expect } from "@devicescript/test"
import { AtEngine } from "../../src/at/engine"
import { ERR, OKR, Term, fr, same } from "../vm/at-term"
import { resetWip } from "../../src/wip/commands"
import { asciiText } from "../../src/http/client"
import { charge, relax } from "../../src/platform/budget"
import * as gen from "../gen/wip"

const CMEE_ERR = (n: number) => `\r\n+CME ERROR: ${n}\r\n`

/** Byte-exact comparison of long outputs, 128 bytes at a time (readable failures, no long loops). */
async function sameLong(actual: string, expected: string) {
    for (let i = 0; i < Math.max(actual.length, expected.length); i += 128) {
        same(actual.slice(i, i + 128), expected.slice(i, i + 128))
        await ds.sleep(0)
    }
}

async function startSequence(t: Term) {
    resetWip()
    same(await t.at("ATE0"), "ATE0\r" + OKR)
    same(await t.at("AT+CMEE=1"), OKR)
    same(await t.at("AT+WIPCFG=1"), OKR)
    same(await t.at("AT+SSLINIT"), OKR)
    same(await t.at("AT+SSLSETOPTS"), OKR)
    same(await t.at("AT+WIPBR=1,6"), OKR)
    same(await t.at('AT+WIPBR=2,6,11,"APN name"'), OKR)
    same(await t.at('AT+WIPBR=2,6,0,"user name"'), OKR)
    same(await t.at('AT+WIPBR=2,6,1,"passwd"'), OKR)
    same(await t.at("AT+WIPBR=4,6,0"), OKR)
}

/** Output sink that un-escapes a WIP download on the fly and hashes it. */
class Download {
    state = 0 // 0 before CONNECT, 1 data, 2 after ETX
    pre = ""
    post = ""
    esc = false
    len = 0
    // Fletcher-style sums (mod 2^16): cheap enough to keep up with the stream (SHA-256 in TS is not, on a
    // loaded machine, and the runtime socket has no backpressure)
    a = 1
    b = 0
    async take(b: Buffer) {
        let i = 0
        if (this.state === 0) {
            this.pre += asciiText(b)
            const k = this.pre.indexOf("CONNECT\r\n")
            if (k < 0) return
            const rest = Buffer.from(this.pre.slice(k + 9))
            this.pre = this.pre.slice(0, k + 9)
            this.state = 1
            b = rest
        }
        if (this.state === 1) {
            const out = Buffer.alloc(b.length)
            let n = 0
            for (; i < b.length; i++) {
                if ((i & 1023) === 1023 && charge(2048)) await relax()
                const c = b[i]
                if (this.esc) {
                    out[n++] = c
                    this.esc = false
                } else if (c === 16) this.esc = true
                else if (c === 3) {
                    this.state = 2
                    i++
                    break
                } else out[n++] = c
            }
            this.len += n
            let a = this.a
            let c = this.b
            for (let j = 0; j < n; j++) {
                a = (a + out[j]) | 0
                c = (c + a) | 0
                if ((j & 1023) === 1023 && charge(2048)) await relax()
            }
            this.a = a
            this.b = c
        }
        if (this.state === 2 && i < b.length) this.post += asciiText(b.slice(i))
    }
}

async function download(t: Term, line: string): Promise<Download> {
    const d = new Download()
    const eng = new AtEngine(async (b: Buffer) => {
        await d.take(b)
    })
    t.engine = eng
    await eng.feed(Buffer.from("ATE0\r"))
    await t.settle()
    d.pre = ""
    await eng.feed(Buffer.from(line + "\r"))
    await t.settle(120000)
    return d
}

describe("WIP over plain HTTP", () => {
    test("GET escapes ETX and DLE and ends with ETX, then +WIPFILE and OK", async () => {
        const t = new Term()
        await startSequence(t)
        same(await t.at("AT+WIPCREATE=5,1"), OKR + fr("+WIPREADY: 5,1"))
        await t.feed(`AT+WIPFILE=5,1,1,"http://127.0.0.1:${gen.HTTP_PORT}/small"\r`)
        await t.settle(30000)
        const out = t.takeBuffer()
        const head = Buffer.from("\r\nCONNECT\r\n")
        const tail = Buffer.from(String.fromCharCode(3) + fr('+WIPFILE: 5,1,1,200,"OK"') + OKR)
        const exp = Buffer.alloc(head.length + gen.SMALL_LEN + 8 + tail.length) // 8 escaped bytes
        exp.blitAt(0, head, 0, head.length)
        let n = head.length
        for (let i = 0; i < gen.SMALL_LEN; i++) {
            const c = i & 255
            if (c === 3 || c === 16) exp[n++] = 16
            exp[n++] = c
        }
        exp.blitAt(n, tail, 0, tail.length)
        expect(out.length).toBe(exp.length)
        await sameLong(out.toString("hex"), exp.toString("hex"))
        same(await t.at("at+wipclose=5,1"), OKR)
    })
    test("a 64 KB body streams through whole", async () => {
        const t = new Term()
        await startSequence(t)
        same(await t.at("AT+WIPCREATE=5,2"), OKR + fr("+WIPREADY: 5,2"))
        const d = await download(t, `AT+WIPFILE=5,2,1,"http://127.0.0.1:${gen.HTTP_PORT}/big"`)
        expect(d.pre).toBe("\r\nCONNECT\r\n")
        expect(d.len).toBe(gen.BIG_LEN)
        expect((((d.b & 0xffff) * 65536 + (d.a & 0xffff)) >>> 0) === gen.BIG_SUM).toBe(true)
        expect(d.post).toBe(fr('+WIPFILE: 5,2,1,200,"OK"') + OKR)
    })
    test("POST uploads the un-escaped body with session credentials and headers", async () => {
        const t = new Term()
        await startSequence(t)
        same(await t.at('AT+WIPCREATE=5,3,,,"alice","pw","X-App","sslat"'), OKR + fr("+WIPREADY: 5,3"))
        await t.feed(`AT+WIPFILE=5,3,3,"http://127.0.0.1:${gen.HTTP_PORT}/up"\r`)
        // wait for CONNECT, then send the body escaped, ended by ETX
        const end = ds.millis() + 10000
        let got = ""
        while (got.indexOf("CONNECT") < 0 && ds.millis() < end) {
            await ds.sleep(5)
            got += t.take()
        }
        same(got, "\r\nCONNECT\r\n")
        const unit = "hello\x03world\x10!"
        let esc = ""
        for (let i = 0; i < unit.length; i++) {
            const c = unit.charCodeAt(i)
            if (c === 3 || c === 16) esc += "\x10"
            esc += unit[i]
        }
        for (let k = 0; k < 100; k++) await t.feed(esc)
        await t.feed("\x03")
        await t.settle(30000)
        same(t.take(), fr('+WIPFILE: 5,3,3,201,"Created"') + OKR)
        same(await t.at("AT+WIPCREATE=5,4"), OKR + fr("+WIPREADY: 5,4"))
        const last = await t.at(`AT+WIPFILE=5,4,1,"http://127.0.0.1:${gen.HTTP_PORT}/last"`)
        const j = last.slice(last.indexOf("{"), last.indexOf("}") + 1)
        const info = JSON.parse(j)
        expect(info.method).toBe("POST")
        expect(info.sha).toBe(gen.UP_SHA)
        expect(info.auth).toBe("Basic YWxpY2U6cHc=")
        expect(info.x).toBe("sslat")
    })
    test("404 is reported in +WIPFILE", async () => {
        const t = new Term()
        await startSequence(t)
        same(await t.at("AT+WIPCREATE=5,1"), OKR + fr("+WIPREADY: 5,1"))
        same(
            await t.at(`AT+WIPFILE=5,1,1,"http://127.0.0.1:${gen.HTTP_PORT}/nope"`),
            "\r\nCONNECT\r\n\x03" + fr('+WIPFILE: 5,1,1,404,"Not Found"') + OKR
        )
    })
    test("plain HTTP through a CONNECT proxy with authentication", async () => {
        const t = new Term()
        await startSequence(t)
        same(await t.at(`AT+WIPCREATE=5,1,"127.0.0.1",${gen.PROXY_PORT},"pu","pp"`), OKR + fr("+WIPREADY: 5,1"))
        const out = await t.at(`AT+WIPFILE=5,1,1,"http://127.0.0.1:${gen.HTTP_PORT}/last"`)
        expect(out.indexOf('+WIPFILE: 5,1,1,200,"OK"') > 0).toBe(true)
        same(await t.at("AT+WIPCREATE=5,2,\"127.0.0.1\"," + gen.PROXY_PORT + ',"pu","wrong"'), OKR + fr("+WIPREADY: 5,2"))
        same(await t.at(`AT+WIPFILE=5,2,1,"http://127.0.0.1:${gen.HTTP_PORT}/last"`), CMEE_ERR(842))
    })
    test("connection refused is 842 and the modem still answers", async () => {
        const t = new Term()
        await startSequence(t)
        same(await t.at("AT+WIPCREATE=5,1"), OKR + fr("+WIPREADY: 5,1"))
        same(await t.at(`AT+WIPFILE=5,1,1,"http://127.0.0.1:${gen.CLOSED_PORT}/"`), CMEE_ERR(842))
        same(await t.at("AT"), OKR)
    })
})

describe("WIP over HTTPS", () => {
    test("default settings run on the runtime TLS socket; the SSL state is 3 again afterwards", async () => {
        const t = new Term()
        await startSequence(t)
        same(await t.at("AT+WIPCREATE=5,1"), OKR + fr("+WIPREADY: 5,1"))
        await t.feed(`AT+WIPFILE=5,1,1,"https://localhost:${gen.HTTPS_PORT}/small"\r`)
        await t.settle(30000)
        const out = asciiText(t.takeBuffer())
        expect(out.slice(0, 11)).toBe("\r\nCONNECT\r\n")
        expect(out.indexOf(fr('+WIPFILE: 5,1,1,200,"OK"') + OKR) > 0).toBe(true)
        same(await t.at("AT+SSLSTATE"), fr("+SSLSTATE: 3") + OKR)
    })
    test("settings the runtime TLS socket cannot honor are refused (860), never ignored", async () => {
        resetWip()
        const t = new Term()
        same(await t.at("ATE0"), "ATE0\r" + OKR)
        same(await t.at("AT+CMEE=1"), OKR)
        same(await t.at("AT+WIPCFG=1"), OKR)
        same(await t.at("AT+SSLINIT"), OKR)
        same(await t.at("AT+SSLSET=9,3"), OKR)
        same(await t.at("AT+SSLSETOPTS"), OKR)
        same(await t.at("AT+WIPBR=1,6"), OKR)
        same(await t.at("AT+WIPBR=4,6,0"), OKR)
        same(await t.at("AT+WIPCREATE=5,1"), OKR + fr("+WIPREADY: 5,1"))
        same(await t.at(`AT+WIPFILE=5,1,1,"https://localhost:${gen.HTTPS_PORT}/small"`), CMEE_ERR(860))
        same(await t.at("AT+SSLSTATE"), fr("+SSLSTATE: 3") + OKR)
    })
    test("HTTPS before AT+SSLSETOPTS is refused (803)", async () => {
        resetWip()
        const t = new Term()
        same(await t.at("ATE0"), "ATE0\r" + OKR)
        same(await t.at("AT+CMEE=1"), OKR)
        same(await t.at("AT+WIPCFG=1"), OKR)
        same(await t.at("AT+WIPBR=1,6"), OKR)
        same(await t.at("AT+WIPBR=4,6,0"), OKR)
        same(await t.at("AT+WIPCREATE=5,1"), OKR + fr("+WIPREADY: 5,1"))
        same(await t.at(`AT+WIPFILE=5,1,1,"https://localhost:${gen.HTTPS_PORT}/small"`), CMEE_ERR(803))
    })
})

describe("WIP command errors", () => {
    test("state, index, option and value errors", async () => {
        resetWip()
        const t = new Term()
        same(await t.at("ATE0"), "ATE0\r" + OKR)
        same(await t.at("AT+CMEE=1"), OKR)
        same(await t.at("AT+WIPBR=1,6"), CMEE_ERR(803))
        same(await t.at("AT+WIPCFG=1"), OKR)
        same(await t.at("AT+WIPCFG=1"), CMEE_ERR(844))
        same(await t.at("AT+WIPCREATE=5,1"), CMEE_ERR(803))
        same(await t.at("AT+WIPBR=1,5"), CMEE_ERR(806))
        same(await t.at("AT+WIPBR=1,6"), OKR)
        same(await t.at("AT+WIPBR=3,6,1"), fr('+WIPBR: 6,1,""') + OKR)
        same(await t.at('AT+WIPBR=2,6,11,"apn"'), OKR)
        same(await t.at("AT+WIPBR=3,6,11"), fr('+WIPBR: 6,11,"apn"') + OKR)
        same(await t.at("AT+WIPBR=4,6,0"), OKR)
        same(await t.at("AT+WIPCREATE=5,9"), CMEE_ERR(830))
        same(await t.at("AT+WIPCREATE=5,1"), OKR + fr("+WIPREADY: 5,1"))
        same(await t.at("AT+WIPCREATE=5,1"), CMEE_ERR(840))
        same(await t.at('AT+WIPFILE=5,2,1,"http://h/"'), CMEE_ERR(830))
        same(await t.at('AT+WIPFILE=5,1,7,"http://h/"'), CMEE_ERR(801))
        same(await t.at('AT+WIPFILE=5,1,1,"ftp://h/"'), CMEE_ERR(801))
        same(await t.at("AT+WIPCLOSE=5,1"), OKR)
        same(await t.at("AT+WIPCLOSE=5,1"), CMEE_ERR(830))
        same(await t.at("AT+CMEE=0"), OKR)
        same(await t.at("AT+WIPCLOSE=5,1"), ERR)
    })
})
