// WIP HTTP commands through the AT engine in the VM, against real loopback servers: node:http (plain),
// node:https with a private CA (runtime TLS socket: default SSL settings), and a CONNECT proxy.
import http from "node:http"
import https from "node:https"
import net from "node:net"
import { execFileSync } from "node:child_process"
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { createHash, randomBytes } from "node:crypto"
import { writeGen } from "../lib/vm.mjs"
import { vmTestFile } from "../lib/vmtest.mjs"
import { connectProxy, pacedBody } from "../lib/httplib.mjs"

const sha = b => createHash("sha256").update(b).digest("hex")
// the checksum the VM computes over the un-escaped download (sums mod 2^16)
const fletcher = b => {
    let a = 1,
        c = 0
    for (const x of b) {
        a = (a + x) | 0
        c = (c + a) | 0
    }
    return ((c & 0xffff) * 65536 + (a & 0xffff)) >>> 0
}
// bytes 0..255 four times: includes ETX (3) and DLE (16), which must arrive escaped
const small = Buffer.alloc(1024)
for (let i = 0; i < small.length; i++) small[i] = i & 255
const big = randomBytes(65536)
const servers = []
let dir
const opts = { timeoutMs: 180000, env: {} }

function handler(req, res) {
    if (req.url === "/small") {
        res.writeHead(200, "OK", { "Content-Length": small.length })
        res.end(small)
    } else if (req.url === "/big") {
        res.writeHead(200, "OK", { "Content-Length": big.length })
        // 2 KB every 40 ms (50 KB/s, faster than a 115200-baud AT link drains)
        pacedBody(res, big, 2048, 40)
    } else if (req.url === "/up") {
        const parts = []
        req.on("data", d => parts.push(d))
        req.on("end", () => {
            const body = Buffer.concat(parts)
            res.writeHead(201, "Created", { "X-Sha": sha(body) })
            res.end()
            lastUpload = { method: req.method, sha: sha(body), length: body.length, auth: req.headers.authorization || "", x: req.headers["x-app"] || "" }
        })
    } else if (req.url === "/last") {
        const j = JSON.stringify(lastUpload)
        res.writeHead(200, "OK", { "Content-Length": Buffer.byteLength(j) })
        res.end(j)
    } else {
        res.writeHead(404, "Not Found", { "Content-Length": 0 })
        res.end()
    }
}
let lastUpload = {}

async function listen(srv) {
    await new Promise(r => srv.listen(0, "127.0.0.1", r))
    servers.push(srv)
    return srv.address().port
}

async function start() {
    dir = mkdtempSync(join(tmpdir(), "sslat-wip-"))
    const o = (...a) => execFileSync("openssl", a, { cwd: dir, stdio: "pipe" })
    o("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=sslat test CA")
    o("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "srv.key", "-out", "srv.csr", "-subj", "/CN=localhost")
    writeFileSync(join(dir, "ext.cnf"), "subjectAltName=DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n")
    o("x509", "-req", "-in", "srv.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "srv.pem", "-days", "2", "-extfile", "ext.cnf")
    opts.env.NODE_EXTRA_CA_CERTS = join(dir, "ca.pem")

    const httpPort = await listen(http.createServer(handler))
    const httpsPort = await listen(
        https.createServer({ key: readFileSync(join(dir, "srv.key")), cert: readFileSync(join(dir, "srv.pem")) }, handler)
    )
    // CONNECT proxy with Basic auth (user "pu", password "pp")
    const proxy = connectProxy("pu", "pp")
    const proxyPort = await listen(proxy)
    // a port nobody listens on
    const closed = net.createServer()
    const closedPort = await listen(closed)
    await new Promise(r => closed.close(r))
    servers.pop()

    writeGen(
        "wip",
        [
            `export const HTTP_PORT = ${httpPort}`,
            `export const HTTPS_PORT = ${httpsPort}`,
            `export const PROXY_PORT = ${proxyPort}`,
            `export const CLOSED_PORT = ${closedPort}`,
            `export const SMALL_LEN = ${small.length}`,
            `export const BIG_LEN = ${big.length}`,
            `export const BIG_SUM = ${fletcher(big)}`,
            `export const UP_SHA = "${sha(Buffer.from("hello\x03world\x10!".repeat(100)))}"`,
        ].join("\n") + "\n"
    )
}

async function stop() {
    for (const s of servers) {
        s.closeAllConnections?.()
        await new Promise(r => s.close(r))
    }
    rmSync(dir, { recursive: true, force: true })
}

opts.before = start
opts.after = stop
vmTestFile("test/vmhost/wip.test.ts", opts)
