// Handshake message framing over the record layer: the transcript hash, and the handshake state `Hs` shared by
// the TLS 1.3 and TLS 1.2 flows: reassembly of messages split across records (and several messages per record),
// alerts and stray records during the handshake, sending messages. Every message read or sent enters the
// transcript.
import { createHash } from "../crypto/digest"
import { Hash, HashAlg } from "../crypto/hash"
import { Alert, TlsError, failIf } from "./errors"
import { bufEq } from "./bytes"
import { TlsInfo } from "./info"
import { ContentType, Protection, RecordLayer, TlsRecord } from "./record"
import { Suite } from "./suites"
import { PrivateKey } from "../x509/keys"
import { TlsOptions } from "./client"

/** largest handshake message accepted (a certificate chain of a few certificates fits easily) */
export const MAX_HANDSHAKE_MESSAGE = 24576

/** Turns a received alert record into the error it means (close_notify included). */
export function alertError(rec: TlsRecord): TlsError {
    const d = rec.data
    if (d.length !== 2) return new TlsError(Alert.DecodeError, "malformed alert record")
    return new TlsError(d[1], d[0] === 1 && d[1] ? "warning" : "", true)
}

/**
 * Transcript hash. Messages are kept until the hash algorithm is known (after ServerHello), then hashed as they
 * come; `h.digest()` does not end the hash.
 */
export class Transcript {
    kept: Buffer[]
    h: Hash
    /** a SHA-256 transcript as well, when the suite's hash is another (TLS 1.2 client CertificateVerify) */
    h256: Hash

    constructor() {
        this.kept = []
    }

    async add(msg: Buffer) {
        if (this.h256) await this.h256.update(msg)
        if (this.h) await this.h.update(msg)
        else this.kept.push(msg)
    }

    /**
     * Chooses the hash; with `hrr`, ClientHello1 is replaced by message_hash (RFC 8446 4.4.1); with `also256` a
     * SHA-256 transcript runs alongside (TLS 1.2 only: no HelloRetryRequest there).
     */
    async start(alg: HashAlg, hrr: boolean, also256?: boolean) {
        const kept = this.kept
        if (also256 && alg !== "sha256") this.h256 = createHash("sha256")
        this.h = createHash(alg)
        this.kept = []
        if (hrr) {
            const ch1 = createHash(alg)
            await ch1.update(kept[0])
            const d = await ch1.digest()
            kept[0] = Buffer.concat(hex`fe0000`, Buffer.from([d.length]), d)
        }
        for (let i = 0; i < kept.length; i++) await this.add(kept[i])
    }

    /** the hash so far */
    async digest(): Promise<Buffer> {
        return await this.h.digest()
    }
}

/** Handshake state shared by the TLS 1.3 and TLS 1.2 flows. */
export class Hs extends Transcript {
    rl: RecordLayer
    opts: TlsOptions
    info: TlsInfo
    clientRandom: Buffer
    serverRandom: Buffer
    suite: Suite
    groups: number[]
    /** host name checked against the certificate */
    serverName: string
    clientKey: PrivateKey
    /** TLS 1.2: extended master secret negotiated */
    ems: boolean
    /** received handshake bytes not yet returned as messages */
    buf: Buffer
    /** TLS 1.3: one unprotected change_cipher_spec may arrive during the handshake (middlebox compatibility) */
    allowCcs: boolean
    /** TLS 1.2: the read protection the server's change_cipher_spec, which must come next, switches to */
    ccsRead: Protection

    constructor(rl: RecordLayer, opts: TlsOptions, info: TlsInfo) {
        super()
        this.rl = rl
        this.opts = opts
        this.info = info
        this.clientKey = opts.clientKey
    }

    /**
     * The next handshake message (4-byte header included), added to the transcript; with a `name`, it must be of
     * type `type`.
     */
    async next(type?: number, name?: string): Promise<Buffer> {
        for (;;) {
            const b = this.buf
            if (b && b.length >= 4) {
                const len = (b[1] << 16) | (b[2] << 8) | b[3]
                failIf(len > MAX_HANDSHAKE_MESSAGE, Alert.InternalError, `handshake message of ${len} bytes exceeds our ${MAX_HANDSHAKE_MESSAGE}-byte limit`)
                if (b.length >= 4 + len) {
                    let m = b
                    this.buf = null
                    if (b.length > 4 + len) {
                        this.buf = b.slice(4 + len)
                        m = b.slice(0, 4 + len)
                    }
                    failIf(name && m[0] !== type, Alert.UnexpectedMessage, `expected ${name}, got handshake message type ${m[0]}`)
                    await this.add(m)
                    return m
                }
            }
            // the next record: alerts become errors, EOF is an error; the TLS 1.3 compatibility CCS (one
            // unprotected byte 0x01, RFC 8446 5) is skipped; the TLS 1.2 CCS switches to the read keys
            const rec = await this.rl.readRecord()
            failIf(rec === undefined, Alert.None, "timeout waiting for the server's handshake")
            failIf(rec === null, Alert.None, "server closed the connection during the handshake")
            if (rec.type === ContentType.Alert) {
                const e = alertError(rec)
                if (e.alert === Alert.CloseNotify) e.reason = "server sent close_notify during the handshake"
                throw e
            }
            if (rec.type === ContentType.ChangeCipherSpec && (this.allowCcs || this.ccsRead)) {
                failIf(rec.data.length !== 1, Alert.UnexpectedMessage, "malformed change_cipher_spec", rec.data[0] !== 1)
                this.allowCcs = false
                if (this.ccsRead) this.rl.read = this.ccsRead
                this.ccsRead = null
                continue
            }
            failIf(this.ccsRead, Alert.UnexpectedMessage, `expected change_cipher_spec, got record type ${rec.type}`)
            failIf(rec.type !== ContentType.Handshake, Alert.UnexpectedMessage, `record type ${rec.type} during the handshake`)
            failIf(rec.data.length === 0, Alert.UnexpectedMessage, "empty handshake record")
            this.buf = b ? Buffer.concat(b, rec.data) : rec.data
        }
    }

    /** fails when handshake data is buffered (required at every key change); `what` says where */
    noPending(what: string) {
        failIf(this.buf, Alert.UnexpectedMessage, "handshake data " + what)
    }

    /** the server's Finished, which must carry `expected`; nothing may follow it in its flight */
    async finished(expected: Buffer) {
        const fin = await this.next(20, "Finished")
        failIf(!bufEq(fin.slice(4), expected), Alert.DecryptError, "server Finished does not verify")
        this.noPending("after the server Finished")
    }

    /** adds a handshake message of `type` with `body` to the transcript and sends it */
    async send(type: number, body: Buffer) {
        const n = body.length
        const m = Buffer.alloc(4 + n)
        m[0] = type
        m[1] = n >> 16
        m[2] = n >> 8
        m[3] = n & 0xff
        m.blitAt(4, body, 0, n)
        await this.add(m)
        await this.rl.writeRecord(ContentType.Handshake, m)
    }
}
