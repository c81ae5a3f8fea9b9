// The AT command table: one entry per command, with a handler per form.
//
// A handler answers with a result code: OK (0), ERROR (-1) or a Security AT error code (901..910, printed as
// `+SSL ERROR: <code>`). Information text goes out through ctx.reply() before the handler returns; the engine
// writes the final result code.
export const OK = 0
export const ERROR = -1
/** Result codes 800..899 are WIP errors, printed `+CME ERROR: <code>` (or `ERROR` with AT+CMEE=0). */
export const CME_FIRST = 800
export const CME_LAST = 899

/** Form of an extended command: `AT+X` exec, `AT+X=...` set, `AT+X?` read, `AT+X=?` test. */
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
    setEcho(on: boolean): void
    echo(): boolean
    /**
     * Enter data mode: send `prompt` as is, then route every byte from the host to this command (readData)
     * until closeData() or the handler returns. `limit` is how many bytes the command means to read: at most
     * `limit` + MAX_PENDING unread bytes are held (what follows the data may be the next command lines);
     * beyond that bytes are dropped and overrun() turns true.
     */
    openData(prompt: string, limit: number): Promise<void>
    /** Next bytes of data (at most `max`), or null if none arrived within `timeoutMs`. */
    readData(max: number, timeoutMs: number): Promise<Buffer>
    /** Leave data mode; bytes received and not read are handled as command lines again. */
    closeData(): void
    overrun(): boolean
    /** Send raw bytes to the host (data mode output: downloads). */
    write(data: Buffer): Promise<void>
    /** Send an unsolicited result line (`\r\n<text>\r\n`) right after this command's final result code. */
    urcAfter(text: string): void
}

export type AtHandler = (ctx: AtContext, args: AtArg[]) => Promise<number>

export interface AtCommand {
    /** `AT+X` (or, for basic commands like E and I, `ATX<n>` with args [n]) */
    exec?: AtHandler
    /** `AT+X=<args>` */
    set?: AtHandler
    /** `AT+X?` */
    read?: AtHandler
    /** `AT+X=?` */
    test?: AtHandler
}

/** Command table: upper-case name without `AT` (`+SSLINIT`, `E`, `I`) -> entry. */
export type AtTable = { [name: string]: AtCommand }
