// Which TLS engine runs a connection. The runtime's TLS socket (proto "tls") verifies against its built-in
// roots and takes no CA, certificate, key, seed, suite or version: it can only honor the default settings.
// Everything else runs on our engine over the runtime's TCP socket, and so does every connection through a
// proxy tunnel. The choice is reported in the connection's diagnostics.
import { ENGINE_RUNTIME, ENGINE_SSLAT } from "./info"

/** The AT+SSLSET options (section 5.2.3) as the engine choice needs them. */
export interface EngineSettings {
    /** options 0, 1, 2, 3: "" when unset */
    cert: string
    ca: string
    key: string
    seed: string
    /** options 4..10 */
    verify: number
    keyExchange: number
    authentication: number
    encryption: number
    mac: number
    version: number
    sessionReuse: number
    /** the connection goes through an HTTP proxy tunnel (CONNECT) */
    viaProxy: boolean
}

export interface EngineChoice {
    engine: string
    /** why our engine runs ("" for the runtime engine) */
    reason: string
}

/** Defaults of options 4..10 (verify on, 5..9 "all", session reuse on), as data. */
const DEFAULTS = hex`01000000000001`

/** The engine rule: the runtime TLS socket only when every option has its default value and no proxy. */
export function chooseEngine(s: EngineSettings): EngineChoice {
    const why: string[] = []
    if (s.cert) why.push("client certificate (0)")
    if (s.ca) why.push("CA file (1)")
    if (s.key) why.push("private key (2)")
    if (s.seed) why.push("random seed (3)")
    const nums = [s.verify, s.keyExchange, s.authentication, s.encryption, s.mac, s.version, s.sessionReuse]
    const names = "verify (4),key exchange (5),authentication (6),encryption (7),MAC (8),version (9),session mode (10)".split(",")
    for (let i = 0; i < nums.length; i++) if (nums[i] !== DEFAULTS[i]) why.push(names[i])
    if (s.viaProxy) why.push("proxy tunnel")
    if (why.length === 0) return { engine: ENGINE_RUNTIME, reason: "" }
    return { engine: ENGINE_SSLAT, reason: why.join(", ") }
}
