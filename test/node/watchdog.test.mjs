// Driver of test/vmhost/watchdog.test.ts: a loopback HTTP server with paths that answer at once, late,
// halfway or never, and a TCP server that accepts and never sends a byte.
import http from "node:http"
import net from "node:net"
import { writeGen } from "../lib/vm.mjs"
import { vmTestFile } from "../lib/vmtest.mjs"

let srv, silent
const socks = []
const timers = []

async function start() {
    srv = http.createServer((req, res) => {
        if (req.url === "/fast") res.end("fast")
        else if (req.url === "/late") timers.push(setTimeout(() => res.end("late"), 2500))
        else if (req.url === "/half") {
            res.writeHead(200, "OK", { "Content-Length": 100 })
            res.write("half")
        } // "/stall": never answers
    })
    await new Promise(r => srv.listen(0, "127.0.0.1", r))
    // accepts and never sends a byte (a TLS server that never answers the ClientHello)
    silent = net.createServer(s => socks.push(s))
    await new Promise(r => silent.listen(0, "127.0.0.1", r))
    writeGen("watchdog", `export const PORT = ${srv.address().port}\nexport const SILENT_PORT = ${silent.address().port}\n`)
}

async function stop() {
    for (const t of timers) clearTimeout(t)
    for (const s of socks) s.destroy()
    await new Promise(r => silent.close(r))
    srv.closeAllConnections()
    await new Promise(r => srv.close(r))
}

vmTestFile("test/vmhost/watchdog.test.ts", { timeoutMs: 120000, before: start, after: stop })
