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
        w.put(0x16, 1)
        const l24 = w.put(0, 3)
        w.put(0x0303, 2)
        const l16 = w.put(0, 2)
        w.put(0, 0, hex`aabbcc`)
        const l8 = w.put(0, 1)
        expect(w.put(0x010203, 3)).toBe(15)
        w.close(l8, 1)
        w.close(l16, 2)
        w.vec(hex`01`, 1)
        w.vec(Buffer.alloc(300), 2)
        w.close(l24, 3)
        const r = w.result()
        expect(r.slice(0, 20).toString("hex")).toBe("1600013b03030007aabbcc030102030101012c00")
        expect(r.length).toBe(1 + 3 + 2 + 2 + 3 + 1 + 3 + 2 + 2 + 300)
    })

    test("reader walks the same structure and checks the end", () => {
        const w = new ByteWriter()
        const l = w.put(0, 2)
        w.vec(hex`0102`, 1)
        w.put(0xabcdef, 3)
        w.close(l, 2)
        w.put(7, 1)
        const r = new ByteReader(w.result(), "test")
        const s = r.sub(2)
        expect(s.vec(1).toString("hex")).toBe("0102")
        expect(s.int(3)).toBe(0xabcdef)
        s.done()
        expect(r.int(1)).toBe(7)
        r.done()
        expect(r.pos).toBe(r.end)
    })

    test("reading past the end is a decode_error", () => {
        expect(decodeFails(() => new ByteReader(hex`0005aabb`, "ServerHello").vec(2))).toBe(
            "sent decode_error: malformed ServerHello"
        )
        expect(decodeFails(() => new ByteReader(hex`01`, "x").int(2))).toBe("sent decode_error: malformed x")
        expect(decodeFails(() => new ByteReader(hex`0102`, "y").sub(2))).toBe("sent decode_error: malformed y")
        expect(decodeFails(() => new ByteReader(hex`0102`, "w").done())).toBe("sent decode_error: malformed w")
    })

    test("bufEq", () => {
        expect(bufEq(hex`0102`, hex`0102`)).toBe(true)
        expect(bufEq(hex`0102`, hex`0103`)).toBe(false)
        expect(bufEq(hex`0102`, hex`010203`)).toBe(false)
    })
})
