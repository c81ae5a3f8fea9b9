// AT+SSLFILE: the upload path the seed leaves out of scope (2.3.1), as an extension command over the file
// store (src/store/files.ts). Allowed in every state (files are read when they are used: AT+SSLSETOPTS and
// each TLS connection).
//   AT+SSLFILE=0,"<path>",<size>[,"<pw>"]   prompt `<CR><LF>> `, then exactly <size> raw bytes;
//                                           +SSLFILE: "<path>",<size>,"<sha256 hex>"  (stall of 20 s: 907)
//   AT+SSLFILE=1,"<path>"[,"<pw>"]          delete
//   AT+SSLFILE=2                            +SSLFILE: "<path>",<size> per file, then +SSLFILE: <free bytes>
//   AT+SSLFILE=3,"<path>"[,"<pw>"]          +SSLFILE: "<path>",<size>,"<sha256 hex>"
//   AT+SSLFILE=4,"<dir>","<new pw>"[,"<old pw>"]  set or change a directory password
import { digest } from "../crypto/native"
import { AtArg, AtContext, EXEC, OK, READ, TEST } from "../at/table"
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
/** One handler for all forms; set: modes 0..4 (above). */
export async function sslFile(ctx: AtContext, args: AtArg[], form: number) {
    if (form === READ) return OK
    if (form === TEST) return "+SSLFILE: (0-4)"
    const mode = args[0]
    const n = args.length
    if (form === EXEC) return E_OPTION
    if (typeof mode !== "number") return E_OPTION
    if (mode > 4) return E_OPTION
    if (mode === 2) {
        if (n !== 1) return E_OPTION
        const files = await listFiles()
        let s = ""
        for (const f of files) s += `+SSLFILE: "${f.path}",${f.size}\r\n`
        return s + `+SSLFILE: ${await freeBytes()}`
    }
    // parameters before the optional password: 2 for delete and info, 3 for upload and directory password
    const k = mode & 1 ? 2 : 3 // (modes 1, 3 : 0, 4)
    if (n < k) return E_OPTION
    if (n > k + 1) return E_OPTION
    if (n > k) if (typeof args[k] !== "string") return E_VALUE
    const pw = args[k] as string
    const path = args[1] as string
    if (mode === 4) {
        // the store checks the directory name (902)
        if (typeof path !== "string") return E_VALUE
        if (typeof args[2] !== "string") return E_VALUE
        return await setDirPassword(path, args[2] as string, pw)
    }
    if (!validPath(path)) return E_VALUE
    if (mode === 1) return await deleteFile(path, pw)
    let size = args[2] as number
    let sha: Buffer
    if (mode === 3) {
        const r = await fileInfo(path, pw)
        if (r.err) return r.err
        size = r.size
        sha = r.sha256
    } else {
        // upload
        if (typeof size !== "number") return E_VALUE
        if (size < 1) return E_VALUE
        if (size > MAX_UPLOAD) return E_MEMORY
        const data = Buffer.alloc(size)
        await ctx.openData(PROMPT, size)
        let have = 0
        while (have < size) {
            const b = await ctx.readData(size - have, UPLOAD_STALL_MS)
            if (!b) return E_UNKNOWN
            data.blitAt(have, b, 0, b.length)
            have += b.length
        }
        ctx.closeData()
        const err = await writeFile(path, data, pw)
        if (err) return err
        sha = digest("sha256", data)
    }
    return `+SSLFILE: "${path}",${size},"${sha.toString("hex")}"`
}
