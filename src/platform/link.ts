// The AT link: the byte stream between the host and the AT engine, carried by the Jacdac `ds.Serial` client
// role. The host side is the bridge in host/ (a jacdac-ts SerialServer); see docs/LINK.md for the protocol.
//
// Host -> firmware: `received` reports (0x80), at most 236 data bytes each, handed to engine.feed() one at a
// time, in arrival order, from a single fiber.
// Firmware -> host: `send` commands (0x80). out() appends to an outbox and returns; one sender fiber drains it
// in packets of up to 236 bytes, so many small writes (echo, result codes) share packets.
// Flow control: the bus carries no acknowledgement and the runtime drops frames when its receive queue (2 KB)
// is full, so the host sends only within a credit window. The link announces itself with HELLO (window size)
// when the role binds, and grants credit with CREDIT (total bytes consumed so far) once the engine has taken
// the bytes and its own backlog is low.
import * as ds from "@devicescript/core"
import { AtOutput } from "../at/engine"

export interface AtSink {
    feed(data: Buffer): Promise<void>
    /** Optional: bytes the engine holds but has not processed yet; the link grants no credit while it is high. */
    backlog?(): number
}

/** Largest payload of one Jacdac packet (JD_SERIAL_MAX_PAYLOAD_SIZE). */
export const MAX_PAYLOAD = 236
/** Serial `received` report / `send` command. */
export const CMD_DATA = 0x80
/** Firmware -> host: the link (re)started; payload u32 window (bytes the host may have unconsumed). */
export const CMD_HELLO = 0x81
/** Firmware -> host: payload u32 total bytes consumed since HELLO, modulo 2^32. */
export const CMD_CREDIT = 0x82
/** Bytes the host may send ahead of the firmware's credit. 4 full packets fit the runtime's 2 KB queue. */
export const WINDOW = 4 * MAX_PAYLOAD
/** Grant credit when this many consumed bytes are not yet reported (or when the inbox runs empty). */
const CREDIT_STEP = 2 * MAX_PAYLOAD
/** Engine backlog above which the link stops granting credit. */
const BACKLOG_HIGH = 2048
/** Bytes the outbox holds before out() waits for the sender. */
const OUTBOX_HIGH = 2048

function u32(n: number) {
    const b = Buffer.alloc(4)
    b.setAt(0, "u32", n)
    return b
}

/** Wait queue of fibers (a FIFO of suspended fibers, resumed one at a time). */
class Waiters {
    private q: ds.Fiber[] = []
    async wait() {
        this.q.push(ds.Fiber.self())
        await ds.suspend()
    }
    wakeAll() {
        const q = this.q
        this.q = []
        for (const f of q) if (f.suspended) f.resume(undefined)
    }
}

export class AtLink {
    private inbox: Buffer[] = []
    private consumed = 0
    private reported = 0
    private reader: ds.Fiber = null
    private outbox: Buffer[] = []
    private outLen = 0
    private sender: ds.Fiber = null
    private outWaiters = new Waiters()
    private generation = 0
    engine: AtSink

    constructor(private serial: ds.Serial) {}

    /** Called (synchronously) for every report of the role. */
    onReport(pkt: ds.Packet) {
        if (pkt.serviceCommand !== CMD_DATA) return
        const data = pkt.payload
        if (data.length === 0) return
        this.inbox.push(data)
        const r = this.reader
        if (r && r.suspended) r.resume(undefined)
    }

    /** The role bound (again): start a fresh credit window. */
    async onBound() {
        this.generation++
        this.inbox = []
        this.consumed = 0
        this.reported = 0
        await this.serial.sendCommand(CMD_HELLO, u32(WINDOW))
    }

    /** Queue bytes for the host; returns once they are queued (waits only while the outbox is full). */
    async out(data: Buffer) {
        while (this.outLen >= OUTBOX_HIGH) await this.outWaiters.wait()
        this.outbox.push(data)
        this.outLen += data.length
        const s = this.sender
        if (s && s.suspended) s.resume(undefined)
    }

    /** Sender fiber: sends the outbox in packets of at most MAX_PAYLOAD bytes, oldest bytes first. */
    async sendLoop() {
        const pkt = Buffer.alloc(MAX_PAYLOAD)
        for (;;) {
            if (this.outLen === 0) {
                this.sender = ds.Fiber.self()
                await ds.suspend()
                this.sender = null
                continue
            }
            let n = 0
            while (n < MAX_PAYLOAD && this.outbox.length) {
                const head = this.outbox[0]
                const take = Math.min(head.length, MAX_PAYLOAD - n)
                pkt.blitAt(n, head, 0, take)
                n += take
                if (take === head.length) this.outbox.shift()
                else this.outbox[0] = head.slice(take)
            }
            this.outLen -= n
            this.outWaiters.wakeAll()
            await this.serial.send(pkt.slice(0, n))
        }
    }

    /** Reader fiber: feeds the engine in arrival order and grants credit. */
    async readLoop() {
        for (;;) {
            if (this.inbox.length === 0) {
                await this.grant()
                if (this.inbox.length) continue
                this.reader = ds.Fiber.self()
                await ds.suspend()
                this.reader = null
                continue
            }
            const gen = this.generation
            const data = this.inbox.shift()
            await this.engine.feed(data)
            if (gen !== this.generation) continue // the host went away meanwhile
            this.consumed = (this.consumed + data.length) >>> 0
            if ((this.consumed - this.reported) >>> 0 >= CREDIT_STEP) await this.grant()
        }
    }

    private async grant() {
        if (this.consumed === this.reported) return
        const e = this.engine
        if (e.backlog) while (e.backlog() > BACKLOG_HIGH) await ds.sleep(5)
        const gen = this.generation
        const n = this.consumed
        await this.serial.sendCommand(CMD_CREDIT, u32(n))
        if (gen === this.generation) this.reported = n
    }
}

export async function startAtLink(makeEngine: (out: AtOutput) => AtSink) {
    const serial = new ds.Serial()
    const link = new AtLink(serial)
    link.engine = makeEngine(async data => {
        await link.out(data)
    })
    serial.report().subscribe(pkt => link.onReport(pkt))
    serial.binding().subscribe(async bound => {
        if (bound) await link.onBound()
    })
    const sendLoop = async () => {
        await link.sendLoop()
    }
    const readLoop = async () => {
        await link.readLoop()
    }
    sendLoop.start()
    readLoop.start()
}
