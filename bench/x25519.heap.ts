// Peak heap of one X25519 scalar multiplication (RFC 7748 5.2 vector 1). See bench/heap.mjs.
import { holdBallast, heapDone, RUN_OP } from "./heaplib"
import { x25519 } from "../src/crypto/x25519"

const keep = holdBallast()
const k = Buffer.from("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4", "hex")
const u = Buffer.from("e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c", "hex")
if (RUN_OP) {
    if (!(await x25519(k, u))) throw new Error("bad")
}
heapDone(keep)
