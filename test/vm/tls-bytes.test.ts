// Byte cursors of the TLS engine: nested length-prefixed vectors are written top to bottom and read back;
// malformed input ends in TlsError(decode_error), never in a read past the end.
import { describe, test, expect } from "@devicescript/test"
import { ByteReader, ByteWriter, bufEq } from "../../src/tls/bytes"
import { Alert, TlsError } from "../../src/tls/errors"

function decodeFails(f: () => void): string {
    try {
        f()
    } catch (e) {
        if (e instanceof TlsError && (e as TlsError).alert === Alert.DecodeError) return (e as TlsError).describe()
        return "other error: " + e
    }
    return "no error"
}

describe("tls bytes", () => {
    test("nested vectors: lengths are filled in after the body", () => {
        const w = new ByteWriter(4) // forces growth
        w.u8(0x16)
        const l24 = w.lenField(3)
        w.u16(0x0303)
        const l16 = w.lenField(2)
        w.bytes(hex`aabbcc`)
        const l8 = w.lenField(1)
        w.int(0x010203, 3)
        l8()
        l16()
        w.vec(hex`01`, 1)
        w.vec(Buffer.alloc(300), 2)
        l24()
        const r = w.result()
        expect(r.slice(0, 20).toString("hex")).toBe("1600013b03030007aabbcc030102030101012c00")
        expect(r.length).toBe(1 + 3 + 2 + 2 + 3 + 1 + 3 + 2 + 2 + 300)
    })

    test("reader walks the same structure and checks the end", () => {
        const w = new ByteWriter()
        const l = w.lenField(2)
        w.vec(hex`0102`, 1)
        w.int(0xabcdef, 3)
        l()
        w.u8(7)
        const r = new ByteReader(w.result(), "test")
        const s = r.sub(2, "inner")
        expect(s.vec(1).toString("hex")).toBe("0102")
        expect(s.int(3)).toBe(0xabcdef)
        s.done()
        expect(r.int(1)).toBe(7)
        r.done()
        expect(r.remaining()).toBe(0)
    })

    test("reading past the end is a decode_error", () => {
        expect(decodeFails(() => new ByteReader(hex`0005aabb`, "ServerHello").vec(2))).toBe(
            "sent decode_error: malformed ServerHello"
        )
        expect(decodeFails(() => new ByteReader(hex`01`, "x").int(2))).toBe("sent decode_error: malformed x")
        expect(decodeFails(() => new ByteReader(hex`0102`, "y").sub(2, "z"))).toBe("sent decode_error: malformed y")
        expect(decodeFails(() => new ByteReader(hex`0102`, "w").done())).toBe("sent decode_error: malformed w")
    })

    test("bufEq", () => {
        expect(bufEq(hex`0102`, hex`0102`)).toBe(true)
        expect(bufEq(hex`0102`, hex`0103`)).toBe(false)
        expect(bufEq(hex`0102`, hex`010203`)).toBe(false)
    })
})
