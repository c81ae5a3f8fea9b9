// Parses one command line (the bytes between two CRs, LFs already dropped) into name, form and arguments.
//
// Syntax (V.250 subset): optional blanks, `AT` (any case), then nothing (bare AT), or one basic command
// (a letter and optional decimal digits: `E1`, `I`), or one extended command `+NAME` (letters, digits and
// `!%-./:_`, any case) followed by nothing (exec), `?` (read), `=?` (test) or `=` and a comma-separated list
// of parameters (set). A parameter is a double-quoted string (no escapes; it ends at the next `"`), a decimal
// number (at most 15 digits), or empty (omitted). Strings are 7-bit: a byte >= 0x80 is a syntax error. Blanks (space, tab) are tolerated around `=`, `,`, `?`
// and values, and at both ends of the line. Anything else is a syntax error.
//
// Works on the line buffer directly with indexed reads; it upper-cases the name in place. Kept compact (the
// firmware's bytecode is limited to 64 KB): character classes come from a table in flash.
import { AtArg, EXEC, READ, SET, TEST } from "./table"

export interface ParsedLine {
    /** "" for a bare `AT`; `+SSLSET`, `E`, `I`, ... */
    name: string
    form: number
    args: AtArg[]
}

const MAX_DIGITS = 15
/** 1 for the characters of an extended command name (ASCII letters, digits, `!%-./:_`) */
const NAME_CHARS = hex`0000000000000000000000000000000000000000000000000000000000000000000100000001000000000000000101010101010101010101010101000000000000010101010101010101010101010101010101010101010101010100000000010001010101010101010101010101010101010101010101010101010000000000`

/** index of the first non-blank byte at or after i (n if none) */
function skip(b: Buffer, i: number, n: number) {
    while (i < n && (b[i] === 32 || b[i] === 9)) i++
    return i
}

/**
 * Parse b[0..n). Returns null for a syntax error, undefined for a blank line (ignored, no answer).
 */
export function parseLine(b: Buffer, n: number): ParsedLine | null | undefined {
    while (n > 0 && (b[n - 1] === 32 || b[n - 1] === 9)) n--
    let i = skip(b, 0, n)
    if (i === n) return undefined
    // "AT"
    if (n - i < 2) return null
    if ((b[i] | 32) !== 97) return null
    if ((b[i + 1] | 32) !== 116) return null
    i = skip(b, i + 2, n)
    const start = i
    const args: AtArg[] = []
    let form = EXEC
    let end = i
    if (i < n) {
        const c = b[i] | 32
        if (c >= 97 && c <= 122) {
            // basic command: a letter and an optional number, up to the end of the line
            b[i++] = c - 32
            end = i
            let v = 0
            const s = i
            while (i < n && b[i] >= 48 && b[i] <= 57) v = v * 10 + b[i++] - 48
            if (i !== n) return null
            if (i - s > MAX_DIGITS) return null
            args.push(v)
        } else {
            if (b[i++] !== 43) return null // '+'
            while (i < n && b[i] < 128 && NAME_CHARS[b[i]]) {
                if (b[i] >= 97) b[i] -= 32
                i++
            }
            if (i === start + 1) return null
            end = i
        }
    }
    const name = b.slice(start, end).toString()
    i = skip(b, i, n)
    if (i < n) {
        if (b[i] === 63) {
            // '?'
            form = READ
            i = skip(b, i + 1, n)
        } else if (b[i] !== 61) return null // '='
        else {
            form = SET
            i = skip(b, i + 1, n)
            if (b[i] === 63 && i < n) {
                form = TEST
                i = skip(b, i + 1, n)
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
                        // unterminated string or a non-ASCII byte
                        if (i === n) return null
                        if (b[i] !== 34) return null
                        args.push(b.slice(s + 1, i++).toString())
                    } else if (c >= 48 && c <= 57) {
                        let v = 0
                        while (i < n && b[i] >= 48 && b[i] <= 57) v = v * 10 + b[i++] - 48
                        if (i - s > MAX_DIGITS) return null
                        args.push(v)
                    } else if (c === 44) args.push(undefined)
                    else return null
                    i = skip(b, i, n)
                    if (i === n) break
                    if (b[i] !== 44) return null
                    i = skip(b, i + 1, n)
                }
            }
        }
        if (i !== n) return null
    }
    return { name, form, args }
}
