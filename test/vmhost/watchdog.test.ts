// The firmware watchdog and AT+SSLBOOST as a host sees them, with short limits: a stalled exchange is aborted
// with an error and the modem answers AT again; AT+SSLBOOST=1 suspends the watchdog (and the suspension ends by
// itself); a wedged AT loop or a command stuck for good restarts the firmware (recorded here instead).
// Servers: test/node/watchdog.test.mjs.
import * as ds from "@devicescript/core"
import { describe, test, expect } from "@devicescript/test"
import { OKR, Term, fr, same } from "../vm/at-term"
import { AtEngine } from "../../src/at/engine"
import { OK } from "../../src/at/table"
import { COMMANDS } from "../../src/at/commands"
import { resetWip } from "../../src/wip/commands"
import { WD, feeding, onWedged, suspendWatchdog, unwatch } from "../../src/platform/watchdog"
import * as gen from "../gen/watchdog"

WD.handshake = 3000
WD.read = 1500
WD.command = 2000
WD.loop = 2000
WD.grace = 1500
WD.boost = 5000
WD.tick = 100
let wedged: string[] = []
onWedged(r => {
    wedged.push(r)
})

const CMEE_ERR = (n: number) => `\r\n+CME ERROR: ${n}\r\n`
const url = (p: string) => `"http://127.0.0.1:${gen.PORT}${p}"`

async function session(t: Term) {
    resetWip()
    same(await t.at("ATE0"), "ATE0\r" + OKR)
    for (const l of ["AT+CMEE=1", "AT+WIPCFG=1", "AT+WIPBR=1,6", "AT+WIPBR=4,6,0"]) same(await t.at(l), OKR)
    same(await t.at("AT+WIPCREATE=5,1"), OKR + fr("+WIPREADY: 5,1"))
}

/** Send a line, wait at most `ms` for its answer; returns the answer and how long it took. */
async function timed(t: Term, line: string, ms: number) {
    const t0 = ds.millis()
    await t.feed(line + "\r")
    await t.settle(ms)
    return { out: t.take(), ms: ds.millis() - t0 }
}

describe("stalled exchanges", () => {
    test("a server that never answers: aborted after WD.read, [ETX] then 860, and AT answers OK", async () => {
        const t = new Term()
        await session(t)
        const r = await timed(t, `AT+WIPFILE=5,1,1,${url("/stall")}`, 15000)
        same(r.out, "\r\nCONNECT\r\n\x03" + CMEE_ERR(860))
        expect(r.ms >= WD.read).toBe(true)
        same(await t.at("AT"), OKR)
        same(await t.at(`AT+WIPFILE=5,1,1,${url("/fast")}`), "\r\nCONNECT\r\nfast\x03" + fr('+WIPFILE: 5,1,1,200,"OK"') + OKR)
    })
    test("a server that stops in the middle of the body: [ETX] then 843", async () => {
        const t = new Term()
        await session(t)
        const r = await timed(t, `AT+WIPFILE=5,1,1,${url("/half")}`, 15000)
        same(r.out, "\r\nCONNECT\r\nhalf\x03" + CMEE_ERR(843))
        same(await t.at("AT"), OKR)
    })
    test("a response later than WD.read: aborted normally, delivered with AT+SSLBOOST=1", async () => {
        const t = new Term()
        await session(t)
        same(await t.at(`AT+WIPFILE=5,1,1,${url("/late")}`), "\r\nCONNECT\r\n\x03" + CMEE_ERR(860))
        same(await t.at("AT+SSLBOOST=1"), OKR)
        same(await t.at(`AT+WIPFILE=5,1,1,${url("/late")}`), "\r\nCONNECT\r\nlate\x03" + fr('+WIPFILE: 5,1,1,200,"OK"') + OKR)
        same(await t.at("AT+SSLBOOST?"), fr("+SSLBOOST: 1") + OKR)
        same(await t.at("AT+SSLBOOST=0"), OKR)
        same(await t.at(`AT+WIPFILE=5,1,1,${url("/late")}`), "\r\nCONNECT\r\n\x03" + CMEE_ERR(860))
    })
    test("the boost suspension ends by itself after WD.boost: a stall is then aborted", async () => {
        const t = new Term()
        await session(t)
        same(await t.at("AT+SSLBOOST=1"), OKR)
        const r = await timed(t, `AT+WIPFILE=5,1,1,${url("/stall")}`, 20000)
        same(r.out, "\r\nCONNECT\r\n\x03" + CMEE_ERR(860))
        expect(r.ms >= WD.boost).toBe(true)
        same(await t.at("AT+SSLBOOST=0"), OKR)
    })
    // the simulator's runtime TLS socket reports "open" before its handshake, so the stall shows up once the
    // request is sent (after CONNECT); sslat's own engine is covered in tls-glue.test.ts
    test("runtime TLS to a server that never answers the handshake: aborted, [ETX] then 860", async () => {
        const t = new Term()
        await session(t)
        same(await t.at("AT+SSLINIT"), OKR)
        same(await t.at("AT+SSLSETOPTS"), OKR)
        const r = await timed(t, `AT+WIPFILE=5,1,1,"https://127.0.0.1:${gen.SILENT_PORT}/"`, 15000)
        same(r.out, "\r\nCONNECT\r\n\x03" + CMEE_ERR(860))
        same(await t.at("AT+SSLSTATE"), fr("+SSLSTATE: 3") + OKR)
        same(await t.at("AT"), OKR)
    })
})

describe("wedged firmware restarts", () => {
    test("a command stuck for good: nothing while boosted, then aborted and a restart", async () => {
        wedged = []
        const table = { "+HANG": async () => {
            await ds.sleep(1000000)
            return OK
        } }
        for (const k of Object.keys(COMMANDS)) (table as any)[k] = COMMANDS[k]
        WD.boost = 60000
        const t = new Term(table as any)
        same(await t.at("ATE0"), "ATE0\r" + OKR)
        suspendWatchdog(true)
        await t.feed("AT+HANG\r")
        await ds.sleep(WD.command + WD.grace + 1000)
        expect(wedged.length).toBe(0)
        suspendWatchdog(false)
        await ds.sleep(WD.command + WD.grace + 1000)
        expect(wedged.length > 0).toBe(true)
        expect(wedged[0].indexOf("AT command") >= 0).toBe(true)
        unwatch()
        WD.boost = 5000
    })
    test("the AT loop stuck in taking host bytes: a restart", async () => {
        wedged = []
        // a link whose output never completes: the echo of the first byte never returns
        const eng = new AtEngine(async () => {
            await ds.sleep(1000000)
        })
        const feed = async () => {
            await eng.feed(Buffer.from("AT\r"))
        }
        feed.start()
        await ds.sleep(WD.loop / 2)
        expect(wedged.length).toBe(0)
        await ds.sleep(WD.loop + 500)
        expect(wedged.length > 0).toBe(true)
        expect(wedged[0]).toBe("the AT loop is stuck")
        feeding(false)
    })
})
