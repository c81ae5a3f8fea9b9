// Test certificates made with node:crypto: a small DER encoder and a certificate builder that can produce the
// exact defects the X.509 tests need (validity windows, extensions with any criticality, wrong issuers,
// broken signatures), signed for real with node's RSA / ECDSA.
import { createHash, generateKeyPairSync, sign, X509Certificate, constants } from "node:crypto"

// ---- DER ----
function len(n) {
    if (n < 0x80) return Buffer.from([n])
    const b = []
    while (n) {
        b.unshift(n & 0xff)
        n = Math.floor(n / 256)
    }
    return Buffer.from([0x80 | b.length, ...b])
}
export const tlv = (tag, content) => Buffer.concat([Buffer.from([tag]), len(content.length), content])
export const seq = (...items) => tlv(0x30, Buffer.concat(items.filter(Boolean)))
export const set = (...items) => tlv(0x31, Buffer.concat(items))
export const ctx = (n, content, constructed = true) => tlv((constructed ? 0xa0 : 0x80) | n, content)
export const nul = () => Buffer.from([5, 0])
export const bool = v => tlv(1, Buffer.from([v ? 0xff : 0]))
export const octet = b => tlv(4, b)
export const bits = (b, unused = 0) => tlv(3, Buffer.concat([Buffer.from([unused]), b]))
export function int(v) {
    let b
    if (Buffer.isBuffer(v)) b = v
    else {
        let h = BigInt(v).toString(16)
        if (h.length & 1) h = "0" + h
        b = Buffer.from(h, "hex")
    }
    let i = 0
    while (i < b.length - 1 && b[i] === 0 && !(b[i + 1] & 0x80)) i++
    b = b.subarray(i)
    if (b[0] & 0x80) b = Buffer.concat([Buffer.from([0]), b])
    return tlv(2, b)
}
export function oid(s) {
    const p = s.split(".").map(Number)
    const out = [40 * p[0] + p[1]]
    for (const v of p.slice(2)) {
        const b = [v & 0x7f]
        let x = Math.floor(v / 128)
        while (x) {
            b.unshift(0x80 | (x & 0x7f))
            x = Math.floor(x / 128)
        }
        out.push(...b)
    }
    return tlv(6, Buffer.from(out))
}
const utf8 = s => tlv(0x0c, Buffer.from(s, "utf8"))
const ia5 = s => tlv(0x16, Buffer.from(s, "latin1"))
function time(d) {
    const iso = new Date(d).toISOString() // 2026-11-25T02:50:08.000Z
    const y = +iso.slice(0, 4)
    const s = iso.slice(2, 4) + iso.slice(5, 7) + iso.slice(8, 10) + iso.slice(11, 13) + iso.slice(14, 16) + iso.slice(17, 19) + "Z"
    return y >= 1950 && y < 2050 ? tlv(0x17, Buffer.from(s)) : tlv(0x18, Buffer.from(iso.slice(0, 2) + s))
}

export const OID = {
    cn: "2.5.4.3",
    o: "2.5.4.10",
    rsa: "1.2.840.113549.1.1.1",
    sha256rsa: "1.2.840.113549.1.1.11",
    sha384rsa: "1.2.840.113549.1.1.12",
    sha1rsa: "1.2.840.113549.1.1.5",
    pss: "1.2.840.113549.1.1.10",
    ecdsa256: "1.2.840.10045.4.3.2",
    ecdsa384: "1.2.840.10045.4.3.3",
    bc: "2.5.29.19",
    ku: "2.5.29.15",
    eku: "2.5.29.37",
    san: "2.5.29.17",
    nc: "2.5.29.30",
    ski: "2.5.29.14",
    serverAuth: "1.3.6.1.5.5.7.3.1",
    clientAuth: "1.3.6.1.5.5.7.3.2",
}

export function name(cn, o = "sslat test") {
    return seq(set(seq(oid(OID.o), utf8(o))), set(seq(oid(OID.cn), utf8(cn))))
}

// ---- keys ----
const keyCache = {}
/** "rsa2048" | "rsa1024" | "rsa4096" | "p256" | "p384"; `tag` gives distinct keys of one type */
export function key(type, tag = "") {
    const id = type + "/" + tag
    if (keyCache[id]) return keyCache[id]
    let kp
    if (type.startsWith("rsa")) kp = generateKeyPairSync("rsa", { modulusLength: +type.slice(3) })
    else kp = generateKeyPairSync("ec", { namedCurve: type === "p256" ? "P-256" : "P-384" })
    kp.type = type
    keyCache[id] = kp
    return kp
}

// ---- extensions ----
const ext = (id, critical, value) => seq(oid(id), critical ? bool(true) : null, octet(value))
export const extBC = (ca, pathLen, critical = true) => ext(OID.bc, critical, seq(ca ? bool(true) : null, pathLen !== undefined ? int(pathLen) : null))
/** ku: list of bit numbers */
export function extKU(kuBits, critical = true) {
    let v = 0
    for (const b of kuBits) v |= 1 << b
    const bytes = v > 0xff ? Buffer.from([(v & 0xff), v >> 8]) : Buffer.from([v & 0xff])
    // bit i of KeyUsage = bit (7 - i%8) of byte i/8
    const out = Buffer.alloc(bytes.length)
    for (const b of kuBits) out[b >> 3] |= 0x80 >> (b & 7)
    let last = out[out.length - 1]
    let unused = 0
    while (unused < 7 && !(last & (1 << unused))) unused++
    return ext(OID.ku, critical, bits(out, unused))
}
export const extEKU = (oids, critical = false) => ext(OID.eku, critical, seq(...oids.map(oid)))
/** entries: "dns:x", "ip:1.2.3.4", "email:x" */
export function generalName(e) {
    const [t, v] = [e.slice(0, e.indexOf(":")), e.slice(e.indexOf(":") + 1)]
    if (t === "dns") return tlv(0x82, Buffer.from(v, "latin1"))
    if (t === "email") return tlv(0x81, Buffer.from(v, "latin1"))
    if (t === "uri") return tlv(0x86, Buffer.from(v, "latin1"))
    if (t === "ip") return tlv(0x87, ipBytes(v))
    if (t === "ipnet") {
        const [a, m] = v.split("/")
        const ab = ipBytes(a)
        const mask = Buffer.alloc(ab.length)
        for (let i = 0; i < +m; i++) mask[i >> 3] |= 0x80 >> (i & 7)
        return tlv(0x87, Buffer.concat([ab, mask]))
    }
    if (t === "dir") return ctx(4, name(v))
    if (t === "diro") return ctx(4, seq(set(seq(oid(OID.o), utf8(v)))))
    throw new Error("general name " + e)
}
function ipBytes(s) {
    if (s.includes(":")) {
        const [h, t] = s.split("::")
        const hw = h ? h.split(":") : []
        const tw = t !== undefined && t ? t.split(":") : []
        const words = [...hw, ...Array(8 - hw.length - tw.length).fill("0"), ...tw]
        return Buffer.from(words.map(w => w.padStart(4, "0")).join(""), "hex")
    }
    return Buffer.from(s.split(".").map(Number))
}
export const extSAN = (entries, critical = false) => ext(OID.san, critical, seq(...entries.map(generalName)))
export const extNC = (permitted, excluded, critical = true) =>
    ext(OID.nc, critical, seq(
        permitted && permitted.length ? ctx(0, Buffer.concat(permitted.map(e => seq(generalName(e))))) : null,
        excluded && excluded.length ? ctx(1, Buffer.concat(excluded.map(e => seq(generalName(e))))) : null))
export const extRaw = (id, critical, value) => ext(id, critical, value)

// ---- certificates ----
function spki(kp) {
    return kp.publicKey.export({ type: "spki", format: "der" })
}
function sigAlgFor(signerKp, alg) {
    const t = signerKp.type
    if (t.startsWith("rsa")) {
        if (alg === "pss256")
            return seq(oid(OID.pss), seq(ctx(0, seq(oid("2.16.840.1.101.3.4.2.1"), nul())),
                ctx(1, seq(oid("1.2.840.113549.1.1.8"), seq(oid("2.16.840.1.101.3.4.2.1"), nul()))), ctx(2, int(32))))
        return seq(oid(alg === "sha384" ? OID.sha384rsa : alg === "sha1" ? OID.sha1rsa : OID.sha256rsa), nul())
    }
    return seq(oid(alg === "sha384" ? OID.ecdsa384 : alg === "sha1" ? "1.2.840.10045.4.1" : OID.ecdsa256))
}
function doSign(signerKp, alg, tbs) {
    if (alg === "pss256")
        return sign("sha256", tbs, { key: signerKp.privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 })
    return sign(alg === "sha384" ? "sha384" : alg === "sha1" ? "sha1" : "sha256", tbs, signerKp.privateKey)
}

const DAY = 86400000
let serial = 1000
/**
 * opts: cn, key (kp), issuer ({cn, key, o}) (default self), notBefore/notAfter (ms), exts (array of DER
 * extensions; null = v1 certificate), alg ("sha256" | "sha384" | "sha1" | "pss256"), o (organization),
 * tamper (flip a signature bit), mutate(tbs) → tbs.
 */
export function cert(opts) {
    const now = Date.now()
    const issuer = opts.issuer || { cn: opts.cn, key: opts.key, o: opts.o }
    const alg = opts.alg || "sha256"
    const sa = sigAlgFor(issuer.key, alg)
    const exts = opts.exts === undefined ? [] : opts.exts
    let tbs = seq(
        exts === null ? null : ctx(0, int(2)),
        int(opts.serial || ++serial),
        sa,
        name(issuer.cn, issuer.o),
        seq(time(opts.notBefore ?? now - DAY), time(opts.notAfter ?? now + 30 * DAY)),
        name(opts.cn, opts.o),
        opts.spki || spki(opts.key),
        exts && exts.length ? ctx(3, seq(...exts)) : null
    )
    if (opts.mutate) tbs = opts.mutate(tbs)
    const sig = doSign(issuer.key, alg, tbs)
    if (opts.tamper) sig[sig.length >> 1] ^= 0x01
    const der = seq(tbs, sa, bits(sig))
    return { der, cn: opts.cn, key: opts.key, o: opts.o }
}

export const CA_EXTS = (pathLen, extra = []) => [extBC(true, pathLen), extKU([5, 6]), ...extra]
export const LEAF_EXTS = (sans, extra = []) => [extBC(false), extKU([0, 2]), extEKU([OID.serverAuth, OID.clientAuth]), extSAN(sans), ...extra]

/** [sha256(tbs) hex, key tail hex] pairs where node says `c` is signed by `k`, over all certs × keys */
export function oracle(certs, keys) {
    const out = new Set()
    for (const c of certs) {
        let x
        try {
            x = new X509Certificate(c)
        } catch {
            continue
        }
        for (const k of keys) {
            let ok = false
            try {
                ok = x.verify(k.publicKey)
            } catch {}
            if (ok) out.add(oracleKey(c, k))
        }
    }
    return [...out]
}
/** digest of the TBS (as the VM computes it) : last 8 bytes of the key's n / point */
export function oracleKey(certDer, kp) {
    // tbs = first element of the certificate SEQUENCE
    const h = hdr(certDer, 0)
    const t = hdr(certDer, h.vs)
    const tbs = certDer.subarray(h.vs, t.ve)
    const dig = createHash("sha256").update(tbs).digest("hex")
    return dig.slice(0, 32) + ":" + keyTail(kp)
}
export function keyTail(kp) {
    const j = kp.publicKey.export({ format: "jwk" })
    const b = Buffer.from(j.n || j.y, "base64url")
    return b.subarray(b.length - 8).toString("hex")
}
function hdr(b, p) {
    let l = b[p + 1]
    let vs = p + 2
    if (l & 0x80) {
        const n = l & 0x7f
        l = 0
        for (let i = 0; i < n; i++) l = l * 256 + b[vs + i]
        vs += n
    }
    return { vs, ve: vs + l }
}

export const pem = (label, der) => `-----BEGIN ${label}-----\n${der.toString("base64").match(/.{1,64}/g).join("\n")}\n-----END ${label}-----\n`
