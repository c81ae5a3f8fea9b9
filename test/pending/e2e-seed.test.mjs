// PENDING until src/main.ts carries the TLS engine (64 KB function-code limit): then move to test/node/.
// The seed's start sequence (2.3.1.1) typed byte for byte by a host on the AT port of `sslat sim` running the
// shipping firmware (src/main.ts): a local HTTPS server with a private CA that requires a client certificate
// (CA, certificate and key uploaded with AT+SSLFILE), then the same sequence through a local CONNECT proxy with
// Basic auth and a custom header pair, as in the seed. Echo stays on (the V.250 default), so every answer
// starts with the echo of its line. The server side proves what happened: TLS 1.2 (option 9=3), the client
// certificate presented, the header received; the body is compared byte for byte after the WIP unescaping.
import { test } from "node:test"
import assert from "node:assert/strict"
import https from "node:https"
import { execFileSync } from "node:child_process"
import { randomBytes } from "node:crypto"
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { connectProxy } from "../lib/httplib.mjs"
import { AtClient, removeDir, startSim, tempStateDir, withSimLock } from "../lib/sim.mjs"

// a body with ETX (3) and DLE (16) bytes, which the data mode must escape
const BODY = Buffer.concat([Buffer.from([3, 16, 16, 3]), randomBytes(3000)])

function makeFiles(dir) {
    const o = (...a) => execFileSync("openssl", a, { cwd: dir, stdio: "pipe" })
    const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"]
    o("req", "-x509", ...ec, "-keyout", "ca.key", "-out", "ca.pem", "-days", "30", "-subj", "/CN=sslat seed CA")
    o("req", ...ec, "-keyout", "srv.key", "-out", "srv.csr", "-subj", "/CN=localhost")
    writeFileSync(join(dir, "srv.cnf"), "subjectAltName=DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n")
    o("x509", "-req", "-in", "srv.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "srv.pem", "-days", "30", "-extfile", "srv.cnf")
    o("req", ...ec, "-keyout", "cli.key", "-out", "cli.csr", "-subj", "/CN=sslat seed client")
    writeFileSync(join(dir, "cli.cnf"), "basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth\n")
    o("x509", "-req", "-in", "cli.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "cli.pem", "-days", "30", "-extfile", "cli.cnf")
    const r = n => readFileSync(join(dir, n))
    return { ca: r("ca.pem"), srvKey: r("srv.key"), srvCert: r("srv.pem"), cliCert: r("cli.pem"), cliKey: r("cli.key") }
}

/** The WIP data mode: [DLE] x is x, [ETX] ends. Returns { body, rest } or null while incomplete. */
function unescape(b) {
    const out = []
    for (let i = 0; i < b.length; i++) {
        if (b[i] === 16) {
            if (++i >= b.length) return null
            out.push(b[i])
        } else if (b[i] === 3) return { body: Buffer.from(out), rest: b.subarray(i + 1).toString("latin1") }
        else out.push(b[i])
    }
    return null
}

const ok = line => `${line}\r\r\nOK\r\n`

async function upload(at, path, data) {
    at.send(`AT+SSLFILE=0,"${path}",${data.length}\r`)
    await at.until(b => b.toString("latin1").endsWith("\r\n> "), 30000, "the upload prompt")
    at.send(data)
    const r = (await at.until(b => /\r\n(OK|ERROR|\+SSL ERROR: \d+)\r\n$/.test(b.toString("latin1")), 60000, "the upload answer")).toString("latin1")
    assert.match(r, new RegExp(`\\+SSLFILE: "${path}",${data.length},"[0-9a-f]{64}"\\r\\n\\r\\nOK\\r\\n$`))
}

/** The seed's lines up to AT+SSLBOOST=1, each answered OK with its echo. */
async function startSequence(at) {
    for (const line of [
        "AT+WIPCFG=1",
        "AT+SSLINIT",
        'AT+SSLSET=1,"/dir/ca.pem"',
        'AT+SSLSET=0,"/dir/client-cert.pem"',
        'AT+SSLSET=2,"/dir/client-key.pem"',
        'AT+SSLSET=3,"randomstring12345"',
        "AT+SSLSET=9,3",
        "AT+SSLSETOPTS",
        "AT+WIPBR=1,6",
        'AT+WIPBR=2,6,11,"APN name"',
        'AT+WIPBR=2,6,0,"user name"',
        'AT+WIPBR=2,6,1,"passwd"',
        "AT+WIPBR=4,6,0",
        "AT+SSLBOOST=1",
    ])
        assert.equal(await at.cmd(line, 120000), ok(line), line)
}

/** AT+WIPFILE GET of `url`: CONNECT, the body, [ETX], the +WIPFILE line and OK. */
async function getPage(at, url) {
    const line = `AT+WIPFILE=5,1,1,"${url}"`
    at.send(line + "\r")
    const head = `${line}\r\r\nCONNECT\r\n`
    const tail = '\r\n+WIPFILE: 5,1,1,200,"OK"\r\n\r\nOK\r\n'
    const b = await at.until(
        b => {
            if (b.length < head.length) return false
            if (!b.subarray(0, head.length).toString("latin1").startsWith(line)) return true // something else: fail below
            const u = unescape(b.subarray(head.length))
            return !!u && /\r\n(OK|ERROR|\+CME ERROR: \d+)\r\n$/.test(u.rest)
        },
        300000,
        "the page"
    )
    assert.equal(b.subarray(0, head.length).toString("latin1"), head, b.toString("latin1").slice(0, 300))
    const u = unescape(b.subarray(head.length))
    assert.equal(u.body.length, BODY.length)
    assert.ok(u.body.equals(BODY), "the body differs")
    assert.equal(u.rest, tail)
}

test("the seed's start sequence through sslat sim: private CA, client certificate, then a CONNECT proxy", { timeout: 2400000 }, async t => {
    const dir = mkdtempSync(join(tmpdir(), "sslat-seed-"))
    const f = makeFiles(dir)
    const seen = []
    const server = https.createServer(
        { key: f.srvKey, cert: f.srvCert, ca: f.ca, requestCert: true, rejectUnauthorized: true, minVersion: "TLSv1.2" },
        (req, res) => {
            seen.push({
                url: req.url,
                protocol: req.socket.getProtocol(),
                client: req.socket.getPeerCertificate().subject?.CN,
                header: req.headers["x-seed"],
            })
            res.writeHead(200, "OK", { "Content-Length": BODY.length })
            res.end(BODY)
        }
    )
    const socks = []
    const proxy = connectProxy("username", "password", socks)
    const tunnels = []
    proxy.on("connect", req => tunnels.push(req.url))
    await new Promise(r => server.listen(0, "127.0.0.1", r))
    await new Promise(r => proxy.listen(0, "127.0.0.1", r))
    const port = server.address().port
    const proxyPort = proxy.address().port
    const stateDir = tempStateDir()
    try {
        await withSimLock(async () => {
            const sim = await startSim({ stateDir, clean: true })
            let at
            try {
                at = await AtClient.open(sim.port)
                await t.test("the files uploaded with AT+SSLFILE", async () => {
                    await upload(at, "/dir/ca.pem", f.ca)
                    await upload(at, "/dir/client-cert.pem", f.cliCert)
                    await upload(at, "/dir/client-key.pem", f.cliKey)
                })

                await t.test("direct: every line OK, the page, TLS 1.2 with the client certificate, state 3 after", async () => {
                    await startSequence(at)
                    const create = "AT+WIPCREATE=5,1"
                    at.send(create + "\r")
                    assert.equal(
                        (await at.until(b => b.toString("latin1").endsWith("+WIPREADY: 5,1\r\n"), 60000, "+WIPREADY")).toString("latin1"),
                        `${create}\r\r\nOK\r\n\r\n+WIPREADY: 5,1\r\n`
                    )
                    await getPage(at, `https://localhost:${port}/page`)
                    assert.deepEqual(seen.pop(), { url: "/page", protocol: "TLSv1.2", client: "sslat seed client", header: undefined })
                    assert.equal(await at.cmd("AT+SSLBOOST=0"), ok("AT+SSLBOOST=0"))
                    assert.equal(await at.cmd("at+wipclose=5,1"), ok("at+wipclose=5,1"))
                    assert.equal(await at.cmd("AT+SSLSTATE?"), "AT+SSLSTATE?\r\r\n+SSLSTATE: 3\r\n\r\nOK\r\n")
                    const info = await at.cmd("AT+SSLINFO")
                    assert.match(info, /\+SSLINFO: "engine","sslat"/)
                    assert.match(info, /\+SSLINFO: "version","TLSv1\.2"/)
                    assert.match(info, /\+SSLINFO: "verify","ok"/)
                    assert.match(info, /\+SSLINFO: "client_cert",/)
                })

                await t.test("through the proxy of AT+WIPCREATE (user, password, a header pair), as the seed writes it", async () => {
                    assert.equal(await at.cmd("AT+SSLBOOST=1"), ok("AT+SSLBOOST=1"))
                    const create = `AT+WIPCREATE=5,1,"https://127.0.0.1",${proxyPort},"username","password","X-Seed","header value"`
                    at.send(create + "\r")
                    assert.equal(
                        (await at.until(b => b.toString("latin1").endsWith("+WIPREADY: 5,1\r\n"), 60000, "+WIPREADY")).toString("latin1"),
                        `${create}\r\r\nOK\r\n\r\n+WIPREADY: 5,1\r\n`
                    )
                    await getPage(at, `https://localhost:${port}/seed`)
                    assert.deepEqual(tunnels, [`localhost:${port}`])
                    assert.deepEqual(seen.pop(), { url: "/seed", protocol: "TLSv1.2", client: "sslat seed client", header: "header value" })
                    assert.equal(await at.cmd("AT+SSLBOOST=0"), ok("AT+SSLBOOST=0"))
                    assert.equal(await at.cmd("at+wipclose=5,1"), ok("at+wipclose=5,1"))
                    assert.equal(await at.cmd("AT"), ok("AT"))
                })
            } finally {
                at?.close()
                const r = await sim.stop()
                assert.equal(r.leftovers, false)
            }
        })
    } finally {
        for (const s of socks) s.destroy()
        server.closeAllConnections?.()
        await new Promise(r => server.close(r))
        await new Promise(r => proxy.close(r))
        removeDir(stateDir)
        removeDir(dir)
    }
})
