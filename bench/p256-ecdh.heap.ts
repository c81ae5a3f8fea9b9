// Peak heap of a P-256 ECDH shared secret (peer point validated, constant-time scalar multiplication, affine
// conversion). See bench/heap.mjs.
import { holdBallast, heapDone, RUN_OP } from "./heaplib"
import { P256 } from "../src/crypto/p256"
import { ecdhShared } from "../src/crypto/ecdh"

const keep = holdBallast()
const d = Buffer.from("7d7dc5f71eb29ddaf80d6214632eeae03d9058af1fb6d22ed80badb62bc1a534", "hex")
const q = Buffer.from(
    "04700c48f77f56584c5cc632ca65640db91b6bacce3a4df6b42ce7cc838833d287db71e509e3fd9b060ddb20ba5c51dcc5948d46fbf640dfe0441782cab85fa4ac",
    "hex",
)
if (RUN_OP) {
    if (!(await ecdhShared(P256, d, q))) throw new Error("bad")
}
heapDone(keep)
