// File store paths: absolute, `/`-separated, printable ASCII. The directory of `/dir/ca.pem` is `/dir`; the
// directory of `/ca.pem` is `/`.

/** Longest path accepted (bytes); every file is charged a record for a path this long (docs/STORE.md). */
export const PATH_MAX = 64

/**
 * True for a valid file path: starts with `/`, 2..PATH_MAX characters in 0x21..0x7e except `"` and `\`,
 * no empty, `.` or `..` component, no trailing `/`.
 */
export function validPath(p: string): boolean {
    if (typeof p !== "string") return false
    const n = p.length
    if (n < 2 || n > PATH_MAX || p.charCodeAt(0) !== 47) return false
    let compStart = 1
    for (let i = 1; i <= n; i++) {
        const c = i < n ? p.charCodeAt(i) : 47
        if (c === 47) {
            const len = i - compStart
            if (len === 0) return false
            if (len === 1 && p.charCodeAt(compStart) === 46) return false
            if (len === 2 && p.charCodeAt(compStart) === 46 && p.charCodeAt(compStart + 1) === 46) return false
            compStart = i + 1
        } else if (c < 0x21 || c > 0x7e || c === 34 || c === 92) return false
    }
    return true
}

/** Directory of a valid path: `/dir/ca.pem` → `/dir`, `/ca.pem` → `/`. */
export function dirOf(p: string): string {
    const i = p.lastIndexOf("/")
    return i <= 0 ? "/" : p.slice(0, i)
}

/**
 * Normalizes a directory argument (`/dir`, `/dir/`, `/`); returns null when it is not a valid directory.
 */
export function normDir(d: string): string {
    if (typeof d !== "string") return null
    if (d === "/") return d
    if (d.length > 1 && d.charCodeAt(d.length - 1) === 47) d = d.slice(0, d.length - 1)
    return validPath(d) ? d : null
}
