// The AT link: the byte stream between the host and the AT engine, carried by the Jacdac `ds.Serial` client
// role. The host end is the bridge in host/ (a jacdac-ts SerialServer); docs/LINK.md describes the protocol.
//
// Host -> firmware: `received` reports (0x80), at most 236 data bytes each, handed to engine.feed() one at a
// time, in arrival order, from a single fiber.
// Firmware -> host: OUT commands (0x83): one sequence byte, then at most 235 data bytes. out() appends to an
// outbox and returns; one sender fiber drains it, so many small writes (echo, result codes) share packets.
// The runtime may send a command twice (when its transmit queue overflows it retries a frame it has already
// handed to the transport), so the host drops a packet whose sequence byte repeats the previous one.
// Flow control: the bus has no acknowledgement and the runtime drops frames when its 2 KB receive queue is
// full, so the host sends only within a credit window. The link says HELLO (window, epoch) when the role
// binds, and grants credit with CREDIT (total bytes consumed since HELLO) once the engine has taken the bytes
// and its backlog is low.
import * as ds from "@devicescript/core"
import { AtOutput } from "../at/engine"

export interface AtSink {
    feed(data: Buffer): Promise<void>
    /** Bytes the engine holds but has not processed yet; the link grants no credit while it is high. */
    backlog(): number
}

/** Largest payload of one Jacdac packet (JD_SERIAL_MAX_PAYLOAD_SIZE). */
export const MAX_PAYLOAD = 236
/** Host -> firmware: Serial `received` report, data bytes. */
export const CMD_DATA = 0x80
/** Firmware -> host: u32 window, u32 epoch. The link (re)started; counters restart at 0. */
export const CMD_HELLO = 0x81
/** Firmware -> host: u32 total bytes consumed since HELLO, modulo 2^32. */
export const CMD_CREDIT = 0x82
/** Firmware -> host: u8 sequence number (0 after HELLO, +1 per packet, modulo 256), then data bytes. */
export const CMD_OUT = 0x83
/** Bytes the host may send ahead of the firmware's credit: 4 full packets fit the runtime's 2 KB queue. */
export const WINDOW = 4 * MAX_PAYLOAD
/** Grant credit when this many consumed bytes are not yet reported (or when the inbox runs empty). */
const CREDIT_STEP = 2 * MAX_PAYLOAD
/** Engine backlog above which the link stops granting credit. */
const BACKLOG_HIGH = 2048
/** Bytes the outbox holds before out() waits for the sender. */
const OUTBOX_HIGH = 2048

// The link is one per firmware: its state is module state.
let engine: AtSink
let serial: ds.Serial
let inbox: Buffer[] = []
let consumed = 0
let reported = 0
let reader: ds.Fiber
let outbox: Buffer[] = []
let outLen = 0
let seq = 0
let sender: ds.Fiber
/** changes at every HELLO; the first one is random so that a restarted firmware is told apart */
let epoch = Math.floor(Math.random() * 1000000000)

/** Queue bytes for the host; returns once they are queued (waits only while the outbox is full). */
async function out(data: Buffer) {
    while (outLen >= OUTBOX_HIGH) await ds.sleep(5)
    outbox.push(data)
    outLen += data.length
    if (sender) if (sender.suspended) sender.resume(undefined)
}

/** Sender fiber: sends the outbox in packets of at most MAX_PAYLOAD bytes, oldest bytes first. */
async function sendLoop() {
    for (;;) {
        if (!outLen) {
            sender = ds.Fiber.self()
            await ds.suspend()
            sender = null
            continue
        }
        const n = Math.min(outLen, MAX_PAYLOAD - 1)
        const pkt = Buffer.alloc(n + 1)
        let off = 1
        while (off <= n) {
            const head = outbox[0]
            const take = Math.min(head.length, n + 1 - off)
            pkt.blitAt(off, head, 0, take)
            off += take
            if (take === head.length) outbox.shift()
            else outbox[0] = head.slice(take)
        }
        outLen -= n
        pkt[0] = seq
        seq = (seq + 1) & 0xff
        await serial.sendCommand(CMD_OUT, pkt)
    }
}

/** Reader fiber: feeds the engine in arrival order and grants credit. */
async function readLoop() {
    for (;;) {
        if (!inbox.length) {
            await grant()
            if (inbox.length) continue
            reader = ds.Fiber.self()
            await ds.suspend()
            reader = null
            continue
        }
        const ep = epoch
        const data = inbox.shift()
        await engine.feed(data)
        if (ep !== epoch) continue // the link restarted meanwhile
        consumed = (consumed + data.length) >>> 0
        if ((consumed - reported) >>> 0 >= CREDIT_STEP) await grant()
    }
}

async function grant() {
    if (consumed === reported) return
    while (engine.backlog() > BACKLOG_HIGH) await ds.sleep(5)
    const ep = epoch
    const n = consumed
    const b = Buffer.alloc(4)
    b.setAt(0, "u32", n)
    await serial.sendCommand(CMD_CREDIT, b)
    if (ep === epoch) reported = n
}

export async function startAtLink(makeEngine: (out: AtOutput) => AtSink) {
    serial = new ds.Serial()
    engine = makeEngine(out)
    // every report of the role (synchronously)
    serial.report().subscribe(pkt => {
        if (pkt.serviceCommand !== CMD_DATA) return
        const data = pkt.payload
        if (!data.length) return
        inbox.push(data)
        if (reader) if (reader.suspended) reader.resume(undefined)
    })
    // the role bound (again): a fresh credit window and output sequence
    serial.binding().subscribe(async bound => {
        if (!bound) return
        epoch = (epoch + 1) >>> 0
        inbox = []
        consumed = reported = seq = 0
        const b = Buffer.alloc(8)
        b.setAt(0, "u32", WINDOW)
        b.setAt(4, "u32", epoch)
        await serial.sendCommand(CMD_HELLO, b)
    })
    sendLoop.start()
    readLoop.start()
}
