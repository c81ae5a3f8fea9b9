// File store paths: absolute, `/`-separated, printable ASCII. The directory of `/dir/ca.pem` is `/dir`; the
// directory of `/ca.pem` is `/`.

/** Longest path accepted (bytes); every new file is charged a record for a path this long (docs/STORE.md). */
export const PATH_MAX = 64

/** the characters of a path: 0x21..0x7e except `"` and `\` */
const PATH_CHARS = "!#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~"

/**
 * True for a valid file path: starts with `/`, 2..PATH_MAX characters in 0x21..0x7e except `"` and `\`,
 * no empty, `.` or `..` component (so no trailing `/`). With `dir`: a valid directory, that is also `/`.
 */
export function validPath(p: string, dir?: boolean): boolean {
    if (dir) if (p === "/") return true
    if (typeof p !== "string") return false
    // (length - 2) >>> 0 is above PATH_MAX - 2 for a length below 2 too
    if ((p.length - 2) >>> 0 > PATH_MAX - 2) return false
    if (p[0] !== "/") return false
    for (let i = 0; i < p.length; i++) if (PATH_CHARS.indexOf(p[i]) < 0) return false
    const q = p + "/"
    if (q.indexOf("//") >= 0) return false
    if (q.indexOf("/./") >= 0) return false
    return q.indexOf("/../") < 0
}

/** Directory of a valid path: `/dir/ca.pem` → `/dir`, `/ca.pem` → `/`. */
export function dirOf(p: string): string {
    const i = p.lastIndexOf("/")
    return i ? p.slice(0, i) : "/"
}
