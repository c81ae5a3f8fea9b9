// VM-side helpers for the TLS engine tests: lines over a TLS connection, questions to the host's control
// server (what did the TLS server see?), and error expectations.
import { connect } from "@devicescript/net"
import { TlsSocket } from "../../src/tls/conn"
import { TlsError } from "../../src/tls/errors"

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
