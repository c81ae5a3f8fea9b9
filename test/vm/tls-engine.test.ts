// The engine rule: the runtime's TLS socket only for the default settings without a proxy; any other option
// value selects our engine, and the diagnostics name the options that forced it.
import { describe, test, expect } from "@devicescript/test"
import { EngineSettings, chooseEngine } from "../../src/tls/engine"

function defaults(): EngineSettings {
    return {
        cert: "",
        ca: "",
        key: "",
        seed: "",
        verify: 1,
        keyExchange: 0,
        authentication: 0,
        encryption: 0,
        mac: 0,
        version: 0,
        sessionReuse: 1,
        viaProxy: false,
    }
}

describe("tls engine choice", () => {
    test("default settings use the runtime TLS socket", () => {
        const c = chooseEngine(defaults())
        expect(c.engine).toBe("runtime")
        expect(c.reason).toBe("")
    })

    test("each string option set selects our engine", () => {
        const keys = ["cert", "ca", "key", "seed"]
        const why = ["client certificate (0)", "CA file (1)", "private key (2)", "random seed (3)"]
        for (let i = 0; i < keys.length; i++) {
            const s: any = defaults()
            s[keys[i]] = "/dir/x.pem"
            const c = chooseEngine(s)
            expect(c.engine).toBe("sslat")
            expect(c.reason).toBe(why[i])
        }
    })

    test("each numeric option off its default selects our engine", () => {
        const keys = ["verify", "keyExchange", "authentication", "encryption", "mac", "version", "sessionReuse"]
        const vals = [0, 2, 1, 5, 3, 3, 0]
        const why = ["verify (4)", "key exchange (5)", "authentication (6)", "encryption (7)", "MAC (8)", "version (9)", "session mode (10)"]
        for (let i = 0; i < keys.length; i++) {
            const s: any = defaults()
            s[keys[i]] = vals[i]
            const c = chooseEngine(s)
            expect(c.engine).toBe("sslat")
            expect(c.reason).toBe(why[i])
        }
    })

    test("a proxy tunnel always uses our engine; several reasons are listed", () => {
        const s = defaults()
        s.viaProxy = true
        expect(chooseEngine(s).engine).toBe("sslat")
        s.ca = "/dir/ca.pem"
        s.version = 3
        expect(chooseEngine(s).reason).toBe("CA file (1), version (9), proxy tunnel")
    })
})
