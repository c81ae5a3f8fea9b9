// End to end, certificates in flash through the AT port: `sslat upload` of a 3 KB certificate, its hash and
// the listing, a binary (DER) upload passed untouched by data mode, directory passwords (906), an upload
// that does not fit (904), a client that disconnects mid-upload (nothing half-written, the previous file
// intact), and a simulator restart that finds the files still there.
//
// AT+SSLFILE (docs/COMMANDS.md): =0 upload, =2 list, =3 size + SHA-256, =4 directory password.
import { test } from "node:test"
import assert from "node:assert/strict"
import { execFileSync } from "node:child_process"
import { createHash, X509Certificate } from "node:crypto"
import { readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { AtClient, removeDir, runCli, startSim, tempStateDir, withSimLock } from "../lib/sim.mjs"

const OK = "\r\nOK\r\n"
const sha = b => createHash("sha256").update(b).digest("hex")
/** the data-mode stall timeout of AT+SSLFILE=0 (20 s) plus a margin */
const STALL_MS = 26000

/** A self-signed certificate of about 3 KB (RSA-2048 key, many subjectAltNames), PEM. */
function makeCert(dir) {
    const names = []
    for (let i = 0; names.join(",").length < 1500; i++) names.push(`DNS:host${i}.e2e.sslat.example`)
    const key = join(dir, "key.pem")
    const cert = join(dir, "cert.pem")
    execFileSync("openssl", [
        "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "30",
        "-subj", "/CN=sslat e2e CA", "-addext", `subjectAltName=${names.join(",")}`,
    ], { stdio: "ignore" })
    return { certPem: readFileSync(cert), keyPem: readFileSync(key), certFile: cert, keyFile: key }
}

async function upload(port, local, remote, password) {
    const args = ["upload", local, remote, "--port", String(port)]
    if (password !== undefined) args.push("--password", password)
    const c = runCli(args)
    const r = await c.exited
    return { code: r.code, out: c.stdout(), err: c.stderr() }
}

function listing(text) {
    const files = {}
    for (const m of text.matchAll(/\+SSLFILE: "([^"]*)",(\d+)\r\n/g)) files[m[1]] = +m[2]
    return files
}

test("files through the AT port (upload, hash, list, passwords, limits, restart)", { timeout: 2400000 }, async t => {
    await withSimLock(async () => {
        const dir = tempStateDir()
        const { certPem, keyPem, certFile, keyFile } = makeCert(dir)
        const der = Buffer.from(new X509Certificate(certPem).raw)
        const derFile = join(dir, "cert.der")
        writeFileSync(derFile, der)
        let sim = await startSim({ stateDir: dir, clean: true })
        let c
        try {
            c = await AtClient.connect(sim.port)
            await c.echoOff()
            const probe = await c.cmd("AT+SSLFILE=?")
            if (probe === "\r\nERROR\r\n") {
                t.skip("the firmware has no AT+SSLFILE yet")
                return
            }

            await t.test("a 3 KB certificate: sslat upload checks the hash; =3 and =2 report it", async () => {
                assert.ok(certPem.length >= 2900 && certPem.length <= 3600, `certificate is ${certPem.length} bytes`)
                c.close()
                const r = await upload(sim.port, certFile, "/certs/ca.pem")
                assert.equal(r.err, "")
                assert.equal(r.code, 0)
                assert.equal(r.out, `uploaded /certs/ca.pem: ${certPem.length} bytes, sha256 ${sha(certPem)} (matches the local file)\n`)
                c = await AtClient.open(sim.port)
                assert.equal(
                    await c.cmd('AT+SSLFILE=3,"/certs/ca.pem"'),
                    `\r\n+SSLFILE: "/certs/ca.pem",${certPem.length},"${sha(certPem)}"\r\n` + OK
                )
                const list = listing(await c.cmd("AT+SSLFILE=2"))
                assert.equal(list["/certs/ca.pem"], certPem.length)
            })

            await t.test("binary data (DER, with CR/LF/NUL bytes) passes data mode untouched", async () => {
                assert.ok(der.includes(13) || der.includes(10) || der.includes(0))
                c.close()
                const r = await upload(sim.port, derFile, "/certs/ca.der")
                assert.equal(r.code, 0, r.err)
                assert.match(r.out, new RegExp(`sha256 ${sha(der)} `))
            })

            await t.test("a password-protected directory: right password works, a wrong one is 906", async () => {
                c = await AtClient.open(sim.port)
                await c.echoOff()
                assert.equal(await c.cmd('AT+SSLFILE=4,"/secure","pw-one"'), OK)
                c.close()
                const good = await upload(sim.port, keyFile, "/secure/key.pem", "pw-one")
                assert.equal(good.code, 0, good.err)
                const bad = await upload(sim.port, keyFile, "/secure/key2.pem", "pw-two")
                assert.equal(bad.code, 1)
                assert.equal(bad.err, "sslat: error: the device answered +SSL ERROR: 906\n")
                c = await AtClient.open(sim.port)
                assert.equal(await c.cmd('AT+SSLFILE=3,"/secure/key.pem","pw-two"'), "\r\n+SSL ERROR: 906\r\n")
                assert.equal(
                    await c.cmd('AT+SSLFILE=3,"/secure/key.pem","pw-one"'),
                    `\r\n+SSLFILE: "/secure/key.pem",${keyPem.length},"${sha(keyPem)}"\r\n` + OK
                )
            })

            await t.test("an upload larger than the free flash is 904 and stores nothing", async () => {
                const big = join(dir, "big.pem")
                writeFileSync(big, Buffer.concat(Array(12).fill(certPem)))
                c.close()
                const r = await upload(sim.port, big, "/certs/big.pem")
                assert.equal(r.code, 1)
                assert.equal(r.err, "sslat: error: the device answered +SSL ERROR: 904\n")
                c = await AtClient.open(sim.port)
                const list = listing(await c.cmd("AT+SSLFILE=2"))
                assert.equal(list["/certs/big.pem"], undefined)
                assert.equal(list["/certs/ca.pem"], certPem.length)
            })

            await t.test("a client that disconnects mid-upload leaves nothing half-written", async () => {
                // a new file, and a replacement of an existing one, both cut off after half their bytes
                c.close()
                for (const path of ["/certs/half.pem", "/certs/ca.pem"]) {
                    c = await AtClient.open(sim.port)
                    c.send(`AT+SSLFILE=0,"${path}",${keyPem.length}\r`)
                    await c.until(b => b.includes(">"), 30000, "the > prompt")
                    c.send(keyPem.subarray(0, keyPem.length >> 1))
                    await new Promise(r => setTimeout(r, 1000))
                    c.close()
                    // the firmware stays in data mode until its stall timeout; a client must not feed it meanwhile
                    await new Promise(r => setTimeout(r, STALL_MS))
                }
                c = await AtClient.open(sim.port)
                await c.echoOff()
                assert.equal(await c.cmd('AT+SSLFILE=3,"/certs/half.pem"'), "\r\n+SSL ERROR: 905\r\n")
                assert.equal(
                    await c.cmd('AT+SSLFILE=3,"/certs/ca.pem"'),
                    `\r\n+SSLFILE: "/certs/ca.pem",${certPem.length},"${sha(certPem)}"\r\n` + OK
                )
            })

            await t.test("after a restart of the simulator the files are still there", async () => {
                const before = listing(await c.cmd("AT+SSLFILE=2"))
                c.close()
                const stopped = await sim.stop()
                assert.equal(stopped.leftovers, false)
                sim = await startSim({ stateDir: dir })
                c = await AtClient.connect(sim.port)
                await c.echoOff()
                const after = listing(await c.cmd("AT+SSLFILE=2"))
                assert.deepEqual(after, before)
                assert.equal(after["/certs/ca.pem"], certPem.length)
                assert.equal(after["/certs/ca.der"], der.length)
                assert.equal(
                    await c.cmd('AT+SSLFILE=3,"/certs/ca.pem"'),
                    `\r\n+SSLFILE: "/certs/ca.pem",${certPem.length},"${sha(certPem)}"\r\n` + OK
                )
                assert.equal(await c.cmd('AT+SSLFILE=3,"/secure/key.pem","pw-two"'), "\r\n+SSL ERROR: 906\r\n")
            })
        } finally {
            c?.close()
            const r = await sim.stop()
            removeDir(dir)
            assert.equal(r.leftovers, false, "processes of sslat sim left behind")
        }
    })
})
