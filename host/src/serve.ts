// Serves the AT link on a Jacdac bus: adds the AT SerialServer as a device of the bus, waits until the
// firmware's Serial role has bound and said HELLO, then opens the AT port and prints the ready line.
import type { JDBus } from "jacdac-ts"
import { jacdac } from "./jd.js"
import { AtPort } from "./atport.js"
import { AtSerialServer } from "./serial.js"
import { Log, UserError } from "./log.js"

export interface Served {
    port: AtPort
    link: AtSerialServer
    close(): Promise<void>
}

export function readyLine(port: number) {
    return `AT port ready: tcp://127.0.0.1:${port}`
}

/**
 * Resolves once the AT port is open and the ready line is printed. `abort` rejects the wait early (for example
 * when the simulator process dies first).
 */
export async function serveAtLink(
    bus: JDBus,
    opts: { port: number; log: Log; readyTimeoutMs: number; abort?: Promise<never> }
): Promise<Served> {
    const { log } = opts
    const port = new AtPort(m => log.info(m))
    let helloSeen: () => void
    const hello = new Promise<void>(r => (helloSeen = r))
    const link = new AtSerialServer({
        data: b => port.toClient(b),
        hello: (first, lost) => {
            if (first) {
                log.info("firmware AT link bound")
                helloSeen()
            } else
                log.warn(
                    `firmware restarted its AT link` + (lost ? `; ${lost} byte(s) in flight were lost` : "")
                )
        },
        backpressure: paused => port.backpressure(paused),
        warn: msg => log.warn(msg),
    })
    port.attach(link)
    const provider = new jacdac.JDServerServiceProvider("sslat-bridge", [link])
    bus.addServiceProvider(provider)

    let timer: NodeJS.Timeout
    const timeout = new Promise<never>((_, rej) => {
        timer = setTimeout(
            () =>
                rej(
                    new UserError(
                        `the firmware did not bind its Serial role within ${Math.round(
                            opts.readyTimeoutMs / 1000
                        )} s (is the sslat program running on the device?)`
                    )
                ),
            opts.readyTimeoutMs
        )
    })
    try {
        await Promise.race([hello, timeout, ...(opts.abort ? [opts.abort] : [])])
    } finally {
        clearTimeout(timer)
    }
    try {
        await port.listen(opts.port)
    } catch (e: any) {
        throw new UserError(`cannot open the AT port 127.0.0.1:${opts.port}: ${e.code || e.message}`)
    }
    process.stdout.write(readyLine(opts.port) + "\n")
    return {
        port,
        link,
        close: async () => {
            port.close()
            bus.removeServiceProvider(provider)
        },
    }
}
