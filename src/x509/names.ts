// Host name matching (RFC 6125) over subjectAltName entries.
//
// A host name is matched against the dNSName entries of subjectAltName only; an IPv4 literal against the
// iPAddress entries only (IPv6 literals are not supported: they never match). The subject common name is
// never used (RFC 6125 6.4.4 allows it only without any subjectAltName; sslat refuses such certificates with
// E_NO_SAN, as current browsers do). Wildcards: "*" only as the whole left-most label ("*.example.com"),
// matching exactly one non-empty label, never a partial label ("f*.example.com"), never with fewer than two
// labels after it ("*.com"). Comparison is ASCII case-insensitive; a trailing dot on either side is ignored.
import { open, pause, any, P, END, VS, VE } from "./der"
import { Certificate } from "./cert"
import { X509_OK, E_HOSTNAME, E_NO_SAN } from "./errors"

function lowerNoDot(s: string): string {
    s = s.toLowerCase()
    return s[s.length - 1] === "." ? s.slice(0, s.length - 1) : s
}

/**
 * Checks the certificate's subjectAltName against `host` (a DNS name or an IPv4 literal).
 * Returns X509_OK, E_NO_SAN or E_HOSTNAME.
 */
export async function matchHost(c: Certificate, host: string): Promise<number> {
    if (c.sanS < 0) return E_NO_SAN
    // an IPv4 literal against iPAddress [7] entries (as hex), a name against dNSName [2] entries
    // hex of the 4 bytes of an IPv4 literal ("a.b.c.d", decimal, no leading zeros), else ""
    const parts = host.split(".")
    let ip = parts.length === 4 ? "" : null
    for (let i = 0; i < 4 && ip !== null; i++) {
        const v = parseInt(parts[i])
        ip = +!(v >= 0 && v <= 255) | +("" + v !== parts[i]) ? null : ip + Buffer.from([v]).toString("hex")
    }
    const h = lowerNoDot(host)
    const hd = h.indexOf(".")
    // the wildcard pattern that covers h: "*" + the part after its first label, with at least two labels
    const w = hd > 0 && h.indexOf(".", hd + 1) > hd + 1 ? "*" + h.slice(hd) : h
    if (!h || h.indexOf("*") >= 0) return E_HOSTNAME
    open(c.buf, c.sanS, c.sanE)
    while (P < END) {
        await pause(30)
        if (any() === (ip ? 0x87 : 0x82)) {
            const v = c.buf.slice(VS, VE)
            const p = ip ? v.toString("hex") : lowerNoDot(v.toString())
            if (+(p === (ip || h)) | +(p === w)) return X509_OK
        }
    }
    return E_HOSTNAME
}
