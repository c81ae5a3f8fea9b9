// The host end of the AT link: a jacdac-ts SerialServer that the firmware's `ds.Serial` role binds to.
//
// Protocol (docs/LINK.md; firmware end in src/platform/link.ts):
//   host -> firmware  report  0x80 `received`  data, at most 236 bytes
//   firmware -> host  command 0x81 HELLO       u32 window, u32 epoch: the link (re)started, counters restart
//   firmware -> host  command 0x82 CREDIT      u32 total bytes the firmware has consumed since HELLO
//   firmware -> host  command 0x83 OUT         u8 sequence, then data (at most 235 bytes)
// The host never has more than `window` bytes sent and not yet credited, so the runtime's 2 KB receive queue
// and the firmware heap never overflow, whatever burst the AT client sends. Nothing is sent before HELLO
// (bytes sent before the role binds are lost). The runtime can send a command twice (it retries a frame its
// full transmit queue refused after handing it to the transport), so OUT carries a sequence number and a
// repeated one is dropped; a repeated HELLO (same epoch) is ignored.
import type { Packet as PacketT } from "jacdac-ts"
import { jacdac } from "./jd.js"

const { SerialServer, Packet } = jacdac

export const MAX_PAYLOAD = 236
export const CMD_DATA = 0x80
export const CMD_HELLO = 0x81
export const CMD_CREDIT = 0x82
export const CMD_OUT = 0x83

/** Bytes queued towards the firmware above which the AT client is paused (LinkEvents.backpressure). */
const QUEUE_HIGH = 64 * 1024
const QUEUE_LOW = 16 * 1024

export interface LinkEvents {
    /** Bytes the firmware sent to the host. */
    data(buf: Buffer): void
    /** The firmware's link (re)started; `first` is false when it restarts while the bridge runs. */
    hello(first: boolean, lostBytes: number): void
    /** Something unexpected on the link (a gap in the output sequence). */
    warn(msg: string): void
    /** Queue above/below the high/low water marks: pause/resume the source. */
    backpressure(paused: boolean): void
}

export class AtSerialServer extends SerialServer {
    private queue: Buffer[] = []
    private queued = 0
    private sent = 0
    private credited = 0
    private window = 0
    private hellos = 0
    private epoch = -1
    /** sequence number of the last OUT packet (-1: none since HELLO) */
    private lastSeq = -1
    /** OUT packets dropped as repeats */
    duplicates = 0
    private pumping = false
    private paused = false
    /** total bytes delivered to / received from the firmware (for tests and logs) */
    bytesIn = 0
    bytesOut = 0

    constructor(private events: LinkEvents) {
        super({ connectionName: "sslat AT" })
        this.connected.setValues([true])
        this.addCommand(CMD_OUT, (pkt: PacketT) => this.onOut(Buffer.from(pkt.data)))
        this.addCommand(CMD_HELLO, (pkt: PacketT) => this.onHello(Buffer.from(pkt.data)))
        this.addCommand(CMD_CREDIT, (pkt: PacketT) => this.onCredit(Buffer.from(pkt.data)))
    }

    /** True once the firmware's link has said HELLO. */
    get ready() {
        return this.hellos > 0
    }

    /** Bytes from the AT client not yet consumed by the firmware (queued here or in flight). */
    get pending() {
        return this.queued + (this.sent - this.credited)
    }

    stats() {
        return (
            `to firmware ${this.bytesIn} B (credited ${this.credited}, queued ${this.queued}), ` +
            `from firmware ${this.bytesOut} B (${this.duplicates} repeated packet(s) dropped)`
        )
    }

    /** Queue bytes for the firmware. */
    write(data: Buffer) {
        if (!data.length) return
        this.queue.push(data)
        this.queued += data.length
        if (!this.paused && this.queued > QUEUE_HIGH) {
            this.paused = true
            this.events.backpressure(true)
        }
        this.pump()
    }

    private onHello(p: Buffer) {
        if (p.length < 8) return
        const epoch = p.readUInt32LE(4)
        if (epoch === this.epoch) return // the same HELLO again
        this.epoch = epoch
        const lost = this.sent - this.credited
        this.window = p.readUInt32LE(0)
        this.sent = 0
        this.credited = 0
        this.lastSeq = -1
        this.hellos++
        this.events.hello(this.hellos === 1, this.hellos === 1 ? 0 : lost)
        this.pump()
    }

    private onOut(p: Buffer) {
        if (p.length < 1 || !this.hellos) return
        const seq = p[0]
        if (seq === this.lastSeq) {
            this.duplicates++
            return
        }
        const expected = (this.lastSeq + 1) & 0xff
        if (seq !== expected) this.events.warn(`output sequence gap: expected ${expected}, got ${seq}`)
        this.lastSeq = seq
        const data = p.subarray(1)
        this.bytesOut += data.length
        this.events.data(data)
    }

    private onCredit(p: Buffer) {
        if (p.length < 4 || !this.hellos) return
        const c = p.readUInt32LE(0)
        // counters are u32 on the firmware: take the forward distance modulo 2^32
        const delta = (c - (this.credited >>> 0)) >>> 0
        if (delta > this.sent - this.credited) return // stale or bogus
        this.credited += delta
        this.pump()
    }

    private unpause() {
        if (this.paused && this.queued < QUEUE_LOW) {
            this.paused = false
            this.events.backpressure(false)
        }
    }

    private async pump() {
        if (this.pumping) return
        this.pumping = true
        try {
            while (this.hellos && this.queued > 0) {
                const room = this.window - (this.sent - this.credited)
                if (room <= 0) break
                const n = Math.min(room, MAX_PAYLOAD, this.queued)
                const chunk = this.take(n)
                this.sent += n
                this.bytesIn += n
                await this.sendPacketAsync(Packet.from(CMD_DATA, chunk))
            }
        } finally {
            this.pumping = false
        }
        this.unpause()
    }

    private take(n: number) {
        const out = Buffer.alloc(n)
        let off = 0
        while (off < n) {
            const head = this.queue[0]
            const k = Math.min(head.length, n - off)
            head.copy(out, off, 0, k)
            off += k
            if (k === head.length) this.queue.shift()
            else this.queue[0] = head.subarray(k)
        }
        this.queued -= n
        return out
    }
}
