// VM-side helpers for the TLS engine tests: lines over a TLS connection, questions to the host's control
// server (what did the TLS server see?), and error expectations.
import { expect } from "@devicescript/test"
import { connect } from "@devicescript/net"
import { tlsConnect } from "../../src/tls/client"
import { TlsSocket } from "../../src/tls/conn"
import { TlsError } from "../../src/tls/errors"
import { lastTlsInfo } from "../../src/tls/info"
import { suiteByName } from "../../src/tls/suites"

/** Reads up to and including "\n" (returned without it); null if the connection ended first. */
export async function readLine(s: TlsSocket): Promise<string> {
    let acc = Buffer.alloc(0)
    for (;;) {
        const i = acc.indexOf(10)
        if (i >= 0) return acc.slice(0, i).toString()
        const b = await s.recv()
        if (!b) return null
        acc = Buffer.concat(acc, b)
    }
}

export function reversed(s: string): string {
    let r = ""
    for (let i = s.length - 1; i >= 0; i--) r += s.charAt(i)
    return r
}

/** One request line to the host's control server; its JSON answer. */
export async function ask(port: number, request: string): Promise<any> {
    const s = await connect({ host: "localhost", port: port, proto: "tcp" })
    await s.send(request + "\n")
    const line = await s.readLine()
    await s.close()
    return JSON.parse(line)
}

/** Runs f; returns the TlsError's describe() (or "no error" / "other: ..."). */
export async function failure(f: () => Promise<any>): Promise<string> {
    try {
        await f()
    } catch (e) {
        if (e instanceof TlsError) return (e as TlsError).describe()
        return "other: " + e
    }
    return "no error"
}

/** true if `s` starts with `prefix` */
export function startsWith(s: string, prefix: string): boolean {
    return s.length >= prefix.length && s.slice(0, prefix.length) === prefix
}

/**
 * One case of the interop matrix: connect with exactly the case's version range and suite, a line both ways
 * (the server answers it reversed), then the negotiated version and suite as the server saw them.
 */
export async function interopCase(c: any, ca: Buffer, control: number) {
    const s = await tlsConnect({
        host: "localhost",
        port: c.port,
        ca: ca,
        minVersion: c.version === "TLSv1.3" ? 0x0304 : 0x0303,
        maxVersion: c.version === "TLSv1.3" ? 0x0304 : 0x0303,
        suites: c.suite ? [suiteByName(c.suite).id] : undefined,
    })
    const line = "hello from sslat, case " + c.name
    await s.send(line + "\n")
    expect(await readLine(s)).toBe(reversed(line))
    await s.close()
    const info = lastTlsInfo()
    expect(info.engine).toBe("sslat")
    expect(info.verify).toBe("ok")
    expect(info.peerSubject).toBe("CN=localhost")
    expect(info.version).toBe(c.version)
    if (c.suite) expect(info.suite).toBe(c.suite)
    if (c.group) expect(info.group).toBe(c.group)
    expect(info.hrr).toBe(!!c.hrr)
    if (c.version === "TLSv1.2") {
        expect(info.ems).toBe(true)
        expect(info.secureReneg).toBe(true)
    }
    const seen = await ask(control, "LAST " + c.name)
    expect(seen.version).toBe(info.version)
    expect(seen.suite).toBe(info.suite)
}
