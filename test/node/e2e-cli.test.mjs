// `sslat sim` when the ports it needs are taken (a clear error, a non-zero exit, nothing left running) and
// when it is interrupted (Ctrl-C reaches the whole process group, as in a terminal). These hold the simulator
// lock too (they bind the devtools ports or start the simulator).
import { test } from "node:test"
import assert from "node:assert/strict"
import net from "node:net"
import { freePort, groupAlive, removeDir, runCli, startSim, tempStateDir, withSimLock } from "../lib/sim.mjs"

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

test("sslat sim: ports taken, interrupts", { timeout: 2400000 }, async t => {
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

        await t.test("SIGINT to sslat alone while it builds: it stops what it started, exits 0", async () => {
            const dir = tempStateDir()
            try {
                const c = runCli(["sim", "--state-dir", dir, "--port", String(await freePort())])
                await new Promise(r => setTimeout(r, 3000))
                c.proc.kill("SIGINT") // sslat only (as `kill -INT <pid>`): the children are its job
                const r = await Promise.race([c.exited, new Promise(res => setTimeout(() => res(null), 60000))])
                await new Promise(r => setTimeout(r, 2000))
                const alive = groupAlive(c.proc.pid)
                if (!r || alive) process.kill(-c.proc.pid, "SIGKILL")
                assert.ok(r, "sslat sim did not exit")
                assert.equal(c.stdout(), "")
                assert.equal(alive, false, "processes left behind")
                assert.equal(r.code, 0, `exit ${JSON.stringify(r)}: ${c.stderr()}`)
            } finally {
                removeDir(dir)
            }
        })

        await t.test("Ctrl-C (SIGINT to the whole group, as a terminal) once the AT port is up: exits 0, nothing left", async () => {
            const dir = tempStateDir()
            try {
                const sim = await startSim({ stateDir: dir, clean: true })
                process.kill(-sim.proc.pid, "SIGINT")
                const r = await Promise.race([sim.exited, new Promise(res => setTimeout(() => res(null), 60000))])
                await new Promise(r => setTimeout(r, 2000))
                const alive = groupAlive(sim.proc.pid)
                if (!r || alive) process.kill(-sim.proc.pid, "SIGKILL")
                assert.ok(r, "sslat sim did not exit")
                assert.equal(alive, false, "processes left behind")
                assert.equal(r.code, 0, `exit ${JSON.stringify(r)}: ${sim.stderr()}`)
                assert.equal(sim.stderr().includes("error"), false, sim.stderr())
            } finally {
                removeDir(dir)
            }
        })
    })
})
