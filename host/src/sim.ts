// `sslat sim`: the firmware in the DeviceScript simulator, its AT link on a local TCP port.
//
//   devs devtools          the Jacdac bus of the machine (ws 8081, TCP 8082, debugger 8083)
//   devs run --tcp <devs>  the simulated device (WASM VM), flash in <state dir>/.devicescript/flash/sim.bin
//   this process           jacdac-ts bus on TCP 8082 with the AT SerialServer, and the AT port
import { existsSync, rmSync } from "node:fs"
import { join, resolve } from "node:path"
import { jacdac } from "./jd.js"
import { buildFirmware, DEVS, ROOT } from "./firmware.js"
import { Log, UserError } from "./log.js"
import { Child, portFree, startChild, stopChild, waitForListen } from "./procs.js"
import { Served, serveAtLink } from "./serve.js"

/** Ports `devs devtools` listens on (fixed by the DeviceScript CLI). */
export const DEVTOOLS_PORTS = [8081, 8082, 8083]
const JD_TCP_PORT = 8082
/** devs devtools exits with this code when a port is taken */
const EXIT_CODE_EADDRINUSE = 100

export interface SimOptions {
    port: number
    clean: boolean
    verbose: boolean
    /** firmware entry file, relative to the project root */
    entry: string
    /** where the simulator keeps its flash (.devicescript/flash/sim.bin) and sslat its log */
    stateDir: string
    readyTimeoutMs: number
}

class Interrupted extends Error {}

export function flashFile(stateDir: string) {
    return join(resolve(stateDir), ".devicescript/flash/sim.bin")
}

export async function sim(opts: SimOptions) {
    const stateDir = resolve(opts.stateDir)
    const log = new Log(opts.verbose, join(stateDir, ".devicescript/sslat-sim.log"))
    log.captureConsole()

    // 1. ports, before anything is started
    const taken: number[] = []
    for (const p of DEVTOOLS_PORTS) if (!(await portFree(p))) taken.push(p)
    if (taken.length)
        throw new UserError(
            `port${taken.length > 1 ? "s" : ""} ${taken.join(", ")} on 127.0.0.1 ` +
                `${taken.length > 1 ? "are" : "is"} in use. The DeviceScript devtools need 8081, 8082 and 8083 ` +
                `(one simulated Jacdac bus per machine): stop the other \`devs devtools\`, \`sslat sim\` or the ` +
                `program holding them, then retry.`
        )
    if (!(await portFree(opts.port)))
        throw new UserError(`the AT port 127.0.0.1:${opts.port} is in use; choose another with --port N`)

    const flash = flashFile(stateDir)
    if (opts.clean && existsSync(flash)) {
        rmSync(flash)
        log.info(`--clean: removed ${flash}`)
    }
    const devsFile = join(stateDir, ".devicescript/sslat/firmware.devs")

    const children: Child[] = []
    let served: Served = null
    let bus: InstanceType<typeof jacdac.JDBus> = null
    let stopping = false
    let building: Promise<void> = null
    const shutdown = async () => {
        stopping = true
        // never hang on the way out: children are killed outright if a clean stop takes too long
        setTimeout(() => {
            for (const c of children) c.proc.kill("SIGKILL")
            process.exit(1)
        }, 15000).unref()
        if (served) await served.close().catch(() => {})
        // an interrupted build has been told to stop; wait until its process has exited
        if (building) await building.catch(() => {})
        for (const c of children.slice().reverse()) await stopChild(c)
        if (bus) await bus.dispose().catch(() => {})
    }
    // Ctrl-C / kill: from now on, whatever phase we are in, stop everything started so far. (A terminal's
    // Ctrl-C also reaches the children, which then exit on SIGINT themselves: that is an interrupt too.)
    let interrupt: () => void
    const interrupted = new Promise<void>(r => (interrupt = r))
    const onSignal = (sig: string) => {
        log.info(`${sig}: stopping`)
        interrupt()
    }
    const handlers: [string, () => void][] = ["SIGINT", "SIGTERM", "SIGHUP"].map(sig => [sig, () => onSignal(sig)])
    for (const [sig, h] of handlers) process.on(sig, h)
    // a child that exits while we run ends everything
    let childDied: (e: Error) => void
    const died = new Promise<never>((_, rej) => (childDied = rej))
    died.catch(() => {})
    const stop = Promise.race([died, interrupted.then(() => Promise.reject(new Interrupted()))])
    const abortBuild = new AbortController()
    stop.catch(() => abortBuild.abort())
    const watch = (c: Child, what: (code: number | string) => string) => {
        children.push(c)
        c.exited.then(code => {
            if (stopping) return
            if (code === "SIGINT" || code === "SIGTERM") interrupt()
            else childDied(new UserError(what(code)))
        })
    }

    try {
        // 2. the bus (devtools), while the firmware builds
        const devtools = startChild("devtools", DEVS, ["devtools"], ROOT, log)
        watch(devtools, code =>
            code === EXIT_CODE_EADDRINUSE
                ? `devs devtools could not listen: ports 8081/8082/8083 are in use (another devtools or sslat sim?)`
                : `devs devtools exited (${code}); see ${join(stateDir, ".devicescript/sslat-sim.log")}`
        )
        log.info(`building ${opts.entry}`)
        building = buildFirmware(opts.entry, devsFile, abortBuild.signal)
        await Promise.race([building, stop])
        log.info(`built ${devsFile}`)
        await Promise.race([waitForListen(JD_TCP_PORT, 120000, stop), stop])

        bus = new jacdac.JDBus([jacdac.createNodeSocketTransport(JD_TCP_PORT, "127.0.0.1")], {
            client: false,
            disableRoleManager: true,
        })
        bus.start()
        await Promise.race([bus.connect(true), stop])

        // 3. the device; its flash persists in <state dir>/.devicescript/flash/sim.bin
        const vmArgs = ["run", "--tcp", devsFile]
        const vm = startChild("vm", DEVS, vmArgs, stateDir, log)
        watch(vm, code => `the simulator (devs run) exited (${code}); see the log`)

        // 4. the AT link
        served = await serveAtLink(bus, { port: opts.port, log, readyTimeoutMs: opts.readyTimeoutMs, abort: stop })
    } catch (e) {
        await shutdown()
        for (const [sig, h] of handlers) process.off(sig, h)
        if (e instanceof Interrupted) return
        throw e
    }

    // run until a signal or a child dies
    try {
        await stop
    } catch (e) {
        if (!(e instanceof Interrupted)) throw e
    } finally {
        await shutdown()
        for (const [sig, h] of handlers) process.off(sig, h)
    }
}
