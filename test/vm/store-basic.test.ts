// File store: round trips at chunk boundaries, list/info/delete, replace, paths, persistence across a remount.
import { describe, test, expect } from "@devicescript/test"
import { pattern, hexOf, orphanSlots } from "./store-util"
import { digest } from "@devicescript/crypto"
import {
    writeFile,
    readFile,
    deleteFile,
    listFiles,
    fileInfo,
    remountStore,
    formatStore,
} from "../../src/store/files"
import { MAX_VALUE } from "../../src/store/flash"


describe("store round trips", () => {
    test("sizes 0, 1, chunk-1, chunk, chunk+1, 2 chunks +-1 read back exactly, with size and SHA-256", async () => {
        await formatStore()
        const sizes = [0, 1, MAX_VALUE - 1, MAX_VALUE, MAX_VALUE + 1, 2 * MAX_VALUE - 1, 2 * MAX_VALUE, 2 * MAX_VALUE + 1]
        for (let i = 0; i < sizes.length; i++) {
            const d = pattern(sizes[i], i)
            const p = "/rt/f" + i + ".bin"
            expect(await writeFile(p, d)).toBe(0)
            const r = await readFile(p)
            expect(r.err).toBe(0)
            expect(r.data.length).toBe(sizes[i])
            expect(hexOf(r.data)).toBe(hexOf(d))
            const fi = await fileInfo(p)
            expect(fi.err).toBe(0)
            expect(fi.size).toBe(sizes[i])
            expect(hexOf(fi.sha256)).toBe(hexOf(digest("sha256", d)))
        }
        // all still there and intact after the others were written, and after a remount
        await remountStore()
        for (let i = 0; i < sizes.length; i++) {
            const r = await readFile("/rt/f" + i + ".bin")
            expect(r.err).toBe(0)
            expect(hexOf(r.data)).toBe(hexOf(pattern(sizes[i], i)))
        }
        expect((await orphanSlots()).length).toBe(0)
    })

    test("a write replaces an existing file (bigger, then smaller) and frees the old chunks", async () => {
        await formatStore()
        const a = pattern(300, 1)
        const b = pattern(700, 2)
        const c = pattern(5, 3)
        expect(await writeFile("/x/f", a)).toBe(0)
        expect(await writeFile("/x/f", b)).toBe(0)
        expect(hexOf((await readFile("/x/f")).data)).toBe(hexOf(b))
        expect(await writeFile("/x/f", c)).toBe(0)
        expect(hexOf((await readFile("/x/f")).data)).toBe(hexOf(c))
        const l = await listFiles()
        expect(l.length).toBe(1)
        expect(l[0].size).toBe(5)
        expect((await orphanSlots()).length).toBe(0)
    })
})

describe("store list, info, delete", () => {
    test("list has every file with its size as uploaded", async () => {
        await formatStore()
        expect(await writeFile("/b/z.pem", pattern(10, 1))).toBe(0)
        expect(await writeFile("/a/ca.pem", pattern(400, 2))).toBe(0)
        expect(await writeFile("/b/a.der", pattern(0, 3))).toBe(0)
        const l = (await listFiles()).map(e => e.path + ":" + e.size)
        expect(l.length).toBe(3)
        const want = ["/a/ca.pem:400", "/b/a.der:0", "/b/z.pem:10"]
        for (let i = 0; i < want.length; i++) expect(l.indexOf(want[i]) >= 0).toBe(true)
    })

    test("delete removes the file: 905 after, others intact, no orphan slots", async () => {
        await formatStore()
        const keep = pattern(450, 7)
        expect(await writeFile("/d/keep", keep)).toBe(0)
        expect(await writeFile("/d/gone", pattern(450, 8))).toBe(0)
        expect(await deleteFile("/d/gone")).toBe(0)
        expect((await readFile("/d/gone")).err).toBe(905)
        expect((await fileInfo("/d/gone")).err).toBe(905)
        expect(await deleteFile("/d/gone")).toBe(905)
        expect(hexOf((await readFile("/d/keep")).data)).toBe(hexOf(keep))
        expect(JSON.stringify(await listFiles())).toBe(JSON.stringify([{ path: "/d/keep", size: 450 }]))
        expect((await orphanSlots()).length).toBe(0)
        await remountStore()
        expect((await readFile("/d/gone")).err).toBe(905)
        expect(hexOf((await readFile("/d/keep")).data)).toBe(hexOf(keep))
    })

    test("missing file: 905 for read, info and delete", async () => {
        await formatStore()
        expect((await readFile("/none/x.pem")).err).toBe(905)
        expect((await fileInfo("/none/x.pem")).err).toBe(905)
        expect(await deleteFile("/none/x.pem")).toBe(905)
    })

    test("bad paths: 902 everywhere, nothing written", async () => {
        await formatStore()
        let long = "/"
        while (long.length < 65) long += "a"
        const bad = ["", "ca.pem", "/", "/a//b", "/a/", "/a/../b", "/./b", '/a"b', "/a b", "/a\\b", long]
        for (let i = 0; i < bad.length; i++) {
            expect(await writeFile(bad[i], pattern(3, i))).toBe(902)
            expect((await readFile(bad[i])).err).toBe(902)
            expect((await fileInfo(bad[i])).err).toBe(902)
            expect(await deleteFile(bad[i])).toBe(902)
        }
        expect((await listFiles()).length).toBe(0)
        // the longest accepted path
        expect(await writeFile(long.slice(0, 64), pattern(3, 0))).toBe(0)
        expect((await readFile(long.slice(0, 64))).err).toBe(0)
    })
})
