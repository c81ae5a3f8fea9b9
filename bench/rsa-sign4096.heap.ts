// Peak heap of an RSA-4096 PKCS#1 v1.5 signature with CRT (includes the public-key fault check). See bench/heap.mjs.
import { digest } from "@devicescript/crypto"
import { holdBallast, heapDone, RUN_OP } from "./heaplib"
import { rsaSignPkcs1 } from "../src/crypto/rsa"
import { privKeys } from "./rsakeys"

const keep = holdBallast()
if (RUN_OP) await rsaSignPkcs1(privKeys[2], "sha256", digest("sha256", Buffer.from("heap probe")))
heapDone(keep)
