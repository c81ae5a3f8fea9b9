// Loopback servers of the TLS glue tests (test/vmhost/tls-glue*.test.ts): TLS servers with a private CA (ECDSA
// P-256, made with openssl): one that speaks TLS 1.2 and 1.3, one that speaks only TLS 1.3, a TCP server
// that never answers, and an HTTP CONNECT proxy with Basic auth. Writes test/gen/tls_glue.ts (ports, CA files, the body).
import https from "node:https"
import net from "node:net"
import { execFileSync } from "node:child_process"
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { writeGen } from "./vm.mjs"
import { connectProxy } from "./httplib.mjs"

let dir
const servers = []
const socks = []
const BODY = Buffer.from("sslat: hello over sslat's own TLS engine\n".repeat(20))

async function listen(srv) {
    await new Promise(r => srv.listen(0, "127.0.0.1", r))
    servers.push(srv)
    return srv.address().port
}

export async function startGlueServers() {
    dir = mkdtempSync(join(tmpdir(), "sslat-glue-"))
    const o = (...a) => execFileSync("openssl", a, { cwd: dir, stdio: "pipe" })
    const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"]
    o("req", "-x509", ...ec, "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=sslat glue CA")
    o("req", "-x509", ...ec, "-keyout", "other.key", "-out", "other.pem", "-days", "2", "-subj", "/CN=sslat other CA")
    o("req", ...ec, "-keyout", "srv.key", "-out", "srv.csr", "-subj", "/CN=localhost")
    writeFileSync(join(dir, "ext.cnf"), "subjectAltName=DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n")
    o("x509", "-req", "-in", "srv.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "srv.pem", "-days", "2", "-extfile", "ext.cnf")
    const cred = { key: readFileSync(join(dir, "srv.key")), cert: readFileSync(join(dir, "srv.pem")) }
    const handler = (req, res) => {
        res.writeHead(200, "OK", { "Content-Length": BODY.length })
        res.end(BODY)
    }
    const port = await listen(https.createServer({ ...cred, minVersion: "TLSv1.2" }, handler))
    const port13 = await listen(https.createServer({ ...cred, minVersion: "TLSv1.3" }, handler))
    const silent = net.createServer(s => socks.push(s))
    const silentPort = await listen(silent)
    // CONNECT proxy with Basic auth (user "pu", password "pp")
    const proxy = connectProxy("pu", "pp", socks)
    const proxyPort = await listen(proxy)
    if (BODY.includes(3) || BODY.includes(16)) throw new Error("BODY must not need WIP escapes")
    writeGen(
        "tls_glue",
        [
            `export const PORT = ${port}`,
            `export const PORT13 = ${port13}`,
            `export const SILENT_PORT = ${silentPort}`,
            `export const PROXY_PORT = ${proxyPort}`,
            `export const CA_HEX = "${readFileSync(join(dir, "ca.pem")).toString("hex")}"`,
            `export const OTHER_CA_HEX = "${readFileSync(join(dir, "other.pem")).toString("hex")}"`,
            `export const BODY_HEX = "${BODY.toString("hex")}"`,
        ].join("\n") + "\n"
    )
}

export async function stopGlueServers() {
    for (const s of socks) s.destroy()
    for (const s of servers) {
        s.closeAllConnections?.()
        await new Promise(r => s.close(r))
    }
    rmSync(dir, { recursive: true, force: true })
}

