// Differential tests against node:crypto (data and the verifying server from test/node/ec-diff.test.mjs).
import { describe, test, expect } from "@devicescript/test"
import { connect } from "@devicescript/net"
import { P256 } from "../../src/crypto/p256"
import { P384 } from "../../src/crypto/p384"
import { WCurve } from "../../src/crypto/ec-weier"
import { ecdhShared, ecPublicKey } from "../../src/crypto/ecdh"
import { ecdsaSign, ecdsaVerify, ecdsaSigFromDer, HashId } from "../../src/crypto/ecdsa"
import { x25519, x25519Base } from "../../src/crypto/x25519"
import { PORT, bad, ecdh, signs, smallOrder, ver, x25519 as xcases } from "../gen/ec_diff"

function curve(name: string): WCurve {
    return name === "p256" ? P256 : P384
}

describe("ecdh vs node", () => {
    ecdh.forEach((e, i) => {
        test(e.curve + " key pair " + i + ": public key and shared secret", async () => {
            expect((await ecPublicKey(curve(e.curve), e.d)).toString("hex")).toBe(e.pub.toString("hex"))
            expect((await ecdhShared(curve(e.curve), e.d, e.peer)).toString("hex")).toBe(e.z.toString("hex"))
        })
    })
    bad.forEach(b => {
        test(b.curve + " rejects " + b.what, async () => {
            expect(await ecdhShared(curve(b.curve), ecdh[0].d.slice(0, curve(b.curve).bytes), b.pub)).toBe(null)
        })
    })
    xcases.forEach((e, i) => {
        test("x25519 key pair " + i, async () => {
            expect((await x25519Base(e.d)).toString("hex")).toBe(e.pub.toString("hex"))
            expect((await x25519(e.d, e.peer)).toString("hex")).toBe(e.z.toString("hex"))
        })
    })
    test("x25519 small-order points give null", async () => {
        for (const u of smallOrder) expect(await x25519(xcases[0].d, u)).toBe(null)
    })
})

describe("ecdsa verify: node signatures", () => {
    ver.forEach(v => {
        test(v.what, async () => {
            const rs = ecdsaSigFromDer(v.sig)
            const ok = rs ? await ecdsaVerify(curve(v.curve), v.pub, v.digest, rs.r, rs.s) : false
            expect(ok).toBe(v.ok)
        })
    })
})

describe("ecdsa sign: verified by node", () => {
    test("our signatures verify with node:crypto; a tampered one does not", async () => {
        const sock = await connect({ host: "127.0.0.1", port: PORT, proto: "tcp" })
        for (const s of signs) {
            const c = curve(s.curve)
            expect((await ecPublicKey(c, s.d)).toString("hex")).toBe(s.pub.toString("hex"))
            const sig = await ecdsaSign(c, s.d, s.digest, s.alg as HashId)
            // and we accept our own signature
            expect(await ecdsaVerify(c, s.pub, s.digest, sig.slice(0, c.bytes), sig.slice(c.bytes))).toBe(true)
            const line = s.curve + " " + s.alg + " " + s.pub.toString("hex") + " " + s.msg.toString("hex")
            await sock.send(line + " " + sig.toString("hex") + "\n")
            expect(await sock.readLine()).toBe("1")
            const t = sig.slice(0)
            t[3] ^= 4
            await sock.send(line + " " + t.toString("hex") + "\n")
            expect(await sock.readLine()).toBe("0")
        }
        await sock.close()
    })
})
