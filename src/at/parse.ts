// Parses one command line (the bytes between two CRs, LFs already dropped) into name, form and arguments.
//
// Syntax (V.250 subset): optional blanks, `AT` (any case), then nothing (bare AT), or one basic command
// (a letter and optional decimal digits: `E1`, `I`), or one extended command `+NAME` (letters, digits and
// `!%-./:_`, any case) followed by nothing (exec), `?` (read), `=?` (test) or `=` and a comma-separated list
// of parameters (set). A parameter is a double-quoted string (no escapes; it ends at the next `"`), a decimal
// number (at most 15 digits), or empty (omitted). Blanks (space, tab) are tolerated around `=`, `,`, `?`
// and values, and at both ends of the line. Anything else is a syntax error.
//
// Works on the line buffer directly with indexed reads (one cheap VM operation per byte); it upper-cases the
// name in place.
import { AtArg, EXEC, READ, SET, TEST } from "./table"

export interface ParsedLine {
    /** "" for a bare `AT`; `+SSLSET`, `E`, `I`, ... */
    name: string
    form: number
    args: AtArg[]
}

const MAX_DIGITS = 15

/**
 * Parse b[0..n). Returns null for a syntax error, undefined for a blank line (ignored, no answer).
 */
export function parseLine(b: Buffer, n: number): ParsedLine | null | undefined {
    let i = 0
    while (i < n && (b[i] === 32 || b[i] === 9)) i++
    while (n > i && (b[n - 1] === 32 || b[n - 1] === 9)) n--
    if (i === n) return undefined
    if (n - i < 2 || (b[i] | 32) !== 97 || (b[i + 1] | 32) !== 116) return null // "AT"
    i += 2
    while (i < n && (b[i] === 32 || b[i] === 9)) i++
    if (i === n) return { name: "", form: EXEC, args: [] }
    let c = b[i]
    const lc = c | 32
    if (lc >= 97 && lc <= 122) {
        // basic command: letter + optional digits
        b[i] = lc - 32
        const name = String.fromCharCode(lc - 32)
        i++
        let v = 0
        let digits = 0
        while (i < n && b[i] >= 48 && b[i] <= 57 && digits < MAX_DIGITS) {
            v = v * 10 + b[i] - 48
            i++
            digits++
        }
        if (i !== n) return null
        return { name, form: EXEC, args: [v] }
    }
    if (c !== 43) return null // '+'
    const start = i
    i++
    while (i < n) {
        c = b[i]
        if (c >= 97 && c <= 122) b[i] = c - 32
        else if (
            !(
                (c >= 65 && c <= 90) ||
                (c >= 48 && c <= 57) ||
                c === 33 ||
                c === 37 ||
                c === 45 ||
                c === 46 ||
                c === 47 ||
                c === 58 ||
                c === 95
            )
        )
            break
        i++
    }
    if (i === start + 1) return null
    const name = b.slice(start, i).toString()
    while (i < n && (b[i] === 32 || b[i] === 9)) i++
    if (i === n) return { name, form: EXEC, args: [] }
    if (b[i] === 63) return i + 1 === n ? { name, form: READ, args: [] } : null // '?'
    if (b[i] !== 61) return null // '='
    i++
    while (i < n && (b[i] === 32 || b[i] === 9)) i++
    if (i === n) return { name, form: SET, args: [] }
    if (b[i] === 63) {
        i++
        while (i < n && (b[i] === 32 || b[i] === 9)) i++
        return i === n ? { name, form: TEST, args: [] } : null
    }
    const args: AtArg[] = []
    for (;;) {
        // at a value (blanks skipped)
        c = i < n ? b[i] : 44
        if (c === 34) {
            const s = i + 1
            i = s
            while (i < n && b[i] !== 34) i++
            if (i === n) return null // unterminated string
            args.push(b.slice(s, i).toString())
            i++
        } else if (c >= 48 && c <= 57) {
            let v = 0
            const s = i
            while (i < n && b[i] >= 48 && b[i] <= 57) {
                v = v * 10 + b[i] - 48
                i++
            }
            if (i - s > MAX_DIGITS) return null
            args.push(v)
        } else if (c === 44) {
            args.push(undefined)
        } else return null
        while (i < n && (b[i] === 32 || b[i] === 9)) i++
        if (i === n) return { name, form: SET, args }
        if (b[i] !== 44) return null
        i++
        while (i < n && (b[i] === 32 || b[i] === 9)) i++
    }
}
