// File store: directory passwords and encryption at rest; PEM certificates kept as DER.
import { describe, test, expect } from "@devicescript/test"
import { hexOf, fileSlots, orphanSlots } from "./store-util"
import { digest } from "@devicescript/crypto"
import {
    writeFile,
    readFile,
    deleteFile,
    listFiles,
    fileInfo,
    formatStore,
    remountStore,
    setDirPassword,
} from "../../src/store/files"
import { flashGet, flashSet } from "../../src/store/flash"
import { INDEX_KEY, MAX_SLOTS, slotKey } from "../../src/store/records"
import { pemEncode } from "../../src/x509/pem"

/** text that is easy to find: "SECRET-<i>-" repeated */
function secret(n: number): Buffer {
    let s = ""
    let i = 0
    while (s.length < n) s += "SECRET-" + i++ + "-"
    return Buffer.from(s.slice(0, n))
}
/** every value the store keeps in flash, concatenated */
async function rawFlash(): Promise<Buffer> {
    let all = await flashGet(INDEX_KEY)
    for (let s = 0; s < MAX_SLOTS; s++) all = all.concat(await flashGet(slotKey(s)))
    return all
}
/** does `hay` contain any 8-byte window of `needle` (at any of its offsets)? */
function leaks(hay: Buffer, needle: Buffer): boolean {
    const h = hay.toString("hex")
    for (let i = 0; i + 8 <= needle.length; i += 4) if (h.indexOf(needle.slice(i, i + 8).toString("hex")) >= 0) return true
    return false
}
async function flipByte(slot: number, at: number) {
    const b = await flashGet(slotKey(slot))
    const c = b.slice(0)
    c[at] = c[at] ^ 0x01
    expect(await flashSet(slotKey(slot), c)).toBe(true)
    return b
}

describe("directory passwords", () => {
    test("files in a protected directory need the password: none or wrong → 906, right → content", async () => {
        await formatStore()
        const d = secret(500)
        expect(await setDirPassword("/p", "pa55word")).toBe(0)
        expect(await writeFile("/p/key.bin", d)).toBe(906)
        expect(await writeFile("/p/key.bin", d, "wrong")).toBe(906)
        expect(await writeFile("/p/key.bin", d, "pa55word")).toBe(0)
        expect((await readFile("/p/key.bin")).err).toBe(906)
        expect((await readFile("/p/key.bin", "pa55wore")).err).toBe(906)
        expect((await fileInfo("/p/key.bin")).err).toBe(906)
        expect(await deleteFile("/p/key.bin", "nope")).toBe(906)
        // a missing file is 905 whatever the password (906 means "present, but no access")
        expect((await readFile("/p/none.bin")).err).toBe(905)
        expect((await fileInfo("/p/none.bin", "wrong")).err).toBe(905)
        expect(await deleteFile("/p/none.bin", "wrong")).toBe(905)
        await remountStore()
        const r = await readFile("/p/key.bin", "pa55word")
        expect(r.err).toBe(0)
        expect(hexOf(r.data)).toBe(hexOf(d))
        const fi = await fileInfo("/p/key.bin", "pa55word")
        expect(fi.size).toBe(500)
        expect(hexOf(fi.sha256)).toBe(hexOf(digest("sha256", d)))
        // names and sizes are listed without a password; other directories are not affected
        expect(JSON.stringify(await listFiles())).toBe(JSON.stringify([{ path: "/p/key.bin", size: 500 }]))
        expect(await writeFile("/q/open.bin", d)).toBe(0)
        expect((await readFile("/q/open.bin")).err).toBe(0)
        expect(await deleteFile("/p/key.bin", "pa55word")).toBe(0)
    })

    test("raw flash of a protected file holds neither its content, nor its hash, nor the password", async () => {
        await formatStore()
        const d = secret(700)
        expect(await setDirPassword("/p", "correct horse")).toBe(0)
        expect(await writeFile("/p/k", d, "correct horse")).toBe(0)
        const raw = await rawFlash()
        expect(raw.length > 700).toBe(true)
        expect(leaks(raw, d)).toBe(false)
        expect(leaks(raw, digest("sha256", d))).toBe(false)
        expect(leaks(raw, Buffer.from("correct horse"))).toBe(false)
        // the same content in an unprotected directory is there in clear (the check above can fail)
        expect(await writeFile("/u/k", d)).toBe(0)
        expect(leaks(await rawFlash(), d)).toBe(true)
    })

    test("a flipped byte in a chunk or in the record of a protected file is detected (907)", async () => {
        await formatStore()
        const d = secret(300)
        expect(await setDirPassword("/p", "pw")).toBe(0)
        expect(await writeFile("/p/k", d, "pw")).toBe(0)
        const sl = await fileSlots("/p/k")
        const positions = [
            [sl.chunks[0], 0],
            [sl.chunks[0], 100],
            [sl.chunks[1], 5],
            [sl.record, 1], // flags
            [sl.record, 2], // size
        ]
        for (let i = 0; i < positions.length; i++) {
            const orig = await flipByte(positions[i][0], positions[i][1])
            await remountStore()
            const r = await readFile("/p/k", "pw")
            expect(r.err === 907 || r.err === 905).toBe(true)
            expect(await flashSet(slotKey(positions[i][0]), orig)).toBe(true)
            await remountStore()
            expect(hexOf((await readFile("/p/k", "pw")).data)).toBe(hexOf(d))
        }
        // last byte of the record: the nonce
        const rec = await flashGet(slotKey(sl.record))
        await flipByte(sl.record, rec.length - 1)
        await remountStore()
        expect((await readFile("/p/k", "pw")).err).toBe(907)
        expect((await fileInfo("/p/k", "pw")).err).toBe(907)
    })

    test("a flipped byte in a plain file's chunk is detected (907)", async () => {
        await formatStore()
        const d = secret(450)
        expect(await writeFile("/u/f", d)).toBe(0)
        const sl = await fileSlots("/u/f")
        await flipByte(sl.chunks[2], 0)
        expect((await readFile("/u/f")).err).toBe(907)
    })

    test("changing the password: needs the old one (906), then only the new one opens the files", async () => {
        await formatStore()
        const d = secret(260)
        expect(await setDirPassword("/p", "one")).toBe(0)
        expect(await writeFile("/p/a", d, "one")).toBe(0)
        expect(await setDirPassword("/p", "two")).toBe(906)
        expect(await setDirPassword("/p", "two", "uno")).toBe(906)
        expect(await setDirPassword("/p", "two", "one")).toBe(0)
        await remountStore()
        expect((await readFile("/p/a", "one")).err).toBe(906)
        expect(hexOf((await readFile("/p/a", "two")).data)).toBe(hexOf(d))
        expect((await orphanSlots()).length).toBe(0)
    })

    test("refused clearly: a password on a directory that already has files, removal from a non-empty one (902)", async () => {
        await formatStore()
        expect(await writeFile("/a/f", secret(10))).toBe(0)
        expect(await setDirPassword("/a", "x")).toBe(902)
        expect((await readFile("/a/f")).err).toBe(0)
        expect(await setDirPassword("/b", "x")).toBe(0)
        expect(await writeFile("/b/f", secret(10), "x")).toBe(0)
        expect(await setDirPassword("/b", "", "x")).toBe(902)
        expect(await deleteFile("/b/f", "x")).toBe(0)
        expect(await setDirPassword("/b", "", "wrong")).toBe(906)
        expect(await setDirPassword("/b", "", "x")).toBe(0)
        expect(await writeFile("/b/f", secret(10))).toBe(0)
        expect(await setDirPassword("bad", "x")).toBe(902)
    })
})

describe("PEM kept as DER", () => {
    test("a PEM certificate bundle is stored as DER; info reports the PEM as uploaded", async () => {
        await formatStore()
        const der1 = secret(400)
        const der2 = secret(123)
        const pem = Buffer.concat(await pemEncode("CERTIFICATE", der1), await pemEncode("CERTIFICATE", der2))
        expect(await writeFile("/c/ca.pem", pem)).toBe(0)
        const r = await readFile("/c/ca.pem")
        expect(hexOf(r.data)).toBe(hexOf(der1.concat(der2)))
        const fi = await fileInfo("/c/ca.pem")
        expect(fi.size).toBe(pem.length)
        expect(hexOf(fi.sha256)).toBe(hexOf(digest("sha256", pem)))
        // stored smaller than uploaded: fewer chunks than the PEM needs
        expect((await fileSlots("/c/ca.pem")).chunks.length).toBe(3)
        expect(JSON.stringify(await listFiles())).toBe(JSON.stringify([{ path: "/c/ca.pem", size: pem.length }]))
    })

    test("a single PEM key is stored as DER, also encrypted; mixed blocks and non-PEM stay as uploaded", async () => {
        await formatStore()
        const k = secret(200)
        const keyPem = await pemEncode("PRIVATE KEY", k)
        expect(await setDirPassword("/s", "pw")).toBe(0)
        expect(await writeFile("/s/key.pem", keyPem, "pw")).toBe(0)
        expect(hexOf((await readFile("/s/key.pem", "pw")).data)).toBe(hexOf(k))
        expect(hexOf((await fileInfo("/s/key.pem", "pw")).sha256)).toBe(hexOf(digest("sha256", keyPem)))
        const mixed = Buffer.concat(await pemEncode("CERTIFICATE", secret(50)), keyPem)
        expect(await writeFile("/c/both.pem", mixed)).toBe(0)
        expect(hexOf((await readFile("/c/both.pem")).data)).toBe(hexOf(mixed))
        const broken = Buffer.from("-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n")
        expect(await writeFile("/c/broken.pem", broken)).toBe(0)
        expect(hexOf((await readFile("/c/broken.pem")).data)).toBe(hexOf(broken))
    })
})
