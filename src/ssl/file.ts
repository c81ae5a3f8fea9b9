// AT+SSLFILE: the upload path the seed leaves out of scope (2.3.1), as an extension command over the file
// store (src/store/files.ts). Allowed in every state (files are read when they are used: AT+SSLSETOPTS and
// each TLS connection).
//   AT+SSLFILE=0,"<path>",<size>[,"<pw>"]   prompt `<CR><LF>> `, then exactly <size> raw bytes;
//                                           +SSLFILE: "<path>",<size>,"<sha256 hex>"  (stall of 20 s: 907)
//   AT+SSLFILE=1,"<path>"[,"<pw>"]          delete
//   AT+SSLFILE=2                            +SSLFILE: "<path>",<size> per file, then +SSLFILE: <free bytes>
//   AT+SSLFILE=3,"<path>"[,"<pw>"]          +SSLFILE: "<path>",<size>,"<sha256 hex>"
//   AT+SSLFILE=4,"<dir>","<new pw>"[,"<old pw>"]  set or change a directory password
import { digest } from "@devicescript/crypto"
import { AtArg, AtContext, AtTable, OK } from "../at/table"
import { deleteFile, fileInfo, freeBytes, listFiles, setDirPassword, writeFile } from "../store/files"
import { validPath } from "../store/paths"

const E_OPTION = 901
const E_VALUE = 902
const E_MEMORY = 904
const E_UNKNOWN = 907

/** An upload with no byte for this long is aborted (907) and stores nothing. */
export const UPLOAD_STALL_MS = 20000
/** Largest upload accepted (it is held in RAM before the store writes it); larger sizes answer 904. */
export const MAX_UPLOAD = 12288
/** Prompt that opens the upload's data mode. */
export const PROMPT = "\r\n> "
/** Optional password argument at index i: undefined when absent, null when present but not a string. */
function pwArg(args: AtArg[], i: number): string {
    if (args.length <= i) return undefined
    return typeof args[i] === "string" ? (args[i] as string) : null
}

function fileLine(path: string, size: number, sha: Buffer) {
    return `+SSLFILE: "${path}",${size},"${sha.toString("hex")}"`
}

async function upload(ctx: AtContext, args: AtArg[]) {
    if (args.length < 3 || args.length > 4) return E_OPTION
    const path = args[1]
    const size = args[2]
    const pw = pwArg(args, 3)
    if (!validPath(path as string) || typeof size !== "number" || (size as number) < 1 || pw === null) return E_VALUE
    const n = size as number
    if (n > MAX_UPLOAD) return E_MEMORY
    const data = Buffer.alloc(n)
    await ctx.openData(PROMPT, n)
    let have = 0
    while (have < n) {
        const b = await ctx.readData(n - have, UPLOAD_STALL_MS)
        if (!b) return E_UNKNOWN
        data.blitAt(have, b, 0, b.length)
        have += b.length
    }
    ctx.closeData()
    const err = await writeFile(path as string, data, pw)
    if (err) return err
    await ctx.reply(fileLine(path as string, n, digest("sha256", data)))
    return OK
}

async function sslFile(ctx: AtContext, args: AtArg[]) {
    const mode = args[0]
    const n = args.length
    if (typeof mode !== "number") return E_OPTION
    if (mode === 0) return await upload(ctx, args)
    if (mode === 2) {
        if (n !== 1) return E_OPTION
        const files = await listFiles()
        let s = ""
        for (const f of files) s += `+SSLFILE: "${f.path}",${f.size}\r\n`
        await ctx.reply(s + `+SSLFILE: ${await freeBytes()}`)
        return OK
    }
    if (mode === 1 || mode === 3) {
        if (n < 2 || n > 3) return E_OPTION
        const pw = pwArg(args, 2)
        if (!validPath(args[1] as string) || pw === null) return E_VALUE
        const path = args[1] as string
        if (mode === 1) return await deleteFile(path, pw)
        const r = await fileInfo(path, pw)
        if (r.err) return r.err
        await ctx.reply(fileLine(path, r.size, r.sha256))
        return OK
    }
    if (mode === 4) {
        if (n < 3 || n > 4) return E_OPTION
        const old = pwArg(args, 3)
        // the store checks the directory name (902)
        if (typeof args[1] !== "string" || typeof args[2] !== "string" || old === null) return E_VALUE
        return await setDirPassword(args[1] as string, args[2] as string, old)
    }
    return E_OPTION
}

export function sslFileCommand(t: AtTable) {
    t["+SSLFILE"] = {
        exec: async () => E_OPTION,
        set: sslFile,
        read: async () => OK,
        test: async (ctx: AtContext) => {
            await ctx.reply("+SSLFILE: (0-4)")
            return OK
        },
    }
}
