// Verifies node:crypto signatures (see test/node/rsa-verify.test.mjs, which writes ../gen/rsa_verify).
import { describe, test } from "@devicescript/test"
import { rsaVerifyPkcs1, RsaHash } from "../../src/crypto/rsa"
import { keys, cases } from "../gen/rsa_verify"

describe("RSA verify vs node:crypto", () => {
    cases.forEach(c => {
        test(c.what, async () => {
            const k = keys[c.key]
            const got = await rsaVerifyPkcs1({ n: k.n, e: k.e }, c.alg as RsaHash, c.digest, c.sig)
            if (got !== c.ok) throw new Error("expected " + c.ok + ", got " + got)
        })
    })
})
