// AT engine benchmarks (simulator): cost of a command line end to end (feed, parse, command fiber, answer),
// and data-mode throughput (bytes routed to a running command).
import * as ds from "@devicescript/core"
import { emit, finish } from "./lib"
import { AtEngine } from "../src/at/engine"
import { AtArg, AtContext, AtTable, OK } from "../src/at/table"
import { COMMANDS } from "../src/at/commands"

let sent = 0
const e = new AtEngine(async (b: Buffer) => {
    sent += b.length
})
e.echoOn = false

async function settle() {
    while (e.busy || e.scanning || e.pendingLen) await ds.sleep(0)
}

// 200 lines, one feed each, each answered before the next is sent
const line = Buffer.from("AT+SSLSTATE\r")
await ds.sleep(0)
let t0 = ds.millis()
for (let i = 0; i < 200; i++) {
    await e.feed(line)
    await settle()
}
emit("AT+SSLSTATE line, answered (per line)", (ds.millis() - t0) / 200)

// a long valid line (1000 bytes: AT+SSLSET with a long seed is refused 902 after parsing)
let s = 'AT+SSLSET=3,"'
while (s.length < 998) s += "x"
const longLine = Buffer.from(s + '"\r')
t0 = ds.millis()
for (let i = 0; i < 20; i++) {
    await e.feed(longLine)
    await settle()
}
emit("1000-byte command line, answered (per line)", (ds.millis() - t0) / 20, { bytes: 1000 })

// data mode: a command reads 16 KB arriving in 64-byte chunks
const table: AtTable = {}
table["+SINK"] = async (ctx: AtContext, args: AtArg[]) => {
        const n = args[0] as number
        await ctx.openData("", n)
        let have = 0
        while (have < n) {
            const b = await ctx.readData(n - have, 5000)
            if (!b) return 907
            have += b.length
        }
        return OK
}
const d = new AtEngine(async (b: Buffer) => {}, table)
d.echoOn = false
const chunk = Buffer.alloc(64)
const N = 16384
await d.feed(Buffer.from(`AT+SINK=${N}\r`))
await ds.sleep(1)
t0 = ds.millis()
for (let i = 0; i < N; i += 64) {
    await d.feed(chunk)
    await ds.sleep(0)
}
while (d.busy || d.scanning || d.pendingLen) await ds.sleep(0)
emit("data mode, 16 KB in 64-byte feeds", ds.millis() - t0, { bytes: N })
if (!COMMANDS["+SSLSTATE"] || sent === 0) throw new Error("nothing answered")
finish()
