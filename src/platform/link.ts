// PLACEHOLDER (replaced by the host bridge work, issue 4): the AT link over the ds.Serial role.
import * as ds from "@devicescript/core"
import { AtOutput } from "../at/engine"

export interface AtSink {
    feed(data: Buffer): Promise<void>
}

export async function startAtLink(makeEngine: (out: AtOutput) => AtSink) {
    const serial = new ds.Serial()
    const engine = makeEngine(async data => {
        await serial.send(data)
    })
    // TODO(issue 4): deliver the Serial role's `received` reports (code 0x80) to engine.feed()
    if (!engine) throw new Error("no engine")
}
