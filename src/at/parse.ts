// Parses one command line (the bytes between two CRs, LFs already dropped) into name, form and arguments.
//
// Syntax (V.250 subset): optional blanks, `AT` (any case), then nothing (bare AT), or one basic command
// (a letter and optional decimal digits: `E1`, `I`), or one extended command `+NAME` (letters, digits and
// `!%-./:_`, any case) followed by nothing (exec), `?` (read), `=?` (test) or `=` and a comma-separated list
// of parameters (set). A parameter is a double-quoted string (no escapes; it ends at the next `"`), a decimal
// number (at most 15 digits), or empty (omitted). Strings are 7-bit: a byte >= 0x80 is a syntax error. Blanks (space, tab) are tolerated around `=`, `,`, `?`
// and values, and at both ends of the line. Anything else is a syntax error.
//
// Works on a copy of the line with indexed reads; it upper-cases the name in place. Kept compact (the
// firmware's bytecode is limited to 64 KB): character classes come from a table in flash.
import { AtArg, EXEC, READ, SET, TEST } from "./table"

export interface ParsedLine {
    /** "" for a bare `AT`; `+SSLSET`, `E`, `I`, ... */
    name: string
    form: number
    args: AtArg[]
}

const MAX_DIGITS = 15
/** 1 for the characters of an extended command name (ASCII letters, digits, `!%-./:_`), for all 256 byte values */
const NAME_CHARS = hex`00000000000000000000000000000000000000000000000000000000000000000001000000010000000000000001010101010101010101010101010000000000000101010101010101010101010101010101010101010101010101000000000100010101010101010101010101010101010101010101010101010100000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000`

/** index of the first non-blank byte at or after i (the 0 after the line stops it) */
function skip(b: Buffer, i: number) {
    while (b[i] === 32 || b[i] === 9) i++
    return i
}

/**
 * Parse line[0..n). Returns null for a syntax error, undefined for a blank line (ignored, no answer).
 */
export function parseLine(line: Buffer, n: number): ParsedLine | null | undefined {
    while (n > 0 && (line[n - 1] === 32 || line[n - 1] === 9)) n--
    // a copy with a 0 after the line: the scans below stop there (0 is no blank, digit, name character or
    // letter), so they need no bound check
    const b = Buffer.alloc(n + 1)
    b.blitAt(0, line, 0, n)
    let i = skip(b, 0)
    if (i === n) return undefined
    // "AT"
    if ((b[i] | 32) !== 97) return null
    if ((b[i + 1] | 32) !== 116) return null
    i = skip(b, i + 2)
    const start = i
    const args: AtArg[] = []
    let form = EXEC
    let end = i
    const c = b[i] | 32
    // (x - 48 >>> 0 < 10: x is a decimal digit)
    if (c >= 97 && c <= 122) {
        // basic command: a letter and an optional number, up to the end of the line
        b[i++] = c - 32
        end = i
        let v = 0
        while (b[i] - 48 >>> 0 < 10) v = v * 10 + b[i++] - 48
        if (i !== n) return null
        if (i - end > MAX_DIGITS) return null
        args.push(v)
    } else if (i < n) {
        if (b[i++] !== 43) return null // '+'
        while (NAME_CHARS[b[i]]) {
            if (b[i] >= 97) b[i] -= 32
            i++
        }
        if (i === start + 1) return null
        end = i
    }
    const name = b.slice(start, end).toString()
    i = skip(b, i)
    if (i < n) {
        if (b[i] === 63) {
            // '?'
            form = READ
            i = skip(b, i + 1)
        } else if (b[i] !== 61) return null // '='
        else {
            form = SET
            i = skip(b, i + 1)
            if (b[i] === 63) {
                form = TEST
                i = skip(b, i + 1)
            } else if (i < n) {
                // parameters, comma-separated; an empty one (also after a final comma) is undefined
                for (;;) {
                    const c = i < n ? b[i] : 44
                    const s = i
                    if (c === 34) {
                        i++
                        // 7-bit text only (V.250 IRA); bytes >= 0x80 are refused, never decoded as UTF-8
                        // (invalid UTF-8 can panic the VM's Buffer.toString)
                        while (i < n && b[i] !== 34 && b[i] < 128) i++
                        // unterminated string (b[n] is 0) or a non-ASCII byte
                        if (b[i] !== 34) return null
                        args.push(b.slice(s + 1, i++).toString())
                    } else if (c - 48 >>> 0 < 10) {
                        let v = 0
                        while (b[i] - 48 >>> 0 < 10) v = v * 10 + b[i++] - 48
                        if (i - s > MAX_DIGITS) return null
                        args.push(v)
                    } else if (c === 44) args.push(undefined)
                    else return null
                    i = skip(b, i)
                    if (i === n) break
                    if (b[i] !== 44) return null
                    i = skip(b, i + 1)
                }
            }
        }
        if (i !== n) return null
    }
    return { name, form, args }
}
