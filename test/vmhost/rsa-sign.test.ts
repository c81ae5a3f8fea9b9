// Our RSA signatures and PKCS#1 v1.5 ciphertexts checked by node:crypto over loopback TCP (see
// test/node/rsa-sign.test.mjs, which writes ../gen/rsa_sign and serves the checks).
import { describe, test, expect } from "@devicescript/test"
import { hash } from "../../src/crypto/digest"
import { connect } from "@devicescript/net"
import { rsaSignPkcs1, rsaSignPss, rsaEncryptPkcs1, rsaVerifyPkcs1, rsaVerifyPss, RsaPrivateKey, RsaHash } from "../../src/crypto/rsa"
import { port, keys, cases } from "../gen/rsa_sign"

// one connection, opened before the tests start (the socket library logs connection events, which would
// otherwise be read as test lines by the harness)
const sock = await connect({ host: "127.0.0.1", port: port, proto: "tcp" })

async function ask(line: string): Promise<string> {
    await sock.send(line + "\n")
    return await sock.readLine()
}

describe("RSA private key and encryption vs node:crypto", () => {
    cases.forEach((c, idx) => {
        const k = keys[c.key] as RsaPrivateKey
        const bits = keys[c.key].bits
        if (c.op === "sign") {
            test(bits + " " + c.scheme + " " + c.alg + " signature verified by node; tampered copy rejected", async () => {
                const alg = c.alg as RsaHash
                const h = await hash(alg, c.msg)
                const sig = c.scheme === "pss" ? await rsaSignPss(k, alg, h, c.saltLen) : await rsaSignPkcs1(k, alg, h)
                expect(sig.length).toBe(k.n.length)
                expect(await ask("V " + idx + " " + sig.toString("hex"))).toBe("1")
                // our own verifier agrees
                const ok =
                    c.scheme === "pss" ? await rsaVerifyPss(k, alg, h, sig, c.saltLen) : await rsaVerifyPkcs1(k, alg, h, sig)
                expect(ok).toBe(true)
                const bad = sig.slice(0)
                bad[bad.length >> 1] ^= 4
                expect(await ask("V " + idx + " " + bad.toString("hex"))).toBe("0")
            })
        } else {
            test(bits + " PKCS#1 v1.5 encryption of " + c.msg.length + " bytes decrypted by node", async () => {
                const ct = await rsaEncryptPkcs1(k, c.msg)
                expect(ct.length).toBe(k.n.length)
                const got = await ask("D " + idx + " " + ct.toString("hex"))
                if (got !== c.msg.toString("hex") + " ok") throw new Error("node decrypted: " + got)
                // fresh random padding each time
                const ct2 = await rsaEncryptPkcs1(k, c.msg)
                expect(ct2.toString("hex") === ct.toString("hex")).toBe(false)
            })
        }
    })
})
