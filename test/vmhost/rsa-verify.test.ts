// Verifies node:crypto signatures (see test/node/rsa-verify.test.mjs, which writes ../gen/rsa_verify).
import { describe, test } from "@devicescript/test"
import { rsaVerifyPkcs1, rsaVerifyPss, RsaHash } from "../../src/crypto/rsa"
import "../../src/crypto/sha1" // SHA-1 cases (the firmware does not carry SHA-1; importing sha1.ts plugs it in)
import { keys, cases } from "../gen/rsa_verify"

describe("RSA verify vs node:crypto", () => {
    cases.forEach(c => {
        test(c.what, async () => {
            const k = keys[c.key]
            const key = { n: k.n, e: k.e }
            const alg = c.alg as RsaHash
            const got =
                c.scheme === "pss"
                    ? await rsaVerifyPss(key, alg, c.digest, c.sig, c.saltLen)
                    : await rsaVerifyPkcs1(key, alg, c.digest, c.sig)
            if (got !== c.ok) throw new Error("expected " + c.ok + ", got " + got)
        })
    })
})
