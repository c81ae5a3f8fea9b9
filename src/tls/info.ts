// What the last TLS connection did, for diagnostics (AT+SSLINFO): which engine ran, what was negotiated, how
// the server was verified, how long the handshake took, and after a failure the alert and exact reason.
import { TlsError } from "./errors"

export const ENGINE_SSLAT = "sslat"
export const ENGINE_RUNTIME = "runtime"

export class TlsInfo {
    engine: string
    /** why our engine runs (the options that forced it, see engine.ts), "" if not recorded */
    engineReason: string
    host: string
    port: number
    /** "TLSv1.3" / "TLSv1.2", "" before the ServerHello */
    version: string
    suite: string
    group: string
    /** a HelloRetryRequest was needed */
    hrr: boolean
    /** TLS 1.2: extended master secret / secure renegotiation negotiated */
    ems: boolean
    secureReneg: boolean
    /** renegotiation requests (HelloRequest) refused */
    renegRefused: number
    /** subject of the server's certificate (RFC 4514 style), "" if none */
    peerSubject: string
    /** "ok", "off" (verification disabled: unverified) or the failure */
    verify: string
    /** client authentication: "" (not requested), "sent", or "empty: <why>" (an empty Certificate answered) */
    clientAuth: string
    /** ms from connect to handshake done (0 until done) */
    handshakeMs: number
    /** state: "connecting", "connected", "closed", "failed" */
    state: string
    /** after a failure: describe() of the error, and its alert (-1 none) and direction */
    error: string
    alert: number
    alertReceived: boolean

    constructor(engine: string, host: string, port: number) {
        this.engine = engine
        this.host = host
        this.port = port
        this.version = ""
        this.suite = ""
        this.group = ""
        this.hrr = false
        this.renegRefused = 0
        this.peerSubject = ""
        this.verify = ""
        this.handshakeMs = 0
        this.state = "connecting"
        this.error = ""
        this.alert = -1
    }

    fail(e: TlsError) {
        this.state = "failed"
        this.error = e.describe()
        this.alert = e.alert
        this.alertReceived = e.received
    }
}

let last: TlsInfo = null

/** The most recent connection's info (null before the first). */
export function lastTlsInfo(): TlsInfo {
    return last
}

export function setLastTlsInfo(i: TlsInfo) {
    last = i
}
