// Base64 and PEM decoding: differential against node (generated vectors) and malformed-input edge cases.
import { describe, test, expect } from "@devicescript/test"
import { base64Decode, base64Encode } from "../../src/x509/base64"
import { pemDecode, pemEncode, isPem } from "../../src/x509/pem"
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
    test("decodes what node encodes, and encodes as node does", async () => {
        for (let i = 0; i < B64.length; i++) {
            const v = B64[i]
            const d = await base64Decode(Buffer.from(v[1]))
            expect(d.toString("hex")).toBe(v[0])
            const e = await base64Encode(Buffer.from(v[0], "hex"))
            expect(e.toString()).toBe(v[1])
        }
    })
    test("a sub-range decodes alone", async () => {
        const s = Buffer.from("xx" + "TWFu" + "yy")
        expect((await base64Decode(s, 2, 6)).toString()).toBe("Man")
    })
    test("encodes with line breaks", async () => {
        expect((await base64Encode(Buffer.from("Many hands make light work."), 8)).toString()).toBe(
            "TWFueSBo\nYW5kcyBt\nYWtlIGxp\nZ2h0IHdv\ncmsu\n"
        )
    })
})

describe("base64 malformed", () => {
    test("invalid character", async () => {
        has(await decodeError("TW!u"), "invalid character 33")
        has(await decodeError("TW-u"), "invalid character 45")
        has(await decodeError("TWFu\u00e9"), "invalid character")
    })
    test("data after padding", async () => {
        has(await decodeError("TQ==TWFu"), "after padding")
    })
    test("wrong amount of padding or truncated group", async () => {
        has(await decodeError("TQ="), "not a whole group")
        has(await decodeError("TWF=="), "not a whole group")
        has(await decodeError("TWFuT"), "not a whole group")
        has(await decodeError("TWE"), "not a whole group")
        has(await decodeError("TQ==="), "too much padding")
        has(await decodeError("===="), "padding")
    })
    test("whitespace is skipped, empty input is empty", async () => {
        expect((await base64Decode(Buffer.from(" T W\r\nF u\t\n"))).toString()).toBe("Man")
        expect((await base64Decode(Buffer.from(" \r\n"))).length).toBe(0)
    })
})

describe("pem vs node", () => {
    test("every generated file decodes to its blocks", async () => {
        for (let i = 0; i < PEM.length; i++) {
            const v = PEM[i]
            const blocks = await pemDecode(Buffer.from(v[0]))
            expect(blocks.map(b => b.label).join(",")).toBe(v[1])
            expect(blocks.map(b => b.der.toString("hex")).join(",")).toBe(v[2])
            expect(isPem(Buffer.from(v[0]))).toBe(true)
        }
    })
    test("pemEncode round trip", async () => {
        const d = Buffer.from(B64[B64.length - 1][0], "hex")
        const p = await pemEncode("CERTIFICATE", d)
        const b = await pemDecode(p)
        expect(b.length).toBe(1)
        expect(b[0].label).toBe("CERTIFICATE")
        expect(b[0].der.toString("hex")).toBe(B64[B64.length - 1][0])
    })
})

describe("pem malformed", () => {
    test("no BEGIN line (garbage, DER, empty)", async () => {
        has(await pemError("hello world\n"), "no BEGIN line")
        has(await pemError(""), "no BEGIN line")
        has(await pemError("x-----BEGIN CERTIFICATE-----\nTWFu\n-----END CERTIFICATE-----\n"), "no BEGIN line")
        expect(isPem(hex`3082010a0282010100`)).toBe(false)
        expect(isPem(Buffer.from("just text - with -- dashes\n"))).toBe(false)
    })
    test("BEGIN without END", async () => {
        has(await pemError("-----BEGIN CERTIFICATE-----\nTWFu\n"), "without END")
        has(await pemError("-----BEGIN CERTIFICATE-----\nTWFu\n-----BEGIN CERTIFICATE-----\nTWFu\n-----END CERTIFICATE-----\n"), "without END")
    })
    test("END label mismatch", async () => {
        has(await pemError("-----BEGIN CERTIFICATE-----\nTWFu\n-----END PRIVATE KEY-----\n"), "does not match")
    })
    test("malformed marker lines", async () => {
        has(await pemError("-----BEGIN CERTIFICATE----\nTWFu\n-----END CERTIFICATE-----\n"), "malformed BEGIN")
        has(await pemError("-----BEGIN CERTIFICATE-----x\nTWFu\n-----END CERTIFICATE-----\n"), "malformed BEGIN")
        has(await pemError("-----BEGIN CERTIFICATE-----\nTWFu\n-----END CERTIFICATE\n"), "malformed END")
        has(await pemError("-----BEGIN CERTIFICATE-----\nTWFu-----END CERTIFICATE-----\n"), "does not start a line")
    })
    test("garbage in the body", async () => {
        has(await pemError("-----BEGIN CERTIFICATE-----\nTW*u\n-----END CERTIFICATE-----\n"), "invalid character 42")
        has(await pemError("-----BEGIN CERTIFICATE-----\nTWF\n-----END CERTIFICATE-----\n"), "not a whole group")
        has(await pemError("-----BEGIN CERTIFICATE-----\nTW-u\n-----END CERTIFICATE-----\n"), "invalid character")
    })
    test("empty body", async () => {
        has(await pemError("-----BEGIN CERTIFICATE-----\n\n-----END CERTIFICATE-----\n"), "empty CERTIFICATE")
    })
    test("RFC 1421 headers (legacy encrypted key) are refused", async () => {
        has(await pemError("-----BEGIN RSA PRIVATE KEY-----\n" + HDR + "\n\nTWFu\n-----END RSA PRIVATE KEY-----\n"), "has headers")
    })
    test("a good block followed by a broken one fails as a whole", async () => {
        const good = "-----BEGIN CERTIFICATE-----\nTWFu\n-----END CERTIFICATE-----\n"
        has(await pemError(good + "-----BEGIN CERTIFICATE-----\nTW\n-----END CERTIFICATE-----\n"), "not a whole group")
    })
})
