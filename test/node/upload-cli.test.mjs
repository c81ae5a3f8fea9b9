// `sslat upload` against a scripted device on a local TCP port (no simulator): the AT+SSLFILE dialogue, the
// hash check, and how errors from the device end the command. The real device path is in e2e-files.
import { test } from "node:test"
import assert from "node:assert/strict"
import { createHash, randomBytes } from "node:crypto"
import { writeFileSync } from "node:fs"
import net from "node:net"
import { join } from "node:path"
import { removeDir, runCli, tempStateDir } from "../lib/sim.mjs"

/**
 * A fake device: reads the command line, answers with `onCommand(line)`; if that returns a prompt, reads
 * `size` bytes and answers `onData(bytes, line)`. Records what it received.
 */
function fakeDevice({ echo, onCommand, onData }) {
    const seen = { lines: [], data: null }
    const server = net.createServer(sock => {
        let buf = Buffer.alloc(0)
        let want = -1
        let line = ""
        sock.on("data", d => {
            buf = Buffer.concat([buf, d])
            if (want < 0) {
                const i = buf.indexOf(13)
                if (i < 0) return
                line = buf.subarray(0, i).toString("latin1")
                seen.lines.push(line)
                buf = buf.subarray(i + 1)
                if (echo) sock.write(line + "\r")
                const a = onCommand(line)
                sock.write(a.text)
                if (!a.size) return
                want = a.size
            }
            if (buf.length >= want) {
                seen.data = buf.subarray(0, want)
                sock.write(onData(seen.data, line))
                want = -1
            }
        })
        sock.on("error", () => {})
    })
    return new Promise(resolve => server.listen(0, "127.0.0.1", () => resolve({ server, port: server.address().port, seen })))
}

const sha = b => createHash("sha256").update(b).digest("hex")
const fileAnswer = (path, data, hash = sha(data)) => `\r\n+SSLFILE: "${path}",${data.length},"${hash}"\r\n\r\nOK\r\n`

async function upload(port, args) {
    const c = runCli(["upload", ...args, "--port", String(port), "--timeout", "20"])
    const r = await c.exited
    return { code: r.code, out: c.stdout(), err: c.stderr() }
}

test("sslat upload", async t => {
    const dir = tempStateDir()
    const file = join(dir, "ca.pem")
    const data = randomBytes(3000)
    writeFileSync(file, data)
    t.after(() => removeDir(dir))

    await t.test("sends the command and the exact bytes, accepts the matching hash (echo on)", async () => {
        const dev = await fakeDevice({
            echo: true,
            onCommand: () => ({ text: "\r\n> ", size: data.length }),
            onData: (d, line) => fileAnswer("/certs/ca.pem", d),
        })
        try {
            const r = await upload(dev.port, [file, "/certs/ca.pem", "--password", "s3cret"])
            assert.equal(r.err, "")
            assert.equal(r.code, 0)
            assert.deepEqual(dev.seen.lines, [`AT+SSLFILE=0,"/certs/ca.pem",3000,"s3cret"`])
            assert.ok(dev.seen.data.equals(data))
            assert.equal(r.out, `uploaded /certs/ca.pem: 3000 bytes, sha256 ${sha(data)} (matches the local file)\n`)
        } finally {
            dev.server.close()
        }
    })

    await t.test("a hash that differs from the local file is an error (exit 1)", async () => {
        const dev = await fakeDevice({
            echo: false,
            onCommand: () => ({ text: "\r\n>", size: data.length }),
            onData: (d, line) => fileAnswer("/ca.pem", d, sha(Buffer.concat([d, Buffer.from("x")]))),
        })
        try {
            const r = await upload(dev.port, [file, "/ca.pem"])
            assert.equal(r.code, 1)
            assert.equal(r.out, "")
            assert.match(r.err, /^sslat: error: SHA-256 mismatch: local [0-9a-f]{64}, the device reports [0-9a-f]{64}\n$/)
        } finally {
            dev.server.close()
        }
    })

    await t.test("an error answer to the command (904) ends the upload before any data is sent", async () => {
        const dev = await fakeDevice({
            echo: true,
            onCommand: () => ({ text: "\r\n+SSL ERROR: 904\r\n" }),
            onData: () => "",
        })
        try {
            const r = await upload(dev.port, [file, "/big.bin"])
            assert.equal(r.code, 1)
            assert.equal(r.err, "sslat: error: the device answered +SSL ERROR: 904\n")
            assert.equal(dev.seen.data, null)
        } finally {
            dev.server.close()
        }
    })

    await t.test("a path with a double quote is refused locally", async () => {
        const r = await upload(1, [file, '/a"b'])
        assert.equal(r.code, 1)
        assert.match(r.err, /remote path cannot contain/)
    })
})
