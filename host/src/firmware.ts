// Project paths and the firmware build.
//
// `devs build` always writes .devicescript/bin/bytecode.devs in the project, so builds take the same lock file
// as the VM test harness (test/lib/vm.mjs) and the bytecode is copied out before the lock is released.
import { spawn } from "node:child_process"
import { closeSync, copyFileSync, mkdirSync, openSync, statSync, unlinkSync } from "node:fs"
import { dirname, join, resolve } from "node:path"
import { fileURLToPath } from "node:url"

/** The project root (host/dist/.. /..). */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..")
/** The DeviceScript CLI of the project. */
export const DEVS = join(ROOT, "node_modules/@devicescript/cli/devicescript")
const LOCK = join(ROOT, ".devicescript/.build-lock")

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms))

async function withBuildLock<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    mkdirSync(dirname(LOCK), { recursive: true })
    const start = Date.now()
    for (;;) {
        if (signal?.aborted) throw new Error("build cancelled")
        try {
            closeSync(openSync(LOCK, "wx"))
            break
        } catch (e: any) {
            if (e.code !== "EEXIST") throw e
            try {
                if (Date.now() - statSync(LOCK).mtimeMs > 120000) unlinkSync(LOCK)
            } catch {}
            if (Date.now() - start > 300000) throw new Error("timed out waiting for the devs build lock " + LOCK)
            await sleep(50)
        }
    }
    try {
        return await fn()
    } finally {
        try {
            unlinkSync(LOCK)
        } catch {}
    }
}

/**
 * Run a command, collecting its output. `signal` cancels: the command gets SIGTERM (SIGKILL 3 s later) and the
 * promise rejects only once it has exited, so a caller that awaits it leaves nothing running.
 */
export function runCollect(
    cmd: string,
    args: string[],
    cwd: string,
    signal?: AbortSignal
): Promise<{ code: number; out: string }> {
    return new Promise((res, rej) => {
        if (signal?.aborted) return rej(new Error(`${cmd} cancelled`))
        const p = spawn(cmd, args, { cwd, env: { ...process.env, FORCE_COLOR: "0" } })
        let out = ""
        let killer: NodeJS.Timeout
        const onAbort = () => {
            p.kill("SIGTERM")
            killer = setTimeout(() => p.kill("SIGKILL"), 3000)
        }
        signal?.addEventListener("abort", onAbort)
        p.stdout.on("data", d => (out += d))
        p.stderr.on("data", d => (out += d))
        let failed: Error = null
        p.on("error", e => {
            failed = e
            if (p.pid === undefined) rej(e) // never started: no close to wait for
        })
        p.on("close", code => {
            signal?.removeEventListener("abort", onAbort)
            clearTimeout(killer)
            if (signal?.aborted) rej(new Error(`${cmd} cancelled`))
            else if (failed) rej(failed)
            else res({ code: code ?? 1, out })
        })
    })
}

/** Compile `entry` (relative to the project root) and copy its bytecode to `outFile`; `signal` cancels. */
export async function buildFirmware(entry: string, outFile: string, signal?: AbortSignal) {
    await withBuildLock(async () => {
        const r = await runCollect(DEVS, ["build", resolve(ROOT, entry)], ROOT, signal)
        if (r.code !== 0) throw new Error(`devs build ${entry} failed:\n${r.out.replace(/\x1b\[[0-9;]*m/g, "")}`)
        mkdirSync(dirname(outFile), { recursive: true })
        copyFileSync(join(ROOT, ".devicescript/bin/bytecode.devs"), outFile)
    }, signal)
}
