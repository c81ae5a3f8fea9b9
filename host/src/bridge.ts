// `sslat bridge`: the AT port for a real board running the sslat program.
//
//   --serial <device>  this process opens <device> (the board's USB serial port) as its Jacdac transport
//   --devtools         this process joins the bus of a running `devs devtools --serial` on 127.0.0.1:8082
//
// Not testable here (no board); README "Hardware" has the steps.
import { createRequire } from "node:module"
import { jacdac } from "./jd.js"
import { Log, UserError } from "./log.js"
import { serveAtLink } from "./serve.js"

export interface BridgeOptions {
    serial?: string
    devtools: boolean
    port: number
    verbose: boolean
    readyTimeoutMs: number
}

/** The serialport class, restricted to one device path (jacdac-ts otherwise scans ports by vendor id). */
function onlyPort(path: string) {
    let sp: any
    try {
        sp = createRequire(import.meta.url)("serialport")
    } catch {
        throw new UserError(`the "serialport" package is missing: run npm install`)
    }
    const Base = sp.SerialPort
    return class OnePort extends Base {
        static async list() {
            const ports = await Base.list()
            // the JD prefix makes jacdac-ts accept the port whatever its USB vendor
            return ports
                .filter((p: any) => p.path === path)
                .map((p: any) => ({ ...p, serialNumber: "JD" + (p.serialNumber || path) }))
        }
    }
}

export async function bridge(opts: BridgeOptions) {
    const log = new Log(opts.verbose)
    log.captureConsole()
    if (!opts.serial === !opts.devtools) throw new UserError("sslat bridge needs exactly one of --serial <device>, --devtools")
    const transport = opts.serial
        ? jacdac.createNodeWebSerialTransport(onlyPort(opts.serial))
        : jacdac.createNodeSocketTransport(8082, "127.0.0.1")
    const bus = new jacdac.JDBus([transport], { client: false, disableRoleManager: true })
    bus.start()
    await bus.connect(true)
    log.info(`bus: ${transport.description() || transport.type} (${transport.connectionState})`)
    const served = await serveAtLink(bus, { port: opts.port, log, readyTimeoutMs: opts.readyTimeoutMs })
    await new Promise<void>(resolve => {
        process.once("SIGINT", () => resolve())
        process.once("SIGTERM", () => resolve())
        process.once("SIGHUP", () => resolve())
    })
    await served.close()
    await bus.dispose()
}
