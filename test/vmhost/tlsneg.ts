// VM-side helpers of the TLS failure tests (tls-negative-*.test.ts): a connection that must still work after a
// failure, a bulk download that must end in an error, prefix expectations.
import { expect } from "@devicescript/test"
import { tlsConnect, TlsOptions } from "../../src/tls/client"
import { lastTlsInfo } from "../../src/tls/info"
import { failure, readLine, reversed, startsWith } from "./tlslib"

/** a line both ways through a connection that must work */
export async function roundTrip(o: TlsOptions) {
    const s = await tlsConnect(o)
    await s.send("still working\n")
    expect(await readLine(s)).toBe(reversed("still working"))
    await s.close()
    expect(lastTlsInfo().state).toBe("closed")
}

/** opens, sends a BULK request and reads everything: the error it ends in */
export async function bulk(o: TlsOptions, n: number): Promise<string> {
    return await failure(async () => {
        const s = await tlsConnect(o)
        await s.send("BULK " + n + "\n")
        for (;;) {
            const b = await s.recv()
            if (b === null) break
        }
    })
}

export function expectStart(actual: string, prefix: string) {
    if (!startsWith(actual, prefix)) expect(actual).toBe(prefix + "...")
}
