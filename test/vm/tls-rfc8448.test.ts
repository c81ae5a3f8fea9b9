// RFC 8448 section 3 ("Simple 1-RTT Handshake") trace values as known answers for our TLS 1.3 key schedule,
// Finished computation, transcript hashing and record protection (TLS_AES_128_GCM_SHA256, x25519).
// Values typed from the RFC.
import { describe, test, expect } from "@devicescript/test"
import { deriveSecret } from "../../src/crypto/hkdf"
import { x25519 } from "../../src/crypto/x25519"
import { earlySecret, finishedData, nextStage, trafficKeys } from "../../src/tls/keyschedule"
import { Transcript } from "../../src/tls/handshake"
import "../../src/tls/use-aesgcm"
import { protection13 } from "../../src/tls/aead"
import { ContentType, RecordLayer, Transport } from "../../src/tls/record"
import { suiteById } from "../../src/tls/suites"

const CH = hex`010000c00303cb34ecb1e78163ba1c38c6dacb196a6dffa21a8d9912ec18a2ef6283024dece7000006130113031302010000910000000b0009000006736572766572ff01000100000a00140012001d0017001800190100010101020103010400230000003300260024001d002099381de560e4bd43d23d8e435a7dbafeb3c06e51c13cae4d5413691e529aaf2c002b0003020304000d0020001e040305030603020308040805080604010501060102010402050206020202002d00020101001c00024001`
const SH = hex`020000560303a6af06a4121860dc5e6e60249cd34c95930c8ac5cb1434dac155772ed3e2692800130100002e00330024001d0020c9828876112095fe66762bdbf7c672e156d6cc253b833df1dd69b1b04e751f0f002b00020304`
const CLIENT_PRIV = hex`49af42ba7f7994852d713ef2784bcbcaa7911de26adc5642cb634540e7ea5005`
const SERVER_PUB = hex`c9828876112095fe66762bdbf7c672e156d6cc253b833df1dd69b1b04e751f0f`
const ECDHE = hex`8bd4054fb55b9d63fdfbacf9f04b9f0d35e6d63f537563efd46272900f89492d`
const EARLY = hex`33ad0a1c607ec03b09e6cd9893680ce210adf300aa1f2660e1b22e10f170f92a`
const HS_SECRET = hex`1dc826e93606aa6fdc0aadc12f741b01046aa6b99f691ed221a9f0ca043fbeac`
const TH_CH_SH = hex`860c06edc07858ee8e78f0e7428c58edd6b43f2ca3e6e95f02ed063cf0e1cad8`
const C_HS = hex`b3eddb126e067f35a780b3abf45e2d8f3b1a950738f52e9600746a0e27a55a21`
const S_HS = hex`b67b7d690cc16c4e75e54213cb2d37b4e9c912bcded9105d42befd59d391ad38`
const MASTER = hex`18df06843d13a08bf2a449844c5f8a478001bc4d4c627984d5a41da8d0402919`
const S_HS_KEY = hex`3fce516009c21727d0f2e4e86ee403bc`
const S_HS_IV = hex`5d313eb2671276ee13000b30`
const S_FINISHED = hex`9b9b141d906337fbd2cbdce71df4deda4ab42c309572cb7fffee5454b78f0718`
const TH_SERVER_FIN = hex`9608102a0f1ccc6db6250b7b7e417b1a000eaada3daae4777a7686c9ff83df13`
const C_FINISHED = hex`a8ec436d677634ae525ac1fcebe11a039ec17694fac6e98527b642f2edd5ce61`
const EE = hex`080000240022000a00140012001d00170018001901000101010201030104001c0002400100000000`
const CERT = hex`0b0001b9000001b50001b0308201ac30820115a003020102020102300d06092a864886f70d01010b0500300e310c300a06035504031303727361301e170d3136303733303031323335395a170d3236303733303031323335395a300e310c300a0603550403130372736130819f300d06092a864886f70d010101050003818d0030818902818100b4bb498f8279303d980836399b36c6988c0c68de55e1bdb826d3901a2461eafd2de49a91d015abbc9a95137ace6c1af19eaa6af98c7ced43120998e187a80ee0ccb0524b1b018c3e0b63264d449a6d38e22a5fda430846748030530ef0461c8ca9d9efbfae8ea6d1d03e2bd193eff0ab9a8002c47428a6d35a8d88d79f7f1e3f0203010001a31a301830090603551d1304023000300b0603551d0f0404030205a0300d06092a864886f70d01010b05000381810085aad2a0e5b9276b908c65f73a7267170618a54c5f8a7b337d2df7a594365417f2eae8f8a58c8f8172f9319cf36b7fd6c55b80f21a03015156726096fd335e5e67f2dbf102702e608ccae6bec1fc63a42a99be5c3eb7107c3c54e9b9eb2bd5203b1c3b84e0a8b2f759409ba3eac9d91d402dcc0cc8f8961229ac9187b42b4de10000`
const CV = hex`0f000084080400805a747c5d88fa9bd2e55ab085a61015b7211f824cd484145ab3ff52f1fda8477b0b7abc90db78e2d33a5c141a078653fa6bef780c5ea248eeaaa785c4f394cab6d30bbe8d4859ee511f602957b15411ac027671459e46445c9ea58c181e818e95b8c3fb0bf3278409d3be152a3da5043e063dda65cdf5aea20d53dfacd42f74f3`
const C_AP = hex`9e40646ce79a7f9dc05af8889bce6552875afa0b06df0087f792ebb7c17504a5`
const S_AP = hex`a11af9f05531f856ad47116b45a950328204b4f44bfb6b3a4b4f1f3fcb631643`
const C_AP_KEY = hex`17422dda596ed5d9acd890e3c63f5051`
const C_AP_IV = hex`5b78923dee08579033e523d9`
const APP_DATA = hex`000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f3031`
const C_APP_RECORD = hex`1703030043a23f7054b62c94d0affafe8228ba55cbefacea42f914aa66bcab3f2b9819a8a5b46b395bd54a9a20441e2b62974e1f5a6292a2977014bd1e3deae63aeebb21694915e4`
const S_APP_RECORD = hex`17030300432e937e11ef4ac740e538ad36005fc4a46932fc3225d05f82aa1b36e30efaf97d90e6dffc602dcb501a59a8fcc49c4bf2e5f0a21c0047c2abf332540dd032e167c2955d`
const C_ALERT_RECORD = hex`1703030013c9872760655666b74d7ff1153efd6db6d0b0e3`

const suite = suiteById(0x1301)

/** a transport over fixed bytes, recording what is sent */
class Bytes implements Transport {
    input: Buffer[]
    sent: Buffer[] = []
    constructor(input: Buffer[]) {
        this.input = input
    }
    async send(b: Buffer) {
        this.sent.push(b)
    }
    async recv(): Promise<Buffer> {
        return this.input.length ? this.input.shift() : null
    }
    async close() {}
}

describe("RFC 8448 section 3 key schedule", () => {
    test("x25519 shared secret", async () => {
        expect((await x25519(CLIENT_PRIV, SERVER_PUB)).toString("hex")).toBe(ECDHE.toString("hex"))
    })
    test("early, handshake and master secrets", async () => {
        const early = await earlySecret("sha256")
        expect(early.toString("hex")).toBe(EARLY.toString("hex"))
        const hs = await nextStage("sha256", early, ECDHE)
        expect(hs.toString("hex")).toBe(HS_SECRET.toString("hex"))
        expect((await nextStage("sha256", hs, null)).toString("hex")).toBe(MASTER.toString("hex"))
    })
    test("transcript hash of ClientHello..ServerHello and the handshake traffic secrets", async () => {
        const tr = new Transcript()
        await tr.add(CH)
        await tr.start("sha256", false)
        await tr.add(SH)
        const th = await tr.digest()
        expect(th.toString("hex")).toBe(TH_CH_SH.toString("hex"))
        expect((await deriveSecret("sha256", HS_SECRET, "c hs traffic", th)).toString("hex")).toBe(C_HS.toString("hex"))
        expect((await deriveSecret("sha256", HS_SECRET, "s hs traffic", th)).toString("hex")).toBe(S_HS.toString("hex"))
    })
    test("traffic keys and IVs", async () => {
        const k = await trafficKeys(suite, S_HS)
        expect(k.key.toString("hex")).toBe(S_HS_KEY.toString("hex"))
        expect(k.iv.toString("hex")).toBe(S_HS_IV.toString("hex"))
        const a = await trafficKeys(suite, C_AP)
        expect(a.key.toString("hex")).toBe(C_AP_KEY.toString("hex"))
        expect(a.iv.toString("hex")).toBe(C_AP_IV.toString("hex"))
    })
    test("server and client Finished over the transcript, application traffic secrets", async () => {
        const tr = new Transcript()
        await tr.add(CH)
        await tr.start("sha256", false)
        await tr.add(SH)
        await tr.add(EE)
        await tr.add(CERT)
        await tr.add(CV)
        const sfin = await finishedData("sha256", S_HS, await tr.digest())
        expect(sfin.toString("hex")).toBe(S_FINISHED.toString("hex"))
        await tr.add(Buffer.concat(hex`14000020`, sfin))
        const th = await tr.digest()
        expect(th.toString("hex")).toBe(TH_SERVER_FIN.toString("hex"))
        expect((await finishedData("sha256", C_HS, th)).toString("hex")).toBe(C_FINISHED.toString("hex"))
        expect((await deriveSecret("sha256", MASTER, "c ap traffic", th)).toString("hex")).toBe(C_AP.toString("hex"))
        expect((await deriveSecret("sha256", MASTER, "s ap traffic", th)).toString("hex")).toBe(S_AP.toString("hex"))
    })
})

describe("RFC 8448 section 3 record protection", () => {
    test("the client's application data record (seq 0) and close_notify (seq 1)", async () => {
        const t = new Bytes([])
        const rl = new RecordLayer(t)
        rl.write = await protection13(suite, C_AP)
        await rl.writeRecord(ContentType.ApplicationData, APP_DATA)
        await rl.writeRecord(ContentType.Alert, hex`0100`)
        expect(t.sent[0].toString("hex")).toBe(C_APP_RECORD.toString("hex"))
        expect(t.sent[1].toString("hex")).toBe(C_ALERT_RECORD.toString("hex"))
    })
    test("the server's application data record (seq 1, after the NewSessionTicket)", async () => {
        // delivered in odd pieces: the record layer reassembles
        const t = new Bytes([S_APP_RECORD.slice(0, 3), S_APP_RECORD.slice(3, 40), S_APP_RECORD.slice(40)])
        const rl = new RecordLayer(t)
        rl.read = await protection13(suite, S_AP)
        rl.read.seq = 1
        const r = await rl.readRecord()
        expect(r.type).toBe(ContentType.ApplicationData)
        expect(r.buf.slice(r.off, r.end).toString("hex")).toBe(APP_DATA.toString("hex"))
        expect(await rl.readRecord()).toBe(null)
    })
    test("the same record with one bit flipped fails authentication", async () => {
        const bad = S_APP_RECORD.slice(0)
        bad[30] ^= 1
        const rl = new RecordLayer(new Bytes([bad]))
        rl.read = await protection13(suite, S_AP)
        rl.read.seq = 1
        let msg = "no error"
        try {
            await rl.readRecord()
        } catch (e) {
            msg = (e as any).describe()
        }
        expect(msg).toBe("sent bad_record_mac: record authentication failed")
    })
})
