// Firmware entry for the link end-to-end tests: the AT link with an engine that sends back every byte it is
// fed, unchanged. `slow` mode sleeps per chunk, so the host's burst must wait for credit.
import * as ds from "@devicescript/core"
import { AtOutput } from "../../src/at/engine"
import { startAtLink } from "../../src/platform/link"

class EchoEngine {
    constructor(private out: AtOutput) {}
    async feed(data: Buffer) {
        await this.out(data)
        // a slow consumer: 20 ms per chunk
        await ds.sleep(20)
    }
}

await startAtLink(out => new EchoEngine(out))
