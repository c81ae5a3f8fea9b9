// The AT command table: one entry per command name, one handler for all forms of a command (a handler may
// serve several commands: it gets the name).
//
// A handler answers with a result code: OK (0), ERROR (-1) or a Security AT error code (901..910, printed as
// `+SSL ERROR: <code>`), or with a string: one information response, then OK. Information text can also go
// out through ctx.reply() before the handler returns; the engine writes the final result code.
export const OK = 0
export const ERROR = -1
/** Result codes 800..899 are WIP errors, printed `+CME ERROR: <code>` (or `ERROR` with AT+CMEE=0). */
export const CME_FIRST = 800
export const CME_LAST = 899

/** Form of an extended command: `AT+X` exec, `AT+X=...` set, `AT+X?` read, `AT+X=?` test (form >= READ: a read or test form). */
export const EXEC = 0
export const SET = 1
export const READ = 2
export const TEST = 3

/** A parameter: a quoted string, a decimal number, or undefined when omitted (`AT+X=1,,3`). */
export type AtArg = string | number | undefined

/** What a running command can do with the link (implemented by AtEngine). */
export interface AtContext {
    /** Send one information response, framed `\r\n<text>\r\n` (lines of a multi-line text joined by `\r\n`). */
    reply(text: string): Promise<void>
    /** Echo on/off (ATE). */
    echoOn: boolean
    /**
     * Enter data mode: send `prompt` as is, then route every byte from the host to this command (readData)
     * until closeData() or the handler returns. `limit` is how many bytes the command means to read: at most
     * `limit` + MAX_PENDING unread bytes are held (what follows the data may be the next command lines);
     * beyond that bytes are dropped.
     */
    openData(prompt: string, limit: number): Promise<void>
    /** Next bytes of data (at most `max`), or null if none arrived within `timeoutMs`. */
    readData(max: number, timeoutMs: number): Promise<Buffer>
    /** Leave data mode; bytes received and not read are handled as command lines again. */
    closeData(): void
    /** Send raw bytes to the host (data mode output: downloads). */
    out: (data: Buffer) => Promise<void>
    /** Unsolicited result lines, each framed `\r\n<text>\r\n`, to send right after this command's final result code. */
    urcs: string
}

/**
 * A command's handler, one for all its forms (EXEC, SET, READ, TEST); `name` is the table key, so one handler
 * can serve several commands. A form the command lacks answers ERROR. It returns a result code, or a string:
 * an information response (as ctx.reply() sends it) followed by OK.
 */
export type AtHandler = (ctx: AtContext, args: AtArg[], form: number, name: string) => Promise<number | string>

/** Command table: upper-case name without `AT` (`+SSLINIT`, `E`, `I`) -> handler. */
export type AtTable = { [name: string]: AtHandler }
