#!/usr/bin/env node
// sslat: host-side tool of the sslat firmware. See README.md ("AT port", "Hardware").
import { parseArgs } from "node:util"
import { bridge } from "./bridge.js"
import { ROOT } from "./firmware.js"
import { UserError } from "./log.js"
import { sim } from "./sim.js"
import { upload, UploadError } from "./upload.js"
import { fetchUrl } from "./fetch.js"

const USAGE = `usage:
  sslat sim [--port N] [--clean] [--verbose]
        build the firmware, run it in the DeviceScript simulator, serve its AT interface on
        tcp://127.0.0.1:N (default 5025). Flash persists in .devicescript/flash/sim.bin; --clean
        starts with an empty flash. Ctrl-C stops everything.
  sslat bridge --serial <device> [--port N] [--verbose]
  sslat bridge --devtools [--port N] [--verbose]
        serve the AT interface of a board running the sslat program: over its USB serial port
        directly, or through a running \`devs devtools --serial\`.
  sslat upload <local file> <remote path> [--password pw] [--port N] [--host H]
        store a file on the device with AT+SSLFILE and check the SHA-256 it reports.
  sslat fetch <url> [--ca file] [--cert file --key file] [--port N] [--host H] [--timeout s]
        GET <url> through the device: uploads the files (to /sslat-fetch/), runs the seed's start
        sequence on the AT port, writes the body to stdout and a progress line to stderr. Exit 1
        when the device reports an error or the status is not 2xx.
`

function portArg(v: string | undefined, dflt: number) {
    if (v === undefined) return dflt
    const n = Number(v)
    if (!Number.isInteger(n) || n < 1 || n > 65535) throw new UserError(`bad port: ${v}`)
    return n
}

async function main(argv: string[]) {
    const cmd = argv[0]
    const rest = argv.slice(1)
    switch (cmd) {
        case "sim": {
            const { values } = parseArgs({
                args: rest,
                options: {
                    port: { type: "string" },
                    clean: { type: "boolean", default: false },
                    verbose: { type: "boolean", short: "v", default: false },
                    // for tests: another firmware entry, another place for the flash file and log
                    entry: { type: "string", default: "src/main.ts" },
                    "state-dir": { type: "string", default: ROOT },
                    "ready-timeout": { type: "string", default: "180" },
                },
            })
            await sim({
                port: portArg(values.port, 5025),
                clean: !!values.clean,
                verbose: !!values.verbose,
                entry: values.entry!,
                stateDir: values["state-dir"]!,
                readyTimeoutMs: Number(values["ready-timeout"]) * 1000,
            })
            return 0
        }
        case "bridge": {
            const { values } = parseArgs({
                args: rest,
                options: {
                    serial: { type: "string" },
                    devtools: { type: "boolean", default: false },
                    port: { type: "string" },
                    verbose: { type: "boolean", short: "v", default: false },
                    "ready-timeout": { type: "string", default: "60" },
                },
            })
            await bridge({
                serial: values.serial,
                devtools: !!values.devtools,
                port: portArg(values.port, 5025),
                verbose: !!values.verbose,
                readyTimeoutMs: Number(values["ready-timeout"]) * 1000,
            })
            return 0
        }
        case "upload": {
            const { values, positionals } = parseArgs({
                args: rest,
                allowPositionals: true,
                options: {
                    password: { type: "string" },
                    port: { type: "string" },
                    host: { type: "string", default: "127.0.0.1" },
                    timeout: { type: "string", default: "120" },
                },
            })
            if (positionals.length !== 2) throw new UserError("usage: sslat upload <local file> <remote path>")
            const r = await upload({
                local: positionals[0],
                remote: positionals[1],
                password: values.password,
                host: values.host!,
                port: portArg(values.port, 5025),
                timeoutMs: Number(values.timeout) * 1000,
            })
            process.stdout.write(`uploaded ${r.path}: ${r.size} bytes, sha256 ${r.sha256} (matches the local file)\n`)
            return 0
        }
        case "fetch": {
            const { values, positionals } = parseArgs({
                args: rest,
                allowPositionals: true,
                options: {
                    ca: { type: "string" },
                    cert: { type: "string" },
                    key: { type: "string" },
                    port: { type: "string" },
                    host: { type: "string", default: "127.0.0.1" },
                    timeout: { type: "string", default: "600" },
                },
            })
            if (positionals.length !== 1) throw new UserError("usage: sslat fetch <url> [--ca file] [--cert file --key file]")
            const tty = process.stderr.isTTY
            const r = await fetchUrl({
                url: positionals[0],
                ca: values.ca,
                cert: values.cert,
                key: values.key,
                host: values.host!,
                port: portArg(values.port, 5025),
                timeoutMs: Number(values.timeout) * 1000,
                out: b => process.stdout.write(b),
                progress: (line, final) => {
                    if (final) process.stderr.write((tty ? "\r\x1b[K" : "") + `sslat: ${line}\n`)
                    else if (tty) process.stderr.write(`\r\x1b[Ksslat: ${line}`)
                },
            })
            if (r.status < 200 || r.status > 299) throw new UserError(`HTTP status ${r.status} ${r.reason}`)
            return 0
        }
        case undefined:
        case "help":
        case "--help":
        case "-h":
            process.stdout.write(USAGE)
            return cmd === undefined ? 2 : 0
        default:
            throw new UserError(`unknown command ${cmd}\n${USAGE}`)
    }
}

main(process.argv.slice(2)).then(
    code => process.exit(code),
    e => {
        if (e instanceof UserError || e instanceof UploadError || e?.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION")
            process.stderr.write(`sslat: error: ${e.message}\n`)
        else process.stderr.write(`sslat: error: ${e?.stack || e}\n`)
        process.exit(1)
    }
)
