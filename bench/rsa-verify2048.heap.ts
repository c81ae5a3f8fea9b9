// Peak heap of an RSA-2048 PKCS#1 v1.5 verify (e = 65537, context built inside). See bench/heap.mjs.
import { digest } from "@devicescript/crypto"
import { holdBallast, heapDone, RUN_OP } from "./heaplib"
import { rsaVerifyPkcs1 } from "../src/crypto/rsa"
import { cases } from "./rsavectors"

const keep = holdBallast()
const c = cases[0]
if (RUN_OP) {
    if (!(await rsaVerifyPkcs1({ n: c.n, e: c.e }, "sha256", digest("sha256", c.msg), c.sig))) throw new Error("bad")
}
heapDone(keep)
