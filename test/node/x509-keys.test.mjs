// Private keys in every format (made by node:crypto and the openssl CLI) parsed in the VM and compared with
// node's JWK export, and the AT+SSLSETOPTS file check (checkSecurityFiles) over CA / client certificate / key
// files with the exact 90x code each must give. Writes test/gen/x509_keys.ts, runs test/vmhost/x509-keys.test.ts and
// test/vmhost/x509-store.test.ts (the same files through the real store, password-protected directories included).
import { randomBytes } from "node:crypto"
import { execFileSync } from "node:child_process"
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { writeGen } from "../lib/vm.mjs"
import { vmTestFile } from "../lib/vmtest.mjs"
import { cert, key, CA_EXTS, LEAF_EXTS, extRaw, extEKU, extSAN, OID, seq, octet, pem } from "../lib/x509gen.mjs"

const DAY = 86400000
const now = Date.now()
const b64u = s => Buffer.from(s, "base64url").toString("hex").replace(/^(00)+/, "")
const PW = "key pass"

// ---- keys ----
const rsa = key("rsa2048", "client")
const rsa2 = key("rsa2048", "other client")
const ec = key("p256", "client")
const ec384 = key("p384", "client")
const exp = (kp, type, format, extra = {}) => kp.privateKey.export({ type, format, ...extra })
const dir = mkdtempSync(join(tmpdir(), "sslat-keys-"))
const ossl = (args, input) => execFileSync("openssl", args, { cwd: dir, input, stdio: ["pipe", "pipe", "pipe"] })
let opensslNoPub, opensslGenRsa, opensslAes128Sha1, ed25519
try {
    writeFileSync(join(dir, "ec.pem"), exp(ec, "sec1", "pem"))
    opensslNoPub = ossl(["ec", "-in", "ec.pem", "-no_public"]).toString()
    opensslGenRsa = ossl(["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"]).toString()
    writeFileSync(join(dir, "rsa.pem"), exp(rsa, "pkcs8", "pem"))
    opensslAes128Sha1 = ossl(["pkcs8", "-topk8", "-in", "rsa.pem", "-v2", "aes-128-cbc", "-v2prf", "hmacWithSHA1", "-passout", "pass:" + PW]).toString()
    ed25519 = ossl(["genpkey", "-algorithm", "ED25519"]).toString()
} finally {
    rmSync(dir, { recursive: true, force: true })
}
const jwkRsa = kp => {
    const j = kp.privateKey.export({ format: "jwk" })
    return ["n", "e", "d", "p", "q", "dp", "dq", "qi"].map(f => b64u(j[f])).join(",")
}
const jwkEc = kp => {
    const j = kp.privateKey.export({ format: "jwk" })
    return [b64u(j.d), "04" + Buffer.from(j.x, "base64url").toString("hex") + Buffer.from(j.y, "base64url").toString("hex")].join(",")
}
const pemDer = p => Buffer.from(p.split("\n").filter(l => l && !l.startsWith("-----")).join(""), "base64")
// [name, key file hex, "rsa"|"ec256"|"ec384", expected fields]
const keyFields = [
    ["PKCS#1 RSA PEM", Buffer.from(exp(rsa, "pkcs1", "pem")), "rsa", jwkRsa(rsa)],
    ["PKCS#1 RSA DER", exp(rsa, "pkcs1", "der"), "rsa", jwkRsa(rsa)],
    ["PKCS#8 RSA PEM", Buffer.from(exp(rsa, "pkcs8", "pem")), "rsa", jwkRsa(rsa)],
    ["PKCS#8 RSA DER", exp(rsa, "pkcs8", "der"), "rsa", jwkRsa(rsa)],
    ["SEC1 P-256 PEM", Buffer.from(exp(ec, "sec1", "pem")), "ec256", jwkEc(ec)],
    ["SEC1 P-256 DER", exp(ec, "sec1", "der"), "ec256", jwkEc(ec)],
    ["PKCS#8 P-256 DER", exp(ec, "pkcs8", "der"), "ec256", jwkEc(ec)],
    ["SEC1 P-384 PEM", Buffer.from(exp(ec384, "sec1", "pem")), "ec384", jwkEc(ec384)],
    ["PKCS#8 P-384 PEM", Buffer.from(exp(ec384, "pkcs8", "pem")), "ec384", jwkEc(ec384)],
    ["SEC1 P-256 without public key (openssl ec -no_public)", Buffer.from(opensslNoPub), "ec256", jwkEc(ec)],
].map(([n, b, t, f]) => [n, b.toString("hex"), t, f])

// ---- certificates ----
const caKey = key("rsa2048", "root")
const ca = cert({ cn: "Keys Root", key: caKey, exts: CA_EXTS() })
const ca2 = cert({ cn: "Keys Root 2", key: key("p256", "root2"), exts: CA_EXTS() })
const caExpired = cert({ cn: "Old Root", key: caKey, exts: CA_EXTS(), notBefore: now - 90 * DAY, notAfter: now - DAY })
const caCrit = cert({ cn: "Crit Root", key: caKey, exts: CA_EXTS(undefined, [extRaw("1.3.6.1.4.1.99999.2", true, seq(octet(Buffer.from("y"))))]) })
const ca1024 = cert({ cn: "Weak Root", key: key("rsa1024", "root"), exts: CA_EXTS() })
const clientExts = [extEKU([OID.clientAuth]), extSAN(["dns:client.example"])]
const crtRsa = cert({ cn: "client rsa", key: rsa, issuer: ca, exts: clientExts })
const crtEc = cert({ cn: "client ec", key: ec, issuer: ca, exts: clientExts })
const crtEc384 = cert({ cn: "client ec384", key: ec384, issuer: ca, exts: clientExts })
const crtServerOnly = cert({ cn: "server only", key: rsa, issuer: ca, exts: [extEKU([OID.serverAuth])] })
const crtExpired = cert({ cn: "client old", key: rsa, issuer: ca, exts: clientExts, notBefore: now - 90 * DAY, notAfter: now - DAY })
const P = d => pem("CERTIFICATE", d.der)
const truncPem = p => p.slice(0, p.length - 80) + "\n-----END CERTIFICATE-----\n"

const files = {
    "/c/ca.pem": P(ca),
    "/c/bundle.pem": P(ca2) + P(caExpired) + P(ca),
    "/c/ca.der": ca.der,
    "/c/bundle.der": Buffer.concat([ca2.der, ca.der]),
    "/c/garbage.pem": "this is not a certificate\n",
    "/c/trunc.pem": truncPem(P(ca)),
    "/c/keyonly.pem": exp(rsa, "pkcs8", "pem"),
    "/c/expired.pem": P(caExpired),
    "/c/crit.pem": P(caCrit),
    "/c/weak.pem": P(ca1024),
    "/c/garbage.der": randomBytes(200),
    "/k/rsa.crt": P(crtRsa),
    "/k/ec.crt": P(crtEc),
    "/k/ec384.crt": P(crtEc384),
    "/k/ec2.crt": P(cert({ cn: "client ec 2", key: key("p256", "other client"), issuer: ca, exts: clientExts })),
    "/k/serveronly.crt": P(crtServerOnly),
    "/k/expired.crt": P(crtExpired),
    "/k/combined.pem": P(crtRsa) + exp(rsa, "pkcs1", "pem"),
    "/k/rsa-pkcs1.pem": exp(rsa, "pkcs1", "pem"),
    "/k/rsa-pkcs1.der": exp(rsa, "pkcs1", "der"),
    "/k/rsa-pkcs8.pem": exp(rsa, "pkcs8", "pem"),
    "/k/rsa-pkcs8.der": exp(rsa, "pkcs8", "der"),
    "/k/rsa-openssl.pem": opensslGenRsa,
    "/k/rsa-other.pem": exp(rsa2, "pkcs8", "pem"),
    "/k/ec-sec1.pem": exp(ec, "sec1", "pem"),
    "/k/ec-sec1.der": exp(ec, "sec1", "der"),
    "/k/ec-pkcs8.pem": exp(ec, "pkcs8", "pem"),
    "/k/ec384-sec1.pem": exp(ec384, "sec1", "pem"),
    "/k/ec-nopub.pem": opensslNoPub,
    "/k/rsa-enc.pem": exp(rsa, "pkcs8", "pem", { cipher: "aes-256-cbc", passphrase: PW }),
    "/k/rsa-enc-sha1prf.pem": opensslAes128Sha1,
    "/k/rsa-legacy-enc.pem": exp(rsa, "pkcs1", "pem", { cipher: "aes-256-cbc", passphrase: PW }),
    "/k/ed25519.pem": ed25519,
    "/k/garbage.der": randomBytes(300),
    "/k/trunc.der": exp(rsa, "pkcs1", "der").subarray(0, 600),
}
// [name, ca, cert, key, key password, expected code]
const F = (name, ca, crt, k, code, pw = "") => [name, ca, crt, k, pw, String(code)]
const checks = [
    F("nothing set", "", "", "", 0),
    F("CA PEM", "/c/ca.pem", "", "", 0),
    F("CA bundle PEM (one expired among them)", "/c/bundle.pem", "", "", 0),
    F("CA DER", "/c/ca.der", "", "", 0),
    F("CA bundle kept as DER (concatenation)", "/c/bundle.der", "", "", 0),
    F("CA file missing (store error passed through)", "/c/none.pem", "", "", 905),
    F("CA file of text", "/c/garbage.pem", "", "", 908),
    F("CA file of random bytes", "/c/garbage.der", "", "", 908),
    F("CA PEM with a truncated body", "/c/trunc.pem", "", "", 908),
    F("CA file holding only a key", "/c/keyonly.pem", "", "", 908),
    F("CA file with only an expired certificate", "/c/expired.pem", "", "", 908),
    F("CA with an unknown critical extension", "/c/crit.pem", "", "", 908),
    F("CA with an RSA-1024 key", "/c/weak.pem", "", "", 908),
    // /c/huge.pem is made in the VM (copies of /c/ca.pem)
    F("CA file larger than the parser allows", "/c/huge.pem", "", "", 904),
    F("RSA client cert + PKCS#1 PEM key", "/c/ca.pem", "/k/rsa.crt", "/k/rsa-pkcs1.pem", 0),
    F("RSA client cert + PKCS#1 DER key", "", "/k/rsa.crt", "/k/rsa-pkcs1.der", 0),
    F("RSA client cert + PKCS#8 PEM key", "", "/k/rsa.crt", "/k/rsa-pkcs8.pem", 0),
    F("RSA client cert + PKCS#8 DER key", "", "/k/rsa.crt", "/k/rsa-pkcs8.der", 0),
    F("one PEM file with certificate and key for options 0 and 2", "", "/k/combined.pem", "/k/combined.pem", 0),
    F("P-256 client cert + SEC1 PEM key", "", "/k/ec.crt", "/k/ec-sec1.pem", 0),
    F("P-256 client cert + SEC1 DER key", "", "/k/ec.crt", "/k/ec-sec1.der", 0),
    F("P-256 client cert + PKCS#8 key", "", "/k/ec.crt", "/k/ec-pkcs8.pem", 0),
    F("P-384 client cert + SEC1 key", "", "/k/ec384.crt", "/k/ec384-sec1.pem", 0),
    F("RSA key of another certificate", "", "/k/rsa.crt", "/k/rsa-other.pem", 910),
    F("openssl-generated RSA key of another certificate", "", "/k/rsa.crt", "/k/rsa-openssl.pem", 910),
    F("P-256 key for an RSA certificate", "", "/k/rsa.crt", "/k/ec-sec1.pem", 910),
    F("P-256 key for a P-384 certificate", "", "/k/ec384.crt", "/k/ec-sec1.pem", 910),
    F("SEC1 key without its public key (computed from the scalar)", "", "/k/ec.crt", "/k/ec-nopub.pem", 0),
    F("SEC1 key without its public key, for another P-256 certificate", "", "/k/ec2.crt", "/k/ec-nopub.pem", 910),
    F("encrypted PKCS#8 (not supported)", "", "/k/rsa.crt", "/k/rsa-enc.pem", 910, PW),
    F("encrypted PKCS#8 with PBKDF2-HMAC-SHA1 (not supported)", "", "/k/rsa.crt", "/k/rsa-enc-sha1prf.pem", 910, PW),
    F("legacy encrypted PEM key", "", "/k/rsa.crt", "/k/rsa-legacy-enc.pem", 910, PW),
    F("Ed25519 key", "", "/k/rsa.crt", "/k/ed25519.pem", 910),
    F("random bytes as key", "", "/k/rsa.crt", "/k/garbage.der", 910),
    F("truncated DER key", "", "/k/rsa.crt", "/k/trunc.der", 910),
    F("key file missing", "", "/k/rsa.crt", "/k/none.pem", 905),
    F("client cert of random bytes", "", "/c/garbage.der", "/k/rsa-pkcs1.pem", 909),
    F("client cert without clientAuth", "", "/k/serveronly.crt", "/k/rsa-pkcs1.pem", 909),
    F("expired client cert", "", "/k/expired.crt", "/k/rsa-pkcs1.pem", 909),
    F("client cert without a key", "", "/k/rsa.crt", "", 910),
    F("key without a client cert", "", "", "/k/rsa-pkcs1.pem", 909),
    F("CA checked first", "/c/garbage.pem", "/c/garbage.der", "/k/garbage.der", 908),
]

const paths = Object.keys(files)
const datas = "[\n" + paths.map(p => "    hex`" + Buffer.from(files[p]).toString("hex") + "`").join(",\n") + "\n]"
writeGen(
    "x509_keys",
    "// generated by test/node/x509-keys.test.mjs\n" +
        `export const KEYS: string[][] = ${JSON.stringify(keyFields.map(k => [k[0], k[2], k[3]]), null, 1)}\n` +
        `export const KEY_DATA: Buffer[] = [\n${keyFields.map(k => "    hex`" + k[1] + "`").join(",\n")}\n]\n` +
        `export const PATHS: string[] = ${JSON.stringify(paths)}\n` +
        `export const DATAS: Buffer[] = ${datas}\n` +
        `export const CHECKS: string[][] = ${JSON.stringify(checks, null, 1)}\n` +
        `export const NOW = ${Math.floor(now / 1000)}\n`
)
vmTestFile("test/vmhost/x509-keys.test.ts", { timeoutMs: 300000 })
vmTestFile("test/vmhost/x509-store.test.ts", { timeoutMs: 300000 })
