// `sslat sim` when the ports it needs are taken: a clear error, a non-zero exit, nothing left running. These
// hold the simulator lock too (they bind the devtools ports themselves).
import { test } from "node:test"
import assert from "node:assert/strict"
import net from "node:net"
import { freePort, groupAlive, removeDir, runCli, tempStateDir, withSimLock } from "../lib/sim.mjs"

function listen(port) {
    return new Promise((resolve, reject) => {
        const s = net.createServer(c => c.destroy())
        s.once("error", reject)
        s.listen(port, "127.0.0.1", () => resolve(s))
    })
}

async function simFails(args) {
    const dir = tempStateDir()
    try {
        const c = runCli(["sim", "--state-dir", dir, ...args])
        const r = await Promise.race([c.exited, new Promise(res => setTimeout(() => res(null), 120000))])
        const alive = groupAlive(c.proc.pid)
        if (!r || alive) process.kill(-c.proc.pid, "SIGKILL")
        return { r, alive, out: c.stdout(), err: c.stderr() }
    } finally {
        removeDir(dir)
    }
}

test("sslat sim refuses clearly when ports are taken", { timeout: 2400000 }, async t => {
    await withSimLock(async () => {
        await t.test("a devtools port (8082) in use: error naming it, exit 1, no AT port line", async () => {
            const blocker = await listen(8082)
            try {
                const { r, alive, out, err } = await simFails(["--port", String(await freePort())])
                assert.ok(r, "sslat sim did not exit")
                assert.equal(r.code, 1)
                assert.equal(out, "")
                assert.match(err, /^sslat: error: port 8082 on 127\.0\.0\.1 is in use\. .*8081, 8082 and 8083/)
                assert.equal(alive, false)
            } finally {
                blocker.close()
            }
        })

        await t.test("the AT port in use: error naming it and --port, exit 1", async () => {
            const port = await freePort()
            const blocker = await listen(port)
            try {
                const { r, alive, out, err } = await simFails(["--port", String(port)])
                assert.ok(r, "sslat sim did not exit")
                assert.equal(r.code, 1)
                assert.equal(out, "")
                assert.equal(err, `sslat: error: the AT port 127.0.0.1:${port} is in use; choose another with --port N\n`)
                assert.equal(alive, false)
            } finally {
                blocker.close()
            }
        })
    })
})
