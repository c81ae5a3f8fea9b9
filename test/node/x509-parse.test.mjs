// Certificate parsing in the VM against node's X509Certificate (fields of generated certificates and of
// certificates made by the openssl CLI), host name matching (RFC 6125 cases), and robustness: every
// truncation of a certificate's content and random byte flips must end in a clean X509Error.
// Writes test/gen/x509_parse.ts and runs test/vmhost/x509-parse.test.ts.
import { X509Certificate } from "node:crypto"
import { execFileSync } from "node:child_process"
import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { writeGen } from "../lib/vm.mjs"
import { vmTestFile } from "../lib/vmtest.mjs"
import { cert, key, CA_EXTS, LEAF_EXTS, extSAN, extBC, extKU, extEKU, OID } from "../lib/x509gen.mjs"

const now = Date.now()
const DAY = 86400000
const root = cert({ cn: "Parse Root", key: key("rsa2048", "root"), exts: CA_EXTS(3) })
const list = [
    ["node RSA root", root.der],
    ["node P-256 leaf", cert({ cn: "leaf.example", key: key("p256", "leaf"), issuer: root, exts: LEAF_EXTS(["dns:leaf.example", "ip:10.0.0.1"]) }).der],
    ["node P-384 leaf, GeneralizedTime after 2049", cert({ cn: "far", key: key("p384", "leaf"), issuer: root, notAfter: Date.UTC(2051, 5, 30, 12, 0, 0), exts: LEAF_EXTS(["dns:far.example"]) }).der],
    ["node v1 certificate", cert({ cn: "v1", key: key("p256", "leaf"), issuer: root, exts: null }).der],
    ["node UTCTime before 2000", cert({ cn: "old", key: key("p256", "leaf"), issuer: root, notBefore: Date.UTC(1999, 11, 31, 23, 59, 59), exts: [extBC(false)] }).der],
]

// certificates made by the openssl CLI (a real CA tool's encoding: SKI/AKI, PrintableString names, ...)
const dir = mkdtempSync(join(tmpdir(), "sslat-x509-"))
const ossl = args => execFileSync("openssl", args, { cwd: dir, stdio: ["ignore", "pipe", "pipe"] })
try {
    ossl(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "10", "-sha256",
        "-subj", "/C=FR/O=sslat openssl/CN=OpenSSL Root", "-addext", "basicConstraints=critical,CA:TRUE,pathlen:1",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign"])
    ossl(["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "srv.key", "-out", "srv.csr",
        "-subj", "/C=FR/O=sslat openssl/CN=srv.example"])
    const ext = join(dir, "srv.ext")
    execFileSync("sh", ["-c", `printf 'basicConstraints=critical,CA:FALSE\\nkeyUsage=critical,digitalSignature\\nextendedKeyUsage=serverAuth\\nsubjectAltName=DNS:srv.example,DNS:*.srv.example,IP:192.0.2.7\\nsubjectKeyIdentifier=hash\\nauthorityKeyIdentifier=keyid\\n' > ${ext}`])
    ossl(["x509", "-req", "-in", "srv.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-days", "5", "-sha256", "-extfile", ext, "-out", "srv.pem"])
    for (const f of ["ca.pem", "srv.pem"]) list.push(["openssl " + f, new X509Certificate(readFileSync(join(dir, f))).raw])
} finally {
    rmSync(dir, { recursive: true, force: true })
}

// what node reads from each: serial hex, notBefore, notAfter (s), CA flag, key kind/bits, SAN string
const fields = list.map(([name, der]) => {
    const x = new X509Certificate(der)
    const kd = x.publicKey.asymmetricKeyDetails
    const kind = x.publicKey.asymmetricKeyType === "rsa" ? "rsa" + kd.modulusLength : kd.namedCurve === "prime256v1" ? "ec256" : "ec384"
    const sans = (x.subjectAltName || "").split(", ").filter(Boolean).map(s => s.replace(/^DNS:/, "dns:").replace(/^IP Address:/, "ip:")).join(",")
    const cn = (/(?:^|\n)CN=(.*)/.exec(x.subject) || [])[1] || ""
    return [name, der.toString("hex"), x.serialNumber.toLowerCase().replace(/^0+/, ""), String(Date.parse(x.validFrom) / 1000), String(Date.parse(x.validTo) / 1000), x.ca ? "ca" : "", kind, sans, cn]
})

// host name cases against one certificate
const hostCert = cert({
    cn: "hosts",
    key: key("p256", "leaf"),
    issuer: root,
    exts: [extSAN(["dns:*.wild.example", "dns:exact.example", "dns:f*.part.example", "dns:*.com", "dns:*", "dns:UPPER.Example",
        "dns:xn--bcher-kva.example", "dns:trailing.example.", "ip:192.0.2.1", "ip:2001:db8::1", "email:a@b.example"])],
}).der
const M = "host name mismatch"
const hosts = [
    ["a.wild.example", "ok"], ["A.WILD.example", "ok"], ["wild.example", M], ["a.b.wild.example", M], [".wild.example", M],
    ["foo.part.example", M], ["f.part.example", M], ["example.com", M], ["com", M], ["exact.example", "ok"], ["exact.example.", "ok"],
    ["xexact.example", M], ["exact.example.org", M], ["upper.example", "ok"], ["xn--bcher-kva.example", "ok"], ["trailing.example", "ok"],
    ["192.0.2.1", "ok"], ["192.0.2.2", M], ["192.0.2.01", M], ["2001:db8::1", M], ["[2001:db8::1]", M], ["1.2.3", M], ["1.2.3.4.5", M], ["256.0.0.1", M],
    ["1..2.3", M], ["a..example", M], ["a@b.example", M], ["", M], ["*.wild.example", M],
]
const noSan = cert({ cn: "exact.example", key: key("p256", "leaf"), issuer: root, exts: [extKU([0]), extEKU([OID.serverAuth])] }).der

const hex = b => "hex`" + b.toString("hex") + "`"
writeGen(
    "x509_parse",
    "// generated by test/node/x509-parse.test.mjs\n" +
        `export const FIELDS: string[][] = ${JSON.stringify(fields, null, 1)}\n` +
        `export const HOST_CERT = ${hex(hostCert)}\n` +
        `export const NO_SAN_CERT = ${hex(noSan)}\n` +
        `export const HOSTS: string[][] = ${JSON.stringify(hosts)}\n` +
        `export const NOW = ${Math.floor(now / 1000)}\n`
)
vmTestFile("test/vmhost/x509-parse.test.ts", { timeoutMs: 300000 })
