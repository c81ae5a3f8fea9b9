// The command-line parser on its own: names, forms, parameter types, blanks, syntax errors.
import { describe, test, expect } from "@devicescript/test"
import { parseLine } from "../../src/at/parse"
import { EXEC, READ, SET, TEST } from "../../src/at/table"

function p(s: string) {
    const b = Buffer.from(s)
    return parseLine(b, b.length)
}

describe("parseLine", () => {
    test("forms: exec, read, test, set", () => {
        expect(p("AT+SSLINIT").form).toBe(EXEC)
        expect(p("AT+SSLINIT?").form).toBe(READ)
        expect(p("AT+SSLINIT=?").form).toBe(TEST)
        expect(p("AT+SSLINIT=1").form).toBe(SET)
        expect(p("AT+SSLINIT=").form).toBe(SET)
        expect(p("AT+SSLINIT=").args.length).toBe(0)
        expect(p("AT").name).toBe("")
    })
    test("names are upper-cased; basic commands carry their number", () => {
        expect(p("at+sslSet=1").name).toBe("+SSLSET")
        expect(p("ate1").name).toBe("E")
        expect(p("ate1").args[0]).toBe(1)
        expect(p("ATE").args[0]).toBe(0)
        expect(p("AT+A.B_C-D/E:F!G%H").name).toBe("+A.B_C-D/E:F!G%H")
    })
    test("strings keep their blanks and case, numbers are decimal, empty parameters are undefined", () => {
        const r = p('AT+X= " a B " , 0042 ,, "" ,')
        expect(r.args.length).toBe(5)
        expect(r.args[0]).toBe(" a B ")
        expect(r.args[1]).toBe(42)
        expect(r.args[2]).toBe(undefined)
        expect(r.args[3]).toBe("")
        expect(r.args[4]).toBe(undefined)
        expect(p("AT+X=123456789012345").args[0]).toBe(123456789012345)
    })
    test("syntax errors are null, blank lines undefined", () => {
        for (const s of ["A", "T", "xAT", "AT+", "AT+X=1 2", "AT+X=-1", "AT+X=a", 'AT+X="a', 'AT+X="a"b', "AT+X?1", "AT+X=?1", "AT+X=1;", "ATE1x", "ATE 1", "AT+X=1234567890123456"])
            expect(p(s)).toBe(null)
        expect(parseLine(Buffer.from('41542b583d22c3a922', "hex"), 9)).toBe(null) // AT+X="é" (UTF-8)
        expect(parseLine(Buffer.from('41542b583d22ff22', "hex"), 8)).toBe(null)
        expect(p('AT+X="~ !#"').args[0]).toBe("~ !#")
        expect(p("")).toBe(undefined)
        expect(p(" \t ")).toBe(undefined)
    })
})
