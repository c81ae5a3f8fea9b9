// File store paths: absolute, `/`-separated, printable ASCII. The directory of `/dir/ca.pem` is `/dir`; the
// directory of `/ca.pem` is `/`.

/** Longest path accepted (bytes); every new file is charged a record for a path this long (docs/STORE.md). */
export const PATH_MAX = 64

/**
 * True for a valid file path: starts with `/`, 2..PATH_MAX characters in 0x21..0x7e except `"` and `\`,
 * no empty, `.` or `..` component (so no trailing `/`).
 */
export function validPath(p: string): boolean {
    if (typeof p !== "string" || p.length < 2 || p.length > PATH_MAX || p[0] !== "/") return false
    for (let i = 0; i < p.length; i++) {
        const c = p.charCodeAt(i)
        if (c < 0x21 || c > 0x7e || c === 34 || c === 92) return false
    }
    const q = p + "/"
    if (q.indexOf("//") >= 0 || q.indexOf("/./") >= 0 || q.indexOf("/../") >= 0) return false
    return true
}

/** Directory of a valid path: `/dir/ca.pem` → `/dir`, `/ca.pem` → `/`. */
export function dirOf(p: string): string {
    const i = p.lastIndexOf("/")
    return i ? p.slice(0, i) : "/"
}
