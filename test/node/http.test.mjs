// HTTP/1.1 client (src/http/client.ts) in the VM against real loopback servers: node:http for well-formed
// exchanges, a raw TCP server for malformed, truncated and silent peers.
import http from "node:http"
import net from "node:net"
import { createHash, randomBytes } from "node:crypto"
import { writeGen } from "../lib/vm.mjs"
import { vmTestFile } from "../lib/vmtest.mjs"
import { pacedBody } from "../lib/httplib.mjs"

const bodies = {
    "/len0": Buffer.alloc(0),
    "/len1": Buffer.from("x"),
    "/len64k": randomBytes(65536),
}
const chunkedParts = [randomBytes(1), randomBytes(1000), randomBytes(4096), randomBytes(17)]
const sha = b => createHash("sha256").update(b).digest("hex")
// a Fletcher-style checksum (sums mod 2^16), computed the same way in the VM over the streamed body: cheap
// enough for the VM to keep up with the stream (the runtime socket has no backpressure)
const adler = b => {
    let a = 1,
        c = 0
    for (const x of b) {
        a = (a + x) | 0
        c = (c + a) | 0
    }
    return ((c & 0xffff) * 65536 + (a & 0xffff)) >>> 0
}

let httpServer, rawServer
const rawScripts = {
    // status line that is not HTTP
    "/garbage": "SSH-2.0-OpenSSH_9.0\r\n\r\n",
    // announces 100 bytes, sends 10, closes
    "/short": "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789",
    // chunked with an extension and a trailer
    "/chunkext": "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3;foo=bar\r\nabc\r\n0\r\nX-T: 1\r\n\r\n",
    // bad chunk size
    "/badchunk": "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n",
    // no length, body until close
    "/untilclose": "HTTP/1.0 200 OK\r\n\r\nhello until close",
    // a header block that never ends
    "/hugehead": "HTTP/1.1 200 OK\r\n" + "X-Pad: " + "a".repeat(5000) + "\r\n\r\n",
}

async function start() {
    httpServer = http.createServer((req, res) => {
        const u = req.url
        if (bodies[u]) {
            // written in 2 KB pieces every 20 ms (100 KB/s): the simulator hands a socket read to the VM as one Buffer (a
            // read over its largest allocation, 0xE000 bytes, kills the VM) and the runtime socket has no
            // backpressure (what the program does not consume yet piles up in its heap)
            res.writeHead(200, { "Content-Length": bodies[u].length })
            pacedBody(res, bodies[u], 2048, 20)
        } else if (u === "/chunked") {
            res.writeHead(200, { "Content-Type": "application/octet-stream" }) // node uses chunked
            let i = 0
            const next = () => (i < chunkedParts.length ? res.write(chunkedParts[i++], next) : res.end())
            next()
        } else if (u === "/echo") {
            const parts = []
            req.on("data", d => parts.push(d))
            req.on("end", () => {
                const body = Buffer.concat(parts)
                const info = JSON.stringify({
                    method: req.method,
                    host: req.headers.host,
                    auth: req.headers.authorization || "",
                    custom: req.headers["x-custom"] || "",
                    length: body.length,
                    sha: sha(body),
                })
                res.writeHead(200, { "Content-Length": Buffer.byteLength(info) })
                res.end(info)
            })
        } else if (u === "/redirect") {
            res.writeHead(301, { Location: "https://elsewhere.example/next", "Content-Length": 0 })
            res.end()
        } else if (u === "/missing") {
            res.writeHead(404, "Not Found", { "Content-Length": 9 })
            res.end("not here\n")
        } else if (u === "/boom") {
            res.writeHead(500, "Internal Server Error", { "Content-Length": 0 })
            res.end()
        }
    })
    rawServer = net.createServer(sock => {
        let got = ""
        sock.on("data", d => {
            got += d
            if (got.indexOf("\r\n\r\n") < 0) return
            const path = got.split(" ")[1]
            if (path === "/silent") return // never answers
            sock.end(rawScripts[path] || "")
        })
        sock.on("error", () => {})
    })
    await new Promise(r => httpServer.listen(0, "127.0.0.1", r))
    await new Promise(r => rawServer.listen(0, "127.0.0.1", r))
    const lines = [
        `export const HTTP_PORT = ${httpServer.address().port}`,
        `export const RAW_PORT = ${rawServer.address().port}`,
        `export const ADLER_LEN1 = ${adler(bodies["/len1"])}`,
        `export const ADLER_LEN64K = ${adler(bodies["/len64k"])}`,
        `export const ADLER_CHUNKED = ${adler(Buffer.concat(chunkedParts))}`,
        `export const LEN_CHUNKED = ${Buffer.concat(chunkedParts).length}`,
        `export const SHA_POST = "${sha(Buffer.alloc(3000, 0x5a))}"`,
    ]
    writeGen("http", lines.join("\n") + "\n")
}

async function stop() {
    httpServer.closeAllConnections?.()
    await new Promise(r => httpServer.close(r))
    await new Promise(r => rawServer.close(r))
}

vmTestFile("test/vmhost/http.test.ts", { timeoutMs: 120000, before: start, after: stop })
