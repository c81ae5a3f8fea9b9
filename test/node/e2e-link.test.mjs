// End to end, the AT link alone: `sslat sim` with a firmware whose engine sends back every byte it is fed
// (test/fw/link-echo.ts; it sleeps 20 ms per chunk, so a burst has to wait for the firmware's credit). Checks
// that bytes cross the Jacdac Serial link whole, in order and untouched in both directions, that the ready
// line means "no byte lost", and the one-client rule of the AT port.
import { test } from "node:test"
import assert from "node:assert/strict"
import { randomBytes } from "node:crypto"
import { AtClient, BUSY, removeDir, startSim, tempStateDir, withSimLock } from "../lib/sim.mjs"


test("AT link end to end (echo firmware)", { timeout: 1800000 }, async t => {
    await withSimLock(async () => {
        const dir = tempStateDir()
        const sim = await startSim({ stateDir: dir, entry: "test/fw/link-echo.ts", clean: true })
        try {
            await t.test("bytes sent right after the ready line all come back (none lost before binding)", async () => {
                const c = await AtClient.connect(sim.port)
                c.send("AT\r\n")
                assert.equal((await c.bytes(4)).toString("latin1"), "AT\r\n")
                c.close()
            })

            await t.test("a 4 KB burst of random bytes (CR, LF, NUL included) comes back whole and in order", async () => {
                const data = randomBytes(4096)
                const c = await AtClient.open(sim.port)
                c.send(data) // one write: the host sends it as one burst
                const back = await c.bytes(4096, 60000)
                assert.equal(back.length, 4096)
                assert.ok(back.equals(data), "echoed bytes differ")
                c.close()
            })

            await t.test("a 64 KB burst, far beyond the firmware's window and heap, comes back whole", async () => {
                const data = randomBytes(65536)
                const c = await AtClient.open(sim.port)
                c.send(data)
                const back = await c.bytes(65536, 300000)
                assert.equal(back.length, 65536)
                assert.ok(back.equals(data), "echoed bytes differ")
                c.close()
            })

            await t.test("a second client is refused with one clear line while the first keeps working", async () => {
                const a = await AtClient.open(sim.port)
                const b = await AtClient.connect(sim.port)
                assert.equal(await b.closedByServer(), BUSY)
                a.send("still mine\r")
                assert.equal((await a.bytes(11)).toString("latin1"), "still mine\r")
                a.close()
            })
        } finally {
            const r = await sim.stop()
            removeDir(dir)
            assert.equal(r.leftovers, false, "processes of sslat sim left behind")
            assert.ok(r.exit, "sslat sim did not exit on SIGINT")
        }
    })
})
