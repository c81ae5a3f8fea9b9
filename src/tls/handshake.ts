// Handshake message framing over the record layer: reassembly of messages split across records (and several
// messages per record), alerts and stray records during the handshake, and the transcript hash.
import { createHash } from "../crypto/digest"
import { Hash, HashAlg } from "../crypto/hash"
import { ByteWriter } from "./bytes"
import { Alert, TlsError } from "./errors"
import { HandshakeType } from "./hello"
import { ContentType, RecordLayer, TlsRecord } from "./record"

/** largest handshake message accepted (a certificate chain of a few certificates fits easily) */
export const MAX_HANDSHAKE_MESSAGE = 24576

/** Turns a received alert record into the error it means (close_notify included). */
export function alertError(rec: TlsRecord): TlsError {
    if (rec.data.length !== 2) return new TlsError(Alert.DecodeError, "malformed alert record")
    const level = rec.data[0]
    const desc = rec.data[1]
    if (desc === Alert.CloseNotify) return new TlsError(Alert.CloseNotify, "", true)
    return new TlsError(desc, level === 1 ? "warning" : "", true)
}

export class HandshakeReader {
    rl: RecordLayer
    buf: Buffer
    /** TLS 1.3: one unprotected change_cipher_spec may arrive during the handshake (middlebox compatibility) */
    allowCcs: boolean
    /** TLS 1.2: set when the server's change_cipher_spec has been read */
    gotCcs: boolean

    constructor(rl: RecordLayer) {
        this.rl = rl
        this.buf = null
        this.allowCcs = false
        this.gotCcs = false
    }

    /** true when no partial handshake data is buffered (required at every key change) */
    empty(): boolean {
        return this.buf === null
    }

    /** reads one record during the handshake; alerts become errors, EOF is an error */
    async record(): Promise<TlsRecord> {
        for (;;) {
            const rec = await this.rl.readRecord()
            if (rec === undefined) throw new TlsError(Alert.None, "timeout waiting for the server's handshake")
            if (rec === null) throw new TlsError(Alert.None, "server closed the connection during the handshake")
            if (rec.type === ContentType.Alert) {
                const e = alertError(rec)
                if (e.alert === Alert.CloseNotify) e.reason = "server sent close_notify during the handshake"
                throw e
            }
            if (rec.type === ContentType.ChangeCipherSpec && this.allowCcs) {
                // TLS 1.3 compatibility CCS (RFC 8446 5): one unprotected byte 0x01 before the server Finished
                if (rec.data.length !== 1 || rec.data[0] !== 1)
                    throw new TlsError(Alert.UnexpectedMessage, "malformed change_cipher_spec")
                this.allowCcs = false
                continue
            }
            return rec
        }
    }

    /** The next handshake message, 4-byte header included. */
    async next(): Promise<Buffer> {
        for (;;) {
            const b = this.buf
            if (b !== null && b.length >= 4) {
                const len = (b[1] << 16) | (b[2] << 8) | b[3]
                if (len > MAX_HANDSHAKE_MESSAGE)
                    throw new TlsError(Alert.InternalError, `handshake message of ${len} bytes exceeds our ${MAX_HANDSHAKE_MESSAGE}-byte limit`)
                if (b.length >= 4 + len) {
                    if (b.length === 4 + len) {
                        this.buf = null
                        return b
                    }
                    this.buf = b.slice(4 + len)
                    return b.slice(0, 4 + len)
                }
            }
            const rec = await this.record()
            if (rec.type !== ContentType.Handshake)
                throw new TlsError(Alert.UnexpectedMessage, `record type ${rec.type} during the handshake`)
            if (rec.data.length === 0) throw new TlsError(Alert.UnexpectedMessage, "empty handshake record")
            this.buf = b === null ? rec.data : Buffer.concat(b, rec.data)
        }
    }

    /** The next message, which must be of type `type`. */
    async expect(type: number, name: string): Promise<Buffer> {
        const m = await this.next()
        if (m[0] !== type) throw new TlsError(Alert.UnexpectedMessage, `expected ${name}, got handshake message type ${m[0]}`)
        return m
    }

    /** TLS 1.2: reads the server's change_cipher_spec (nothing may be pending before it) */
    async changeCipherSpec() {
        if (!this.empty()) throw new TlsError(Alert.UnexpectedMessage, "handshake data before change_cipher_spec")
        const rec = await this.record()
        if (rec.type !== ContentType.ChangeCipherSpec || rec.data.length !== 1 || rec.data[0] !== 1)
            throw new TlsError(Alert.UnexpectedMessage, `expected change_cipher_spec, got record type ${rec.type}`)
    }
}

/**
 * Transcript hash. Messages are kept until the hash algorithm is known (after ServerHello), then hashed as they
 * come; `digest()` does not end the hash.
 */
export class Transcript {
    kept: Buffer[]
    h: Hash

    constructor() {
        this.kept = []
        this.h = null
    }

    async add(msg: Buffer) {
        if (this.h) await this.h.update(msg)
        else this.kept.push(msg)
    }

    /** Chooses the hash; with `hrr`, ClientHello1 is replaced by message_hash (RFC 8446 4.4.1). */
    async start(alg: HashAlg, hrr: boolean) {
        const h = createHash(alg)
        let i = 0
        if (hrr) {
            const ch1 = createHash(alg)
            await ch1.update(this.kept[0])
            const d = await ch1.digest()
            const w = new ByteWriter(4 + d.length)
            w.u8(HandshakeType.MessageHash)
            w.int(d.length, 3)
            w.bytes(d)
            await h.update(w.result())
            i = 1
        }
        for (; i < this.kept.length; i++) await h.update(this.kept[i])
        this.kept = []
        this.h = h
    }

    async digest(): Promise<Buffer> {
        return await this.h.digest()
    }
}
