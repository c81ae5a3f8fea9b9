// PLACEHOLDER (replaced by the AT engine work, issue 3): answers OK to every line.
// Contract used by src/platform/link.ts and src/main.ts:
//   new AtEngine(out)        out(bytes) sends bytes to the host (echo, responses, data)
//   await engine.feed(bytes) hands over bytes from the host; returns promptly (never waits for a
//                            command to finish), so data-mode bytes can keep flowing in.
export type AtOutput = (data: Buffer) => Promise<void>

export class AtEngine {
    private line = ""
    constructor(private out: AtOutput) {}
    async feed(data: Buffer) {
        for (let i = 0; i < data.length; i++) {
            const c = data[i]
            if (c === 13) {
                this.line = ""
                await this.out(Buffer.from("\r\nOK\r\n"))
            } else if (c !== 10) this.line += String.fromCharCode(c)
        }
    }
}
