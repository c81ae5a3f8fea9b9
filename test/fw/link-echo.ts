// Firmware entry for the link end-to-end tests (test/node/e2e-link.test.mjs): the AT link with an engine that
// sends back every byte it is fed, unchanged.
//
// It behaves like the real engine towards the link: feed() only queues and returns at once, a separate fiber
// does the work (slowly: 20 ms per chunk), the queue is bounded (bytes beyond MAX_QUEUED are dropped, as the
// AT engine drops beyond its MAX_PENDING) and backlog() reports it. So a host burst comes back whole only if
// the link's credit follows the engine's backlog.
import * as ds from "@devicescript/core"
import { AtOutput } from "../../src/at/engine"
import { startAtLink } from "../../src/platform/link"

const MAX_QUEUED = 4096

class EchoEngine {
    private q: Buffer[] = []
    private queued = 0
    private worker: ds.Fiber = null

    constructor(private out: AtOutput) {
        const self = this
        const work = async () => {
            await self.work()
        }
        work.start()
    }

    async feed(data: Buffer) {
        const room = MAX_QUEUED - this.queued
        if (data.length > room) data = data.slice(0, room > 0 ? room : 0)
        if (data.length === 0) return
        this.q.push(data)
        this.queued += data.length
        const w = this.worker
        if (w && w.suspended) w.resume(undefined)
    }

    backlog() {
        return this.queued
    }

    private async work() {
        for (;;) {
            if (this.q.length === 0) {
                this.worker = ds.Fiber.self()
                await ds.suspend()
                this.worker = null
                continue
            }
            const b = this.q.shift()
            await ds.sleep(20)
            await this.out(b)
            this.queued -= b.length
        }
    }
}

await startAtLink(out => new EchoEngine(out))
