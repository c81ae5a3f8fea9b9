// Path validation in the VM on certificates made here with node:crypto (test/lib/x509gen.mjs): one case per
// defect, each asserting the exact outcome. test/vmhost/x509-path.test.ts covers the path logic with an
// oracle verifier answering what node's X509Certificate.verify answered for the same (certificate, issuer key)
// pair (the digests are computed in the VM); test/vmhost/x509-chain.test.ts runs chains with the real RSA and
// ECDSA of src/crypto (RSA-2048, RSA-4096, RSA-PSS, P-256, P-384) and a TLS 1.3 rsa_pss_rsae CertificateVerify
// through the default verifier. Writes test/gen/x509_path.ts and x509_chain.ts.
import { randomBytes, sign, constants } from "node:crypto"
import { writeGen } from "../lib/vm.mjs"
import { vmTestFile } from "../lib/vmtest.mjs"
import { cert, key, CA_EXTS, LEAF_EXTS, extBC, extKU, extEKU, extSAN, extNC, extRaw, OID, oracle, keyTail, seq, octet } from "../lib/x509gen.mjs"

const DAY = 86400000
const now = Date.now()
const K = {
    root: key("rsa2048", "root"),
    other: key("rsa2048", "other"),
    inter: key("p256", "inter"),
    leaf: key("p256", "leaf"),
    leaf384: key("p384", "leaf"),
    rsaLeaf: key("rsa2048", "leaf"),
    rsa1024: key("rsa1024", "leaf"),
}
const certs = []
const idx = {}
function add(id, c) {
    idx[id] = certs.length
    certs.push(c.der)
    return c
}
const SANS = ["dns:test.example", "ip:127.0.0.1", "ip:::1"]
const leafOf = (issuer, extra = {}) => cert({ cn: "leaf", key: K.leaf, issuer, exts: LEAF_EXTS(SANS), ...extra })

const root = add("root", cert({ cn: "Root", key: K.root, exts: CA_EXTS() }))
const inter = add("inter", cert({ cn: "Inter", key: K.inter, issuer: root, exts: CA_EXTS() }))
add("leaf", leafOf(inter))
const otherRoot = add("otherRoot", cert({ cn: "Other Root", key: K.other, exts: CA_EXTS() }))
add("impostorRoot", cert({ cn: "Root", key: K.other, exts: CA_EXTS() }))
add("unrelated", cert({ cn: "Unrelated", key: K.inter, issuer: otherRoot, exts: CA_EXTS() }))
add("leafExpired", leafOf(inter, { notBefore: now - 60 * DAY, notAfter: now - DAY }))
add("leafFuture", leafOf(inter, { notBefore: now + 10 * DAY, notAfter: now + 40 * DAY }))
add("leafAncient", leafOf(inter, { notBefore: Date.UTC(2019, 0, 1), notAfter: Date.UTC(2020, 0, 1) }))
add("interExpired", cert({ cn: "Inter", key: K.inter, issuer: root, exts: CA_EXTS(), notBefore: now - 90 * DAY, notAfter: now - DAY }))
add("interNotCA", cert({ cn: "Inter", key: K.inter, issuer: root, exts: [extBC(false), extKU([5, 6])] }))
add("interNoBC", cert({ cn: "Inter", key: K.inter, issuer: root, exts: [extKU([5, 6])] }))
add("interV1", cert({ cn: "Inter", key: K.inter, issuer: root, exts: null }))
add("interNoCertSign", cert({ cn: "Inter", key: K.inter, issuer: root, exts: [extBC(true), extKU([0, 6])] }))
add("interClientEku", cert({ cn: "Inter", key: K.inter, issuer: root, exts: [...CA_EXTS(), extEKU([OID.clientAuth])] }))
add("interServerEku", cert({ cn: "Inter", key: K.inter, issuer: root, exts: [...CA_EXTS(), extEKU([OID.serverAuth])] }))
add("leafTampered", leafOf(inter, { tamper: true }))
add("leafNoSan", cert({ cn: "test.example", key: K.leaf, issuer: inter, exts: [extBC(false), extKU([0]), extEKU([OID.serverAuth])] }))
add("leafClientOnly", cert({ cn: "leaf", key: K.leaf, issuer: inter, exts: [extKU([0]), extEKU([OID.clientAuth]), extSAN(SANS)] }))
add("leafAnyEku", cert({ cn: "leaf", key: K.leaf, issuer: inter, exts: [extEKU(["2.5.29.37.0"]), extSAN(SANS)] }))
add("leafKuCertSign", cert({ cn: "leaf", key: K.leaf, issuer: inter, exts: [extKU([5]), extSAN(SANS)] }))
add("leafUnknownCrit", leafOf(inter, { exts: LEAF_EXTS(SANS, [extRaw("1.3.6.1.4.1.99999.1", true, seq(octet(Buffer.from("x"))))]) }))
add("leafUnknownNonCrit", leafOf(inter, { exts: LEAF_EXTS(SANS, [extRaw("1.3.6.1.4.1.99999.1", false, seq(octet(Buffer.from("x"))))]) }))
add("leafSha1", leafOf(inter, { alg: "sha1" }))
add("leafP384", cert({ cn: "leaf", key: K.leaf384, issuer: inter, exts: LEAF_EXTS(SANS) }))
add("leafRsaPss", cert({ cn: "leaf", key: K.rsaLeaf, issuer: root, alg: "pss256", exts: LEAF_EXTS(SANS) }))
add("leafRsaPssTampered", cert({ cn: "leaf", key: K.rsaLeaf, issuer: root, alg: "pss256", exts: LEAF_EXTS(SANS), tamper: true }))
add("leafRsa1024", cert({ cn: "leaf", key: K.rsa1024, issuer: inter, exts: LEAF_EXTS(SANS) }))
// path length
const rootPL0 = add("rootPL0", cert({ cn: "Root PL0", key: K.root, exts: CA_EXTS(0) }))
const interUnderPL0 = add("interUnderPL0", cert({ cn: "Inter PL", key: K.inter, issuer: rootPL0, exts: CA_EXTS() }))
add("leafUnderPL0", leafOf(interUnderPL0))
const interPL0 = add("interPL0", cert({ cn: "Inter PL0", key: K.inter, issuer: root, exts: CA_EXTS(0) }))
const subOfPL0 = add("subOfPL0", cert({ cn: "Sub", key: K.inter, issuer: interPL0, exts: CA_EXTS() }))
add("leafUnderSubPL0", leafOf(subOfPL0))
const interPL1 = add("interPL1", cert({ cn: "Inter PL1", key: K.inter, issuer: root, exts: CA_EXTS(1) }))
const subOfPL1 = add("subOfPL1", cert({ cn: "Sub1", key: K.inter, issuer: interPL1, exts: CA_EXTS() }))
add("leafUnderSubPL1", leafOf(subOfPL1))
// name constraints are not evaluated: critical → the CA is refused; non-critical → ignored
add("interNC", cert({ cn: "Inter", key: K.inter, issuer: root, exts: CA_EXTS(undefined, [extNC(["dns:nc.example"], [])]) }))
add("interNCnonCrit", cert({ cn: "Inter", key: K.inter, issuer: root, exts: CA_EXTS(undefined, [extNC(["dns:nc.example"], [], false)]) }))
// depth: root → d1 → ... → d5 → leaf
let prev = root
for (let i = 1; i <= 5; i++) prev = add("d" + i, cert({ cn: "Depth " + i, key: K.inter, issuer: prev, exts: CA_EXTS() }))
add("leafD5", leafOf(prev))
add("leafD4", leafOf({ cn: "Depth 4", key: K.inter }))
// pinned self-signed server certificate, v1 root, expired root, root without basicConstraints
add("selfSigned", cert({ cn: "self", key: K.leaf, exts: LEAF_EXTS(SANS) }))
add("rootV1", cert({ cn: "Root", key: K.root, exts: null }))
add("rootExpired", cert({ cn: "Root", key: K.root, exts: CA_EXTS(), notBefore: now - 90 * DAY, notAfter: now - DAY }))
add("rootNoBC", cert({ cn: "Root", key: K.root, exts: [extKU([5, 6])] }))
// an all-RSA PKI (PKCS#1 v1.5 SHA-256) for the cases run with the real src/crypto arithmetic
K.rinter = key("rsa2048", "rinter")
K.r4root = key("rsa4096", "root")
K.r4inter = key("rsa4096", "inter")
K.r4leaf = key("rsa4096", "leaf")
const rinter = add("rinter", cert({ cn: "RSA Inter", key: K.rinter, issuer: root, exts: CA_EXTS() }))
add("rleaf", leafOf(rinter))
add("rleafTampered", leafOf(rinter, { tamper: true }))
add("rinterTampered", cert({ cn: "RSA Inter", key: K.rinter, issuer: root, exts: CA_EXTS(), tamper: true }))
add("rleafWrongKey", leafOf({ cn: "RSA Inter", key: K.other }))
add("rleafExpired", leafOf(rinter, { notBefore: now - 60 * DAY, notAfter: now - DAY }))
const r4root = add("r4root", cert({ cn: "RSA4096 Root", key: K.r4root, exts: CA_EXTS() }))
const r4inter = add("r4inter", cert({ cn: "RSA4096 Inter", key: K.r4inter, issuer: r4root, exts: CA_EXTS() }))
add("r4leaf", cert({ cn: "leaf", key: K.r4leaf, issuer: r4inter, exts: LEAF_EXTS(SANS) }))
add("r4leafTampered", cert({ cn: "leaf", key: K.r4leaf, issuer: r4inter, exts: LEAF_EXTS(SANS), tamper: true }))

K.p384inter = key("p384", "inter")
const p384inter = add("p384inter", cert({ cn: "P-384 Inter", key: K.p384inter, issuer: root, exts: CA_EXTS() }))
add("leafUnderP384", leafOf(p384inter))
add("leafUnderP384Tampered", leafOf(p384inter, { tamper: true }))

const leafDer = certs[idx.leaf]
idx.truncated = certs.length
certs.push(leafDer.subarray(0, leafDer.length - 10))
idx.garbage = certs.length
certs.push(randomBytes(300))

// [name, presented ids, anchor ids, host, now ("now" | "unknown"), expected result name]
const C = (name, chain, anchors, expect, host = "test.example", when = "now") => [name, chain.join(","), anchors.join(","), host, when, expect]
const OK = "ok"
const cases = [
    C("valid chain (RSA root, P-256 intermediate and leaf)", ["leaf", "inter"], ["root"], OK),
    C("unordered chain with an extra certificate and the root", ["leaf", "unrelated", "root", "inter"], ["root"], OK),
    C("CA bundle of three roots", ["leaf", "inter"], ["otherRoot", "rootPL0", "root"], OK),
    C("IPv4 host", ["leaf", "inter"], ["root"], OK, "127.0.0.1"),
    C("IPv6 host (not supported: never matches)", ["leaf", "inter"], ["root"], "host name mismatch", "::1"),
    C("host name case and trailing dot", ["leaf", "inter"], ["root"], OK, "TEST.Example."),
    C("wrong host", ["leaf", "inter"], ["root"], "host name mismatch", "other.example"),
    C("wrong IP", ["leaf", "inter"], ["root"], "host name mismatch", "127.0.0.2"),
    C("no host given: not checked", ["leaf", "inter"], ["root"], OK, ""),
    C("missing intermediate", ["leaf"], ["root"], "unknown issuer"),
    C("wrong issuer (CA file of another CA)", ["leaf", "inter"], ["otherRoot"], "unknown issuer"),
    C("impostor root with the same name, other key", ["leaf", "inter"], ["impostorRoot"], "bad signature"),
    C("bad signature on the leaf", ["leafTampered", "inter"], ["root"], "bad signature"),
    C("expired leaf", ["leafExpired", "inter"], ["root"], "certificate expired"),
    C("not-yet-valid leaf", ["leafFuture", "inter"], ["root"], "certificate not yet valid"),
    C("expired intermediate", ["leaf", "interExpired"], ["root"], "certificate expired"),
    C("expired intermediate, a valid one also presented", ["leaf", "interExpired", "inter"], ["root"], OK),
    C("expired root", ["leaf", "inter"], ["rootExpired"], "certificate expired"),
    C("clock unknown: not-yet-valid leaf accepted", ["leafFuture", "inter"], ["root"], OK, "test.example", "unknown"),
    C("clock unknown: leaf expired before the time floor", ["leafAncient", "inter"], ["root"], "certificate expired", "test.example", "unknown"),
    C("non-CA intermediate (cA false)", ["leaf", "interNotCA"], ["root"], "issuer is not a CA"),
    C("intermediate without basicConstraints", ["leaf", "interNoBC"], ["root"], "issuer is not a CA"),
    C("v1 intermediate", ["leaf", "interV1"], ["root"], "issuer is not a CA"),
    C("v1 root as anchor", ["leaf", "inter"], ["rootV1"], OK),
    C("root without basicConstraints as anchor", ["leaf", "inter"], ["rootNoBC"], "issuer is not a CA"),
    C("intermediate keyUsage without keyCertSign", ["leaf", "interNoCertSign"], ["root"], "key usage"),
    C("intermediate EKU clientAuth only", ["leaf", "interClientEku"], ["root"], "extended key usage"),
    C("intermediate EKU serverAuth", ["leaf", "interServerEku"], ["root"], OK),
    C("root pathLen 0 with one intermediate", ["leafUnderPL0", "interUnderPL0"], ["rootPL0"], "path length exceeded"),
    C("intermediate pathLen 0 with a sub-CA", ["leafUnderSubPL0", "subOfPL0", "interPL0"], ["root"], "path length exceeded"),
    C("intermediate pathLen 1 with a sub-CA", ["leafUnderSubPL1", "subOfPL1", "interPL1"], ["root"], OK),
    C("missing subjectAltName (CN is the host)", ["leafNoSan", "inter"], ["root"], "no subjectAltName"),
    C("leaf EKU clientAuth only", ["leafClientOnly", "inter"], ["root"], "extended key usage"),
    C("leaf EKU anyExtendedKeyUsage", ["leafAnyEku", "inter"], ["root"], OK),
    C("leaf keyUsage keyCertSign only", ["leafKuCertSign", "inter"], ["root"], "key usage"),
    C("leaf with an unknown critical extension", ["leafUnknownCrit", "inter"], ["root"], "unsupported critical extension"),
    C("leaf with an unknown non-critical extension", ["leafUnknownNonCrit", "inter"], ["root"], OK),
    C("leaf signed with SHA-1", ["leafSha1", "inter"], ["root"], "unsupported algorithm"),
    C("P-384 leaf key", ["leafP384", "inter"], ["root"], OK),
    C("RSA-PSS signed RSA leaf", ["leafRsaPss"], ["root"], OK),
    C("RSA-1024 leaf key", ["leafRsa1024", "inter"], ["root"], "key size"),
    C("intermediate with critical nameConstraints (not evaluated: refused)", ["leaf", "interNC"], ["root"], "unsupported critical extension"),
    C("intermediate with non-critical nameConstraints (ignored)", ["leaf", "interNCnonCrit"], ["root"], OK),
    C("path of 6 (4 intermediates) is allowed", ["leafD4", "d4", "d3", "d2", "d1"], ["root"], OK),
    C("path of 7 (5 intermediates) exceeds the depth limit", ["leafD5", "d5", "d4", "d3", "d2", "d1"], ["root"], "chain too long"),
    C("self-signed server certificate pinned in the CA file", ["selfSigned"], ["selfSigned"], OK),
    C("self-signed server certificate not in the CA file", ["selfSigned"], ["root"], "unknown issuer"),
    C("truncated leaf", ["truncated", "inter"], ["root"], "malformed DER"),
    C("garbage leaf", ["garbage", "inter"], ["root"], "malformed DER"),
    C("garbage extra certificate is ignored", ["leaf", "garbage", "inter"], ["root"], OK),
]

const realCases = [
    C("valid RSA-2048 chain", ["rleaf", "rinter"], ["root"], OK),
    C("unordered RSA chain with extras", ["rleaf", "unrelated", "root", "rinter"], ["otherRoot", "root"], OK),
    C("bad leaf signature", ["rleafTampered", "rinter"], ["root"], "bad signature"),
    C("bad intermediate signature", ["rleaf", "rinterTampered"], ["root"], "bad signature"),
    C("leaf signed by another key under the intermediate's name", ["rleafWrongKey", "rinter"], ["root"], "bad signature"),
    C("impostor root (same name, other key)", ["rleaf", "rinter"], ["impostorRoot"], "bad signature"),
    C("wrong issuer", ["rleaf", "rinter"], ["otherRoot"], "unknown issuer"),
    C("expired leaf", ["rleafExpired", "rinter"], ["root"], "certificate expired"),
    C("ECDSA P-256 intermediate signing a P-256 leaf", ["leaf", "inter"], ["root"], OK),
    C("ECDSA P-256: bad leaf signature", ["leafTampered", "inter"], ["root"], "bad signature"),
    C("ECDSA P-384 intermediate (ecdsa-with-SHA256)", ["leafUnderP384", "p384inter"], ["root"], OK),
    C("ECDSA P-384: bad leaf signature", ["leafUnderP384Tampered", "p384inter"], ["root"], "bad signature"),
    C("3-certificate RSA-4096 chain", ["r4leaf", "r4inter"], ["r4root"], OK),
    C("3-certificate RSA-4096 chain, bad leaf signature", ["r4leafTampered", "r4inter"], ["r4root"], "bad signature"),
    C("RSA-PSS (SHA-256) leaf signed by the RSA root", ["leafRsaPss"], ["root"], OK),
    C("RSA-PSS: bad leaf signature", ["leafRsaPssTampered"], ["root"], "bad signature"),
]

// a TLS 1.3 CertificateVerify (rsa_pss_rsae_sha256, salt = 32) by the key of leafRsaPss, as a server signs it
const cvContent = Buffer.concat([Buffer.alloc(64, 0x20), Buffer.from("TLS 1.3, server CertificateVerify\0"), randomBytes(32)])
const cvSig = sign("sha256", cvContent, { key: K.rsaLeaf.privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 })

const allKeys = Object.values(K)
const orc = oracle(certs, allKeys)
const hexArr = arr => "[\n" + arr.map(b => "    hex`" + b.toString("hex") + "`").join(",\n") + "\n]"
writeGen(
    "x509_path",
    "// generated by test/node/x509-path.test.mjs\n" +
        `export const NOW = ${Math.floor(now / 1000)}\n` +
        `export const IDX: Record<string, number> = ${JSON.stringify(idx)}\n` +
        `export const CERTS: Buffer[] = ${hexArr(certs)}\n` +
        `export const CASES: string[][] = ${JSON.stringify(cases, null, 1)}\n` +

        `export const ORACLE: string[] = ${JSON.stringify(orc)}\n`
)
// the cases run with the real arithmetic get their own program (and heap): only the certificates they use
const used = [...new Set(realCases.flatMap(c => (c[1] + "," + c[2]).split(",")))]
const ridx = Object.fromEntries(used.map((id, i) => [id, i]))
writeGen(
    "x509_chain",
    "// generated by test/node/x509-path.test.mjs\n" +
        `export const NOW = ${Math.floor(now / 1000)}\n` +
        `export const IDX: Record<string, number> = ${JSON.stringify(ridx)}\n` +
        `export const CERTS: Buffer[] = ${hexArr(used.map(id => certs[idx[id]]))}\n` +
        `export const CASES: string[][] = ${JSON.stringify(realCases, null, 1)}\n` +
        `export const CV_CERT = "leafRsaPss"\n` +
        `export const CV: Buffer[] = ${hexArr([cvContent, cvSig])}\n`
)
vmTestFile("test/vmhost/x509-path.test.ts", { timeoutMs: 300000 })
vmTestFile("test/vmhost/x509-chain.test.ts", { timeoutMs: 300000 })
