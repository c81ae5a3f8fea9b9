// Shared by the TLS engine drivers: test chains, the servers of the interop matrix, and the gen module text.
import { nodeTlsServer, opensslServer } from "./tlsservers.mjs"

export const SUITES13 = ["TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256"]
/** TLS 1.2 suites as [IANA, OpenSSL] per key type */
export const SUITES12 = {
    rsa: [
        ["TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "ECDHE-RSA-AES128-GCM-SHA256"],
        ["TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "ECDHE-RSA-AES256-GCM-SHA384"],
        ["TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "ECDHE-RSA-CHACHA20-POLY1305"],
    ],
    ec: [
        ["TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "ECDHE-ECDSA-AES128-GCM-SHA256"],
        ["TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "ECDHE-ECDSA-AES256-GCM-SHA384"],
        ["TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "ECDHE-ECDSA-CHACHA20-POLY1305"],
    ],
}

/** A server of the matrix: kind "node" or "openssl", version "1.3" / "1.2", suite (IANA), chain. */
export async function startServer(kind, version, suite, chain, extra = {}) {
    if (kind === "node") {
        const o = { chain, minVersion: "TLSv" + version, maxVersion: "TLSv" + version, ...extra }
        if (version === "1.3") o.ciphers = suite || undefined
        else o.ciphers = suite ? openssl12(suite) : undefined
        return await nodeTlsServer(o)
    }
    const o = { chain, versions: version, ...extra }
    if (version === "1.3") o.suites = suite || undefined
    else o.cipher = suite ? openssl12(suite) : undefined
    return await opensslServer(o)
}

function openssl12(iana) {
    for (const k of ["rsa", "ec"]) for (const [a, b] of SUITES12[k]) if (a === iana) return b
    throw new Error("no OpenSSL name for " + iana)
}

/** TypeScript literal of a value for a gen module (Buffers as hex`` literals). */
export function tsLit(v) {
    if (Buffer.isBuffer(v)) return "hex`" + v.toString("hex") + "`"
    if (Array.isArray(v)) return "[" + v.map(tsLit).join(", ") + "]"
    if (v === null || v === undefined) return "undefined"
    if (typeof v === "object")
        return "{ " + Object.entries(v).map(([k, x]) => `${k}: ${tsLit(x)}`).join(", ") + " }"
    return JSON.stringify(v)
}
