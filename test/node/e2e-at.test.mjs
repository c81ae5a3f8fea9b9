// End to end, the AT interface as a host sees it: `sslat sim` with the real firmware (src/main.ts), driven over
// its TCP AT port. Expected bytes follow the seed's section 5 and docs/COMMANDS.md (echo of the command line,
// then `<CR><LF>` framed information text and result codes).
import { test } from "node:test"
import assert from "node:assert/strict"
import { randomBytes } from "node:crypto"
import { AtClient, removeDir, startSim, tempStateDir, withSimLock } from "../lib/sim.mjs"

const OK = "\r\nOK\r\n"
const ERROR = "\r\nERROR\r\n"
const fr = s => `\r\n${s}\r\n`

/** Random lines that are not AT commands: no CR/LF inside, never blank, never starting with "a"/"A". */
function garbageLines(n) {
    const lines = []
    for (let i = 0; i < n; i++) {
        const len = 1 + (randomBytes(1)[0] % 60)
        const b = randomBytes(len)
        for (let j = 0; j < len; j++) if (b[j] === 13 || b[j] === 10) b[j] = 0x7e
        if ((b[0] | 32) === 0x61 || b[0] === 32 || b[0] === 9) b[0] = 0x21
        lines.push(b)
    }
    return lines
}

test("AT interface end to end (sslat sim, real firmware)", { timeout: 1800000 }, async t => {
    await withSimLock(async () => {
        const dir = tempStateDir()
        const sim = await startSim({ stateDir: dir, clean: true })
        let c
        try {
            c = await AtClient.connect(sim.port)

            await t.test("echo is on at power-up: the line and its CR come back before the answer", async () => {
                assert.equal(await c.cmd("AT"), "AT\r" + OK)
                assert.equal(await c.cmd("ATI"), "ATI\r" + fr("sslat 0.1.0") + OK)
            })

            await t.test("section 5 examples, byte for byte (echo on)", async () => {
                const ex = (line, answer) => c.cmd(line).then(r => assert.equal(r, line + "\r" + answer, line))
                await ex("AT+SSLSTATE", fr("+SSLSTATE: 0") + OK) // 5.5.4 (prefix per 5.5.2)
                await ex("AT+SSLINIT", OK) // 5.1.4
                await ex('AT+SSLSET=0, "/dir/client-cert.pem"', OK) // 5.2.4
                await ex('AT+SSLSET=1 , "/dir/ca.pem"', OK)
                await ex('AT+SSLSET=2 , "/dir/client-key.pem"', OK)
                await ex('AT+SSLSET=3 , "randomstring123456789"', OK)
                await ex("AT+SSLSET=4 , 1", OK)
                await ex("AT+SSLSET=5 , 0", OK)
                await ex("AT+SSLSET=6 , 1", OK)
                await ex("AT+SSLSET=7 , 5", OK)
                await ex("AT+SSLSET=8 , 3", OK)
                await ex("AT+SSLSET=9 , 3", OK)
                await ex("AT+SSLSET=10 , 1", OK)
                await ex(
                    "AT+SSLSET?",
                    fr(
                        [
                            '+SSLSET: 0,"/dir/client-cert.pem"',
                            '+SSLSET: 1,"/dir/ca.pem"',
                            '+SSLSET: 2,"/dir/client-key.pem"',
                            '+SSLSET: 3,"********"',
                            "+SSLSET: 4,1",
                            "+SSLSET: 5,0",
                            "+SSLSET: 6,1",
                            "+SSLSET: 7,5",
                            "+SSLSET: 8,3",
                            "+SSLSET: 9,3",
                            "+SSLSET: 10,1",
                        ].join("\r\n")
                    ) + OK
                )
                await ex("AT+SSLSTATE", fr("+SSLSTATE: 1") + OK)
                await ex("AT+SSLRELEASE", OK) // 5.4.4
                await ex("AT+SSLSTATE", fr("+SSLSTATE: 0") + OK)
                await ex("AT+SSLBOOST=0", OK) // 5.6.4
                await ex("AT+SSLBOOST=1", OK)
                await ex("AT+SSLBOOST?", fr("+SSLBOOST: 1") + OK)
                await ex("AT+SSLBOOST=0", OK)
                await ex("AT+SSLVERSION=1", fr("+SSLVERSION: sslat-tls 0.1.0") + OK) // 5.7.4 (sslat's TLS engine)
                await ex("AT+SSLRELEASE", "\r\n+SSL ERROR: 903\r\n") // Table 1: not in state 0
            })

            await t.test("ATE0 turns echo off after its own line; ATE1 turns it back on", async () => {
                assert.equal(await c.cmd("ATE0"), "ATE0\r" + OK)
                assert.equal(await c.cmd("AT+SSLSTATE"), fr("+SSLSTATE: 0") + OK)
                assert.equal(await c.cmd("ATE1"), OK)
                assert.equal(await c.cmd("AT"), "AT\r" + OK)
            })

            await t.test("many command lines in one burst are all answered, in order", async () => {
                await c.echoOff()
                const lines = []
                const want = []
                for (let i = 0; i < 300; i++) {
                    if (i % 3 === 0) lines.push("AT+SSLSTATE"), want.push(fr("+SSLSTATE: 0") + OK)
                    else if (i % 3 === 1) lines.push("AT+SSLBOOST?"), want.push(fr("+SSLBOOST: 0") + OK)
                    else lines.push("AT+NOSUCH"), want.push(ERROR)
                }
                c.send(lines.join("\r") + "\r")
                const expect = want.join("")
                const got = await c.until(b => b.length >= expect.length, 120000, "300 answers")
                assert.equal(got.toString("latin1"), expect)
            })

            await t.test("10,000 random garbage lines in one burst, then AT answers OK", async () => {
                await c.echoOff()
                const lines = garbageLines(10000)
                const parts = []
                for (const l of lines) parts.push(l, Buffer.from("\r"))
                parts.push(Buffer.from("AT\r"))
                c.send(Buffer.concat(parts))
                const expect = ERROR.repeat(10000) + OK
                const got = await c.until(b => b.length >= expect.length, 600000, "10,000 ERRORs and OK")
                assert.equal(got.length, expect.length)
                assert.ok(got.toString("latin1") === expect, "answers differ from 10,000 ERROR then OK")
                assert.equal(await c.cmd("AT"), OK)
            })
        } finally {
            c?.close()
            const r = await sim.stop()
            removeDir(dir)
            assert.equal(r.leftovers, false, "processes of sslat sim left behind")
            assert.ok(r.exit, "sslat sim did not exit on SIGINT")
        }
    })
})
