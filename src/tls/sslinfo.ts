// AT+SSLINFO (an sslat extension): diagnostics of the last TLS connection, one `+SSLINFO: "<key>",<value>`
// line per item (strings quoted, numbers bare), then OK. Before any connection: +SSLINFO: "state","none".
import { AtArg, AtContext, AtTable, ERROR, OK, SET, TEST } from "../at/table"
import { TlsInfo, lastTlsInfo } from "./info"

/**
 * The response lines for `i` (without framing). (One template per part: each value is an argument of one format
 * call; \u0001 stands for the quotes around keys and strings until double quotes inside values have become '.)
 */
export function infoLines(i: TlsInfo): string[] {
    if (!i) return ['+SSLINFO: "state","none"']
    const s =
        `+SSLINFO: \u0001engine\u0001,\u0001${i.engine}\u0001` +
        (i.engineReason ? `\n+SSLINFO: \u0001engine_reason\u0001,\u0001${i.engineReason}\u0001` : "") +
        `\n+SSLINFO: \u0001server\u0001,\u0001${i.host}:${i.port}\u0001\n+SSLINFO: \u0001state\u0001,\u0001${i.state}\u0001\n+SSLINFO: \u0001version\u0001,\u0001${i.version}\u0001\n+SSLINFO: \u0001suite\u0001,\u0001${i.suite}\u0001\n+SSLINFO: \u0001group\u0001,\u0001${i.group}\u0001\n+SSLINFO: \u0001hrr\u0001,${i.hrr ? 1 : 0}` +
        (i.version === "TLSv1.2"
            ? `\n+SSLINFO: \u0001ems\u0001,${i.ems ? 1 : 0}\n+SSLINFO: \u0001secure_renegotiation\u0001,${i.secureReneg ? 1 : 0}\n+SSLINFO: \u0001renegotiation_refused\u0001,${i.renegRefused}`
            : "") +
        `\n+SSLINFO: \u0001peer\u0001,\u0001${i.peerSubject}\u0001\n+SSLINFO: \u0001verify\u0001,\u0001${i.verify}\u0001` +
        (i.clientAuth ? `\n+SSLINFO: \u0001client_cert\u0001,\u0001${i.clientAuth}\u0001` : "") +
        `\n+SSLINFO: \u0001handshake_ms\u0001,${i.handshakeMs}\n+SSLINFO: \u0001error\u0001,\u0001${i.error}\u0001\n+SSLINFO: \u0001alert\u0001,${i.alert}` +
        (i.alert >= 0 ? `\n+SSLINFO: \u0001alert_from\u0001,\u0001${i.alertReceived ? "server" : "sslat"}\u0001` : "")
    return s.split('"').join("'").split("\u0001").join('"').split("\n")
}

/** exec and read forms answer the lines, test OK */
async function sslInfo(ctx: AtContext, args: AtArg[], form: number): Promise<number | string> {
    return form === SET ? ERROR : form === TEST ? OK : infoLines(lastTlsInfo()).join("\r\n")
}

export function sslInfoCommands(t: AtTable) {
    t["+SSLINFO"] = sslInfo
}
