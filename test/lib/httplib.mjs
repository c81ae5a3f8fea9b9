// Loopback HTTP helpers shared by the test drivers.
import http from "node:http"
import net from "node:net"

/**
 * Writes `b` as the response body in `piece`-byte writes, `delayMs` apart, then ends it: the runtime socket has
 * no backpressure, so a peer much faster than the firmware drains fills the VM heap (docs/COMMANDS.md, WIP).
 */
export function pacedBody(res, b, piece, delayMs) {
    let off = 0
    const next = () => {
        if (off >= b.length) return res.end()
        const p = b.subarray(off, off + piece)
        off += p.length
        res.write(p, () => setTimeout(next, delayMs))
    }
    next()
}

/**
 * An HTTP CONNECT proxy that requires Basic auth `user`:`password` (407 otherwise) and tunnels to the asked
 * host:port (localhost -> 127.0.0.1). `sockets` (optional) collects the tunnel sockets for cleanup.
 */
export function connectProxy(user, password, sockets = []) {
    const proxy = http.createServer((req, res) => {
        res.writeHead(405)
        res.end()
    })
    proxy.on("connect", (req, sock, head) => {
        if (req.headers["proxy-authorization"] !== "Basic " + Buffer.from(`${user}:${password}`).toString("base64")) {
            sock.end("HTTP/1.1 407 Proxy Authentication Required\r\n\r\n")
            return
        }
        const [h, p] = req.url.split(":")
        const up = net.connect(+p, h === "localhost" ? "127.0.0.1" : h, () => {
            sock.write("HTTP/1.1 200 Connection Established\r\n\r\n")
            if (head.length) up.write(head)
            up.pipe(sock)
            sock.pipe(up)
        })
        sockets.push(up, sock)
        up.on("error", () => sock.destroy())
        sock.on("error", () => up.destroy())
    })
    return proxy
}
