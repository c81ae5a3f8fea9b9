// Runs DeviceScript VM test files (test/vm/*.test.ts) in the simulator and parses what they print.
//
// `devs build` always writes .devicescript/bin/bytecode.devs, so compiles are serialized with a lock file
// (node --test may run several test files at once) and each bytecode is copied to test/gen/ before it runs.
// A run passes only if: the process exits 0, no PANIC was printed, the closing "tests: N, pass: P, error: E"
// line is present with E = 0 and P = N, and every test that started was followed by no exception.
import { spawn } from "node:child_process"
import { mkdirSync, openSync, closeSync, unlinkSync, copyFileSync, writeFileSync, statSync, readFileSync } from "node:fs"
import { basename, dirname, join, resolve } from "node:path"
import { fileURLToPath } from "node:url"

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..")
export const GEN = join(ROOT, "test/gen")
const DEVS = join(ROOT, "node_modules/.bin/devs")
const LOCK = join(ROOT, ".devicescript/.build-lock")

function sleep(ms) {
    return new Promise(r => setTimeout(r, ms))
}

async function withBuildLock(fn) {
    mkdirSync(dirname(LOCK), { recursive: true })
    const start = Date.now()
    for (;;) {
        try {
            closeSync(openSync(LOCK, "wx"))
            break
        } catch (e) {
            if (e.code !== "EEXIST") throw e
            // a lock older than 2 minutes was left by a killed process
            try {
                if (Date.now() - statSync(LOCK).mtimeMs > 120000) unlinkSync(LOCK)
            } catch {}
            if (Date.now() - start > 300000) throw new Error("timed out waiting for the devs build lock")
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

export function stripAnsi(s) {
    return s.replace(/\x1b\[[0-9;]*m/g, "")
}

/** Spawn a command, collect stdout+stderr interleaved; resolves {code, out}. */
export function run(cmd, args, { cwd = ROOT, timeoutMs = 600000, env } = {}) {
    return new Promise((res, rej) => {
        const p = spawn(cmd, args, { cwd, env: { ...process.env, ...env, FORCE_COLOR: "0" } })
        let out = ""
        p.stdout.on("data", d => (out += d))
        p.stderr.on("data", d => (out += d))
        const t = setTimeout(() => {
            out += `\n[harness] killed after ${timeoutMs} ms\n`
            p.kill("SIGKILL")
        }, timeoutMs)
        p.on("error", rej)
        p.on("close", code => {
            clearTimeout(t)
            res({ code, out: stripAnsi(out) })
        })
    })
}

/**
 * Write a generated module next to the VM tests: test/gen/<name>.ts. VM test files import generated data
 * (vectors, server ports) from "../gen/<name>". Returns the path.
 */
export function writeGen(name, source) {
    mkdirSync(GEN, { recursive: true })
    const p = join(GEN, name + ".ts")
    writeFileSync(p, source)
    return p
}

/** Compile a DeviceScript entry file; returns the path of its own copy of the bytecode. */
export async function buildVm(file) {
    const abs = resolve(ROOT, file)
    const out = join(GEN, basename(abs).replace(/\.ts$/, "") + "." + process.pid + ".devs")
    await withBuildLock(async () => {
        const r = await run(DEVS, ["build", abs], { timeoutMs: 180000 })
        if (r.code !== 0) throw new Error(`devs build ${file} failed:\n${r.out}`)
        copyFileSync(join(ROOT, ".devicescript/bin/bytecode.devs"), out)
    })
    return out
}

/**
 * Parse the output of `devs run --test --test-self-exit`.
 * Returns { tests: [{name, path, ok, error}], summary: {total, pass, error} | null, panic: string | null, started }
 */
export function parseVmOutput(out, suiteNames = null) {
    // @devicescript/test prints a suite's name unindented and each test's name after two spaces; code under
    // test may print too (the socket library logs "connecting to …"), so an unindented line is taken as a
    // suite name only if the test file declares a describe() of that name (when the names are known).
    const tests = []
    let summary = null
    let panic = null
    let started = null
    let inTests = false
    let suite = null
    let current = null
    const lines = out.split(/\r?\n/)
    for (let i = 0; i < lines.length; i++) {
        const raw = lines[i]
        const m = /^WASM> (.*)$/.exec(raw)
        const pm = /^PANIC (\d+)/.exec(raw)
        if (pm) {
            panic = "PANIC " + pm[1]
            if (current && current.ok) {
                current.ok = false
                current.error = current.error || panic
            }
            continue
        }
        if (!m) continue
        const line = m[1]
        let mm
        if ((mm = /^running (\d+) tests$/.exec(line))) {
            started = +mm[1]
            inTests = true
            continue
        }
        if ((mm = /^tests: (\d+), pass: (\d+), error: (\d+)$/.exec(line))) {
            summary = { total: +mm[1], pass: +mm[2], error: +mm[3] }
            inTests = false
            current = null
            continue
        }
        if (!inTests) continue
        if (/^Exception: /.test(line)) {
            const msg = [line]
            for (let j = i + 1; j < lines.length && j < i + 8; j++) {
                const n = /^WASM>\s+(message: .*|at .*)$/.exec(lines[j])
                if (n) msg.push(n[1])
            }
            if (current) {
                current.ok = false
                current.error = current.error || msg.join("\n")
            }
            continue
        }
        if ((mm = /^  (\S.*)$/.exec(line))) {
            current = { name: mm[1], path: suite === null ? [] : [suite], ok: true, error: null }
            tests.push(current)
        } else if (/^\S/.test(line) && (!suiteNames || suiteNames.includes(line))) {
            suite = line
        }
    }
    return { tests, summary, panic, started }
}

/** Names given to describe() in a test file (string literals only). */
export function describeNames(file) {
    const src = readFileSync(resolve(ROOT, file), "utf8")
    return [...src.matchAll(/describe\(\s*(["'`])((?:(?!\1).)*)\1/g)].map(m => m[2])
}

/**
 * Build and run one VM test file. Options: timeoutMs (VM test timeout, default 60 s), env (extra environment
 * of the simulator process, e.g. NODE_EXTRA_CA_CERTS for the runtime's TLS socket).
 * Returns the parsed result plus {code, out}.
 */
export async function runVm(file, { timeoutMs = 60000, extraArgs = [], env } = {}) {
    const devs = await buildVm(file)
    try {
        const r = await run(DEVS, ["run", devs, "--test", "--test-self-exit", "-T", String(timeoutMs), ...extraArgs], {
            timeoutMs: timeoutMs + 60000,
            env,
        })
        return { ...parseVmOutput(r.out, describeNames(file)), code: r.code, out: r.out }
    } finally {
        try {
            unlinkSync(devs)
        } catch {}
    }
}
