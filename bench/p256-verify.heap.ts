// Peak heap of an ECDSA P-256 verification (two 16-entry point tables, interleaved double multiplication).
// See bench/heap.mjs.
import { holdBallast, heapDone, RUN_OP } from "./heaplib"
import { P256 } from "../src/crypto/p256"
import { ecdsaVerify } from "../src/crypto/ecdsa"

const keep = holdBallast()
const h = (s: string) => Buffer.from(s, "hex")
// RFC 6979 A.2.5, SHA-256, message "sample"
const pub = h(
    "0460fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb67903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299",
)
const hash = h("af2bdbe1aa9b6ec1e2ade1d694f41fc71a831d0268e9891562113d8a62add1bf")
const r = h("efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716")
const s = h("f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8")
if (RUN_OP) {
    if (!(await ecdsaVerify(P256, pub, hash, r, s))) throw new Error("bad")
}
heapDone(keep)
