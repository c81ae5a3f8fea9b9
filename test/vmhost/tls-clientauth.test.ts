// Client authentication (AT+SSLSET options 0 and 2) against real servers that require it: our Certificate +
// CertificateVerify with an RSA-2048 key (rsa_pss_rsae_sha256; TLS 1.2 also rsa_pkcs1_sha256) and an ECDSA
// P-256 key (ecdsa_secp256r1_sha256), TLS 1.3 and 1.2, node:tls and openssl s_server. The server side reports
// the client certificate it accepted. A client from an unknown CA, and no client certificate, end in the
// server's alert (in TLS 1.3 the server judges our certificate after our Finished: the alert arrives on the
// first read).
import { describe, test, expect } from "@devicescript/test"
import "../../src/tls/use-tls13"
import "../../src/tls/use-tls12"
import "../../src/tls/use-x25519"
import "../../src/tls/use-p256" // TLS 1.2 servers with a P-256 certificate need secp256r1 in supported_groups
import "../../src/tls/use-aesgcm"
import "../../src/tls/use-pathcheck"
import "../../src/tls/use-clientauth"
import "./sigs-ecdsa256"
import { tlsConnect, TlsOptions } from "../../src/tls/client"
import { lastTlsInfo } from "../../src/tls/info"
import { parsePrivateKey } from "../../src/x509/keys"
import { setClock } from "../../src/x509/time"
import { CA, CASES, CLIENTS, CONTROL, NOW } from "../gen/tls_clientauth"
import { ask, failure, readLine, reversed } from "./tlslib"

setClock(NOW)

async function options(c: any): Promise<TlsOptions> {
    const v = c.version === "TLSv1.3" ? 0x0304 : 0x0303
    const o: TlsOptions = { host: "localhost", port: c.port, ca: CA, minVersion: v, maxVersion: v }
    if (c.client) {
        o.clientChain = CLIENTS[c.client].chain
        o.clientKey = await parsePrivateKey(CLIENTS[c.client].key)
    }
    return o
}

describe("tls client authentication", () => {
    CASES.forEach(c => {
        const who = c.client ? c.client + " client" : "no client certificate"
        test(`${c.server}, ${who}: ${c.error ? "refused by the server" : "accepted"}`, async () => {
            const o = await options(c)
            const line = "client auth " + c.server + " " + c.client
            if (c.error) {
                const e = await failure(async () => {
                    const s = await tlsConnect(o)
                    await s.send(line + "\n")
                    await readLine(s)
                })
                console.log(`outcome ${c.server} ${c.client}: ${e}`) // for docs/BENCHMARKS.md
                const ok = (c.error as string).split("|").some(p => e.indexOf(p) === 0)
                expect(ok ? "one of " + c.error : e).toBe("one of " + c.error)
                expect(lastTlsInfo().clientAuth).toBe(c.client ? "sent" : "empty: none configured")
                return
            }
            const s = await tlsConnect(o)
            await s.send(line + "\n")
            expect(await readLine(s)).toBe(reversed(line))
            await s.close()
            const info = lastTlsInfo()
            console.log(`handshake_ms ${c.server} ${c.client} ${info.handshakeMs}`) // for docs/BENCHMARKS.md
            expect(info.version).toBe(c.version)
            expect(info.clientAuth).toBe("sent")
            const seen = await ask(CONTROL, "LAST " + c.server)
            expect(seen.version).toBe(c.version)
            expect(seen.peer).toBe(c.peer)
        })
    })
})
