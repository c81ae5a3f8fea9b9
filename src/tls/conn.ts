// An established TLS connection: application data both ways, alerts, close_notify, truncation detection, and
// the post-handshake messages (TLS 1.3 NewSessionTicket and KeyUpdate; TLS 1.2 HelloRequest = renegotiation,
// refused with a no_renegotiation warning). The API mirrors the runtime's Socket (send / recv / close), so the
// HTTP layer can use either engine.
import { Alert, TlsError, asTlsError, failIf } from "./errors"
import { alertError } from "./handshake"
import { HandshakeType } from "./hello"
import { TlsInfo } from "./info"
import { ContentType, RecordLayer } from "./record"
import { Suite, TLS13 } from "./suites"

/**
 * Sends an alert record (level 1 = warning, 2 = fatal; nothing when desc < 0), then closes the transport when
 * `close`. Never throws.
 */
export async function sendAlert(rl: RecordLayer, level: number, desc: number, close?: boolean) {
    try {
        if (desc >= 0) await rl.writeRecord(ContentType.Alert, Buffer.from([level, desc]))
    } catch (e) {}
    try {
        if (close) await rl.transport.close()
    } catch (e) {}
}

/** largest piece recv() returns */
export const RECV_PIECE = 1024

export class TlsSocket {
    rl: RecordLayer
    version: number
    suite: Suite
    info: TlsInfo
    /** TLS 1.3 KeyUpdate (set by the TLS 1.3 handshake): renews the read keys, and the write keys if asked */
    keyUpdate: (requested: boolean) => Promise<void>
    /** post-handshake handshake bytes not yet parsed */
    hbuf: Buffer
    /** the peer sent close_notify */
    eof: boolean
    /** we closed */
    closed: boolean
    failure: TlsError
    /** TLS 1.3 NewSessionTicket messages received (kept for session reuse) */
    tickets: Buffer[]
    /** decrypted application data not yet handed out: pend[pOff, pEnd) */
    pend: Buffer
    pOff: number
    pEnd: number

    constructor(rl: RecordLayer, version: number, suite: Suite, info: TlsInfo) {
        this.rl = rl
        this.version = version
        this.suite = suite
        this.info = info
        this.tickets = []
    }

    private async fail(e: any): Promise<TlsError> {
        const err = asTlsError(e)
        if (!this.failure) {
            this.failure = err
            this.info.fail(err)
            await sendAlert(this.rl, 2, err.received ? -1 : err.alert, true) // fatal alert for a local error, close
        }
        return err
    }

    /** Sends application data (fragmented into records of at most 16 KB). */
    async send(data: Buffer | string) {
        if (this.failure) throw this.failure
        failIf(this.closed, Alert.None, "send on a closed TLS connection")
        try {
            await this.rl.writeRecord(ContentType.ApplicationData, typeof data === "string" ? Buffer.from(data) : data)
        } catch (e) {
            throw await this.fail(e)
        }
    }

    /**
     * The next application data (at most RECV_PIECE bytes), `null` once the server has closed with
     * close_notify, `undefined` on timeout. A connection closed without close_notify is an error (truncation), as
     * is any fatal alert. Post-handshake messages are handled on the way.
     */
    async recv(timeout?: number): Promise<Buffer> {
        if (this.failure) throw this.failure
        const tls13 = this.version === TLS13
        try {
            for (;;) {
                const p = this.pend
                if (p) {
                    // hand a decrypted record out in pieces (heap: one extra copy of at most RECV_PIECE bytes)
                    const o = this.pOff
                    const n = Math.min(RECV_PIECE, this.pEnd - o)
                    this.pOff = o + n
                    if (o + n >= this.pEnd) this.pend = null
                    return p.slice(o, o + n)
                }
                if (this.eof) return null
                this.rl.timeout = timeout
                const rec = await this.rl.readRecord()
                if (rec === undefined) return undefined
                failIf(rec === null, Alert.None, "server closed the connection without close_notify (truncated)")
                const t = rec.type
                if (t === ContentType.ApplicationData) {
                    if (rec.end > rec.off) {
                        this.pend = rec.buf
                        this.pOff = rec.off
                        this.pEnd = rec.end
                    }
                } else if (t === ContentType.Alert) {
                    const e = alertError(rec)
                    if (e.alert === Alert.CloseNotify) {
                        this.eof = true
                        this.info.state = "closed"
                        await this.close()
                        return null
                    }
                    // TLS 1.2 warnings are reported and ignored; user_canceled precedes a close_notify
                    if (rec.data[0] !== 1 || (tls13 && e.alert !== Alert.UserCanceled)) throw e
                } else if (t === ContentType.Handshake) {
                    let b = this.hbuf ? Buffer.concat(this.hbuf, rec.data) : rec.data
                    this.hbuf = null
                    while (b.length >= 4) {
                        const len = (b[1] << 16) | (b[2] << 8) | b[3]
                        failIf(len > 16384, Alert.UnexpectedMessage, "oversized post-handshake message")
                        if (b.length < 4 + len) break
                        const type = b[0]
                        const body = b.slice(4, 4 + len)
                        b = b.slice(4 + len)
                        if (tls13 && type === HandshakeType.NewSessionTicket) {
                            this.tickets.push(body)
                        } else if (tls13 && type === HandshakeType.KeyUpdate) {
                            failIf(len !== 1, Alert.DecodeError, "malformed KeyUpdate", body[0] > 1)
                            failIf(b.length > 0, Alert.UnexpectedMessage, "data after KeyUpdate in the same record")
                            await this.keyUpdate(body[0] === 1)
                        } else if (!tls13 && type === HandshakeType.HelloRequest) {
                            // renegotiation is refused (RFC 5746 5): warning no_renegotiation, the connection goes on
                            await this.rl.writeRecord(ContentType.Alert, hex`0164`) // warning no_renegotiation
                            this.info.renegRefused++
                        } else {
                            throw new TlsError(Alert.UnexpectedMessage, `handshake message type ${type} after the handshake`)
                        }
                    }
                    if (b.length > 0) this.hbuf = b
                } else {
                    throw new TlsError(Alert.UnexpectedMessage, `record type ${t} after the handshake`)
                }
            }
        } catch (e) {
            throw await this.fail(e)
        }
    }

    /** Sends close_notify (once) and closes the transport. */
    async close() {
        if (this.closed) return
        this.closed = true
        if (!this.failure && this.info.state === "connected") this.info.state = "closed"
        await sendAlert(this.rl, 1, this.failure ? -1 : Alert.CloseNotify, true)
    }
}
