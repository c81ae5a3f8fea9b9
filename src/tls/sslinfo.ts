// AT+SSLINFO (an sslat extension): diagnostics of the last TLS connection, one `+SSLINFO: "<key>",<value>`
// line per item (strings quoted, numbers bare), then OK. Before any connection: +SSLINFO: "state","none".
import { AtArg, AtContext, AtTable, ERROR, OK, SET, TEST } from "../at/table"
import { TlsInfo, lastTlsInfo } from "./info"

function q(s: string): string {
    // a value never contains a double quote (it would end the string for the host's parser)
    return '"' + s.split('"').join("'") + '"'
}

/** The response lines for `i` (without framing). */
export function infoLines(i: TlsInfo): string[] {
    if (!i) return ['+SSLINFO: "state","none"']
    const r: string[] = []
    const add = (k: string, v: string) => r.push("+SSLINFO: " + q(k) + "," + v)
    add("engine", q(i.engine))
    if (i.engineReason) add("engine_reason", q(i.engineReason))
    add("server", q(i.host + ":" + i.port))
    add("state", q(i.state))
    add("version", q(i.version))
    add("suite", q(i.suite))
    add("group", q(i.group))
    add("hrr", i.hrr ? "1" : "0")
    if (i.version === "TLSv1.2") {
        add("ems", i.ems ? "1" : "0")
        add("secure_renegotiation", i.secureReneg ? "1" : "0")
        add("renegotiation_refused", "" + i.renegRefused)
    }
    add("peer", q(i.peerSubject))
    add("verify", q(i.verify))
    add("handshake_ms", "" + i.handshakeMs)
    add("error", q(i.error))
    add("alert", "" + i.alert)
    if (i.alert >= 0) add("alert_from", q(i.alertReceived ? "server" : "sslat"))
    return r
}

/** exec and read forms answer the lines, test OK */
async function sslInfo(ctx: AtContext, args: AtArg[], form: number): Promise<number | string> {
    return form === SET ? ERROR : form === TEST ? OK : infoLines(lastTlsInfo()).join("\r\n")
}

export function sslInfoCommands(t: AtTable) {
    t["+SSLINFO"] = sslInfo
}
