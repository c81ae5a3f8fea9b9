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

/** Why our engine runs, for each entry of the list in chooseEngine. */
const WHY =
    "client certificate (0),CA file (1),private key (2),random seed (3),verify (4),key exchange (5),authentication (6)," +
    "encryption (7),MAC (8),version (9),session mode (10),proxy tunnel"

/**
 * The engine rule: the runtime TLS socket only when every option has its default value (4: verify on, 5..9
 * "all" = 0, 10: session reuse on) and no proxy.
 */
export function chooseEngine(s: EngineSettings): EngineChoice {
    const set = [s.cert, s.ca, s.key, s.seed, s.verify !== 1, s.keyExchange, s.authentication, s.encryption, s.mac, s.version, s.sessionReuse !== 1, s.viaProxy]
    const names = WHY.split(",")
    const why: string[] = []
    for (let i = 0; i < set.length; i++) if (set[i]) why.push(names[i])
    return why.length ? { engine: ENGINE_SSLAT, reason: why.join(", ") } : { engine: ENGINE_RUNTIME, reason: "" }
}
