// Test PKI made at test time with the openssl CLI: CA chains (RSA-2048 or ECDSA P-256/P-384) of 2 or 3
// certificates, server leaves for chosen host names, expired leaves. Everything lives in a temp directory.
import { execFileSync } from "node:child_process"
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { X509Certificate } from "node:crypto"

function ossl(args, cwd) {
    return execFileSync("openssl", args, { cwd, stdio: ["ignore", "pipe", "pipe"] }).toString()
}

const CA_EXT = `basicConstraints=critical,CA:TRUE
keyUsage=critical,keyCertSign,cRLSign
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid
`
function leafExt(hosts, rsa) {
    const san = hosts.map(h => (/^[0-9.]+$/.test(h) || h.includes(":") ? "IP:" : "DNS:") + h).join(",")
    return `basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature${rsa ? ",keyEncipherment" : ""}
extendedKeyUsage=serverAuth,clientAuth
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid
subjectAltName=${san}
`
}

/** PEM → DER buffer (first block). */
export function pemToDer(pem) {
    const b64 = pem
        .split(/\r?\n/)
        .filter(l => l && !l.startsWith("-----"))
        .join("")
    return Buffer.from(b64, "base64")
}

export class Pki {
    constructor() {
        this.dir = mkdtempSync(join(tmpdir(), "sslat-pki-"))
        this.n = 0
    }
    cleanup() {
        rmSync(this.dir, { recursive: true, force: true })
    }
    path(name) {
        return join(this.dir, name)
    }
    /** Generates a key: "rsa" (2048), "rsa1024", "p256", "p384". Returns its file name. */
    key(type) {
        const f = `k${++this.n}.pem`
        const args =
            type === "rsa" || type === "rsa2048"
                ? ["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"]
                : type === "rsa1024"
                ? ["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:1024"]
                : type === "p256"
                ? ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"]
                : type === "p384"
                ? ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384"]
                : null
        if (!args) throw new Error("unknown key type " + type)
        ossl(["genpkey", ...args, "-out", f], this.dir)
        return f
    }
    /** Self-signed root. */
    root(cn, keyType) {
        const key = this.key(keyType)
        const crt = `c${++this.n}.pem`
        writeFileSync(this.path("ca.ext"), CA_EXT)
        ossl(["req", "-x509", "-new", "-key", key, "-subj", "/O=sslat test/CN=" + cn, "-days", "30", "-sha256",
            "-extensions", "v3_ca", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
            "-addext", "basicConstraints=critical,CA:TRUE", "-out", crt], this.dir)
        return this._cert(crt, key)
    }
    /**
     * Certificate signed by `issuer`. opts: { ca: bool, hosts: [...], days, expired: bool, keyType }.
     * Expired certificates are valid from 400 to 100 days ago (made with `openssl ca`).
     */
    issue(issuer, cn, opts) {
        const key = this.key(opts.keyType)
        const csr = `r${++this.n}.csr`
        const crt = `c${this.n}.pem`
        const ext = `e${this.n}.ext`
        ossl(["req", "-new", "-key", key, "-subj", "/O=sslat test/CN=" + cn, "-out", csr], this.dir)
        writeFileSync(this.path(ext), opts.ca ? CA_EXT : leafExt(opts.hosts || [], opts.keyType.startsWith("rsa")))
        if (opts.expired) {
            const db = `db${this.n}`
            writeFileSync(this.path(db + ".txt"), "")
            const conf = `[ca]
default_ca = c
[c]
database = ${this.path(db + ".txt")}
new_certs_dir = ${this.dir}
serial = ${this.path(db + ".srl")}
default_md = sha256
policy = p
unique_subject = no
[p]
commonName = supplied
organizationName = optional
`
            writeFileSync(this.path(db + ".srl"), "1000\n")
            writeFileSync(this.path(db + ".cnf"), conf)
            const day = 86400000
            const fmt = t => new Date(t).toISOString().replace(/[-:T]/g, "").slice(2, 14) + "Z"
            ossl(["ca", "-batch", "-config", db + ".cnf", "-cert", issuer.certFile, "-keyfile", issuer.keyFile,
                "-in", csr, "-out", crt, "-extfile", ext, "-notext",
                "-startdate", fmt(Date.now() - 400 * day), "-enddate", fmt(Date.now() - 100 * day)], this.dir)
        } else {
            ossl(["x509", "-req", "-in", csr, "-CA", issuer.certFile, "-CAkey", issuer.keyFile, "-CAcreateserial",
                "-days", String(opts.days || 30), "-sha256", "-extfile", ext, "-out", crt], this.dir)
        }
        return this._cert(crt, key)
    }
    _cert(crt, key) {
        const certPem = readFileSync(this.path(crt), "utf8")
        return {
            certFile: this.path(crt),
            keyFile: this.path(key),
            certPem,
            keyPem: readFileSync(this.path(key), "utf8"),
            der: pemToDer(certPem),
            x509: new X509Certificate(certPem),
        }
    }
    /**
     * A server chain: root → [intermediate] → leaf. opts: { keyType ("rsa"|"p256"|...), caKeyType, length (2|3),
     * hosts (default ["localhost"]), expired }.
     * Returns { root, inter, leaf, chainPem (leaf + intermediate: what a server sends), chainFile, keyFile, caPem,
     * caFile, caDer }.
     */
    chain(name, opts = {}) {
        const keyType = opts.keyType || "p256"
        const caKeyType = opts.caKeyType || keyType
        const root = this.root(`${name} root CA`, caKeyType)
        let issuer = root
        let inter = null
        if ((opts.length || 3) >= 3) {
            inter = this.issue(root, `${name} intermediate CA`, { ca: true, keyType: caKeyType })
            issuer = inter
        }
        const leaf = this.issue(issuer, opts.cn || "localhost", {
            keyType,
            hosts: opts.hosts || ["localhost"],
            expired: opts.expired,
        })
        const chainPem = leaf.certPem + (inter ? inter.certPem : "")
        const chainFile = this.path(`chain${++this.n}.pem`)
        writeFileSync(chainFile, chainPem)
        return {
            root,
            inter,
            leaf,
            chainPem,
            chainFile,
            keyFile: leaf.keyFile,
            keyPem: leaf.keyPem,
            caPem: root.certPem,
            caFile: root.certFile,
            caDer: root.der,
        }
    }
}
