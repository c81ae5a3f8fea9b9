// The AT port: a TCP server on 127.0.0.1 that connects one AT client at a time to the firmware's AT link.
// A second client gets one refusal line and is closed; it never sees or injects bytes of the first session.
// Bytes the firmware sends while no client is connected are dropped (like a UART with nothing attached); bytes a
// client sent before it left still reach the firmware. A client that half-closes (EOF after its commands, as
// `nc -N` does) keeps receiving answers until the firmware has been quiet for QUIET_MS; then the port closes the
// session (what it sent still reaches the firmware).
import net from "node:net"
import { AtSerialServer } from "./serial.js"

/** After a client's EOF: close once the firmware has sent nothing for this long. */
export const QUIET_MS = 1000

export const BUSY_LINE = "sslat: the AT port is in use by another client; try again later\r\n"

export class AtPort {
    private server: net.Server
    private client: net.Socket = null
    private link: AtSerialServer
    private quiet: NodeJS.Timeout = null
    private lastOut = 0
    private sockets = new Set<net.Socket>()

    constructor(private log: (msg: string) => void) {}

    attach(link: AtSerialServer) {
        this.link = link
    }

    /** Bytes from the firmware. */
    toClient(buf: Buffer) {
        this.lastOut = Date.now()
        if (this.client && !this.client.destroyed) this.client.write(buf)
    }

    /** Pause/resume reading the client (flow control towards the firmware). */
    backpressure(paused: boolean) {
        if (!this.client) return
        if (paused) this.client.pause()
        else this.client.resume()
    }

    listen(port: number, host = "127.0.0.1"): Promise<void> {
        this.server = net.createServer({ allowHalfOpen: true }, sock => this.onConnection(sock))
        return new Promise((resolve, reject) => {
            this.server.once("error", reject)
            this.server.listen(port, host, () => {
                this.server.off("error", reject)
                resolve()
            })
        })
    }

    private onConnection(sock: net.Socket) {
        sock.setNoDelay(true)
        sock.on("error", () => {})
        this.sockets.add(sock)
        sock.on("close", () => this.sockets.delete(sock))
        if (this.client) {
            this.log(`AT port: refused a second client (${sock.remoteAddress}:${sock.remotePort})`)
            sock.end(BUSY_LINE)
            sock.on("end", () => sock.destroy())
            return
        }
        this.client = sock
        this.log(`AT port: client connected (${sock.remoteAddress}:${sock.remotePort})`)
        sock.on("data", (d: Buffer) => this.link.write(d))
        sock.on("end", () => {
            // the client sent EOF: answer what it sent, then close
            const check = () => {
                this.quiet = null
                if (this.client !== sock) return
                const wait = this.lastOut + QUIET_MS - Date.now()
                if (wait > 0) this.quiet = setTimeout(check, wait)
                else sock.end()
            }
            check()
        })
        sock.on("close", () => {
            if (this.client !== sock) return
            this.client = null
            clearTimeout(this.quiet)
            this.quiet = null
            this.log(`AT port: client disconnected (${this.link.stats()})`)
        })
    }

    close() {
        clearTimeout(this.quiet)
        this.client = null
        this.server?.close()
        for (const s of this.sockets) s.destroy()
        this.sockets.clear()
    }
}
