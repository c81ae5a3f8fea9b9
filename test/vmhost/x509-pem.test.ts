// Base64 and PEM decoding: differential against node (generated vectors) and malformed-input edge cases.
import { describe, test, expect } from "@devicescript/test"
import { relax } from "../../src/platform/budget"
import { base64Decode, base64Encode } from "../../src/x509/base64"
import { pemDecode, isPem } from "../../src/x509/pem"
import { B64, PEM, HDR } from "../gen/x509_pem"

async function decodeError(s: string): Promise<string> {
    try {
        await base64Decode(Buffer.from(s))
    } catch (e) {
        return (e as Error).message
    }
    return "no error"
}

async function pemError(s: string): Promise<string> {
    try {
        await pemDecode(Buffer.from(s))
    } catch (e) {
        return (e as Error).message
    }
    return "no error"
}

function has(msg: string, part: string) {
    if (msg.indexOf(part) < 0) throw new Error("expected an error containing '" + part + "', got '" + msg + "'")
}

describe("base64 vs node", () => {
    test("decodes what node encodes and encodes as node does", async () => {
        await relax()
        for (let i = 0; i < B64.length; i++) {
            const v = B64[i]
            const d = await base64Decode(Buffer.from(v[1]))
            expect(d.toString("hex")).toBe(v[0])
            expect((await base64Encode(Buffer.from(v[0], "hex"))).toString()).toBe(v[1])
        }
    })
})

describe("base64 malformed", () => {
    test("invalid character", async () => {
        await relax()
        has(await decodeError("TW!u"), "bad character at 2")
        has(await decodeError("TW-u"), "bad character at 2")
        has(await decodeError("TWFu\u00e9"), "bad character at 4")
    })
    test("data after padding", async () => {
        await relax()
        has(await decodeError("TQ==TWFu"), "bad character at 4")
    })
    test("wrong amount of padding or truncated group", async () => {
        await relax()
        for (const s of ["TQ=", "TWF==", "TWFuT", "TWE", "TQ===", "====", "T==="]) has(await decodeError(s), "bad length or padding")
    })
    test("whitespace is skipped, empty input is empty", async () => {
        await relax()
        expect((await base64Decode(Buffer.from(" T W\r\nF u\t\n"))).toString()).toBe("Man")
        expect((await base64Decode(Buffer.from(" \r\n"))).length).toBe(0)
    })
})

describe("pem vs node", () => {
    test("every generated file decodes to its blocks", async () => {
        await relax()
        for (let i = 0; i < PEM.length; i++) {
            const v = PEM[i]
            const blocks = await pemDecode(Buffer.from(v[0]))
            expect(blocks.map(b => b.label).join(",")).toBe(v[1])
            expect(blocks.map(b => b.der.toString("hex")).join(",")).toBe(v[2])
            expect(isPem(Buffer.from(v[0]))).toBe(true)
        }
    })
})

describe("pem malformed", () => {
    test("no BEGIN line (garbage, DER, empty)", async () => {
        await relax()
        has(await pemError("hello world\n"), "no BEGIN line")
        has(await pemError(""), "no BEGIN line")
        expect(isPem(hex`3082010a0282010100`)).toBe(false)
        expect(isPem(Buffer.from("just text - with -- dashes\n"))).toBe(false)
    })
    test("BEGIN without END, or with another label", async () => {
        await relax()
        has(await pemError("-----BEGIN CERTIFICATE-----\nTWFu\n"), "without END")
        has(await pemError("-----BEGIN CERTIFICATE-----\nTWFu\n-----END PRIVATE KEY-----\n"), "without END")
        has(await pemError("-----BEGIN CERTIFICATE----\nTWFu\n-----END CERTIFICATE-----\n"), "without END")
        has(await pemError("-----BEGIN CERTIFICATE-----\nTWFu\n-----END CERTIFICATE\n"), "without END")
    })
    test("anything but base64 between the markers", async () => {
        await relax()
        has(await pemError("-----BEGIN CERTIFICATE-----\nTWFu\n-----BEGIN CERTIFICATE-----\nTWFu\n-----END CERTIFICATE-----\n"), "bad character")
        has(await pemError("-----BEGIN CERTIFICATE-----:\nTWFu\n-----END CERTIFICATE-----\n"), "bad character")
        has(await pemError("-----BEGIN CERTIFICATE-----\nTW*u\n-----END CERTIFICATE-----\n"), "bad character")
        has(await pemError("-----BEGIN CERTIFICATE-----\nTW-u\n-----END CERTIFICATE-----\n"), "bad character")
        has(await pemError("-----BEGIN CERTIFICATE-----\nTWF\n-----END CERTIFICATE-----\n"), "bad length")
    })
    test("empty body", async () => {
        await relax()
        has(await pemError("-----BEGIN CERTIFICATE-----\n\n-----END CERTIFICATE-----\n"), "empty block")
    })
    test("RFC 1421 headers (legacy encrypted key) are refused", async () => {
        await relax()
        has(await pemError("-----BEGIN RSA PRIVATE KEY-----\n" + HDR + "\n\nTWFu\n-----END RSA PRIVATE KEY-----\n"), "bad character")
    })
    test("a good block followed by a broken one fails as a whole", async () => {
        await relax()
        const good = "-----BEGIN CERTIFICATE-----\nTWFu\n-----END CERTIFICATE-----\n"
        has(await pemError(good + "-----BEGIN CERTIFICATE-----\nTW\n-----END CERTIFICATE-----\n"), "bad length")
    })
})
