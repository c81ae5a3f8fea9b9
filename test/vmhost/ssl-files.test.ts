// AT+SSLFILE (upload with prompt and raw bytes, delete, list, info, directory passwords) and AT+SSLSETOPTS
// checking real certificate/key files made by openssl (test/node/ssl-files.test.mjs). Byte-exact outputs.
import * as ds from "@devicescript/core"
import { describe, test, expect, afterEach } from "@devicescript/test"
import { digest, randomBuffer } from "@devicescript/crypto"
import { ERR, OKR, Term, fr, same, sslErr } from "../vm/at-term"
import { deleteFile, freeBytes, readFile } from "../../src/store/files"
import { MAX_UPLOAD, UPLOAD_STALL_MS } from "../../src/ssl/file"
import { sslState } from "../../src/ssl/config"
import { CA_PEM, CERT_DER, CERT_PEM, KEY_OTHER, KEY_PEM, KEY_SEC1 } from "../gen/ssl_files"

async function quiet() {
    const t = new Term()
    same(await t.at("ATE0"), "ATE0\r" + OKR)
    return t
}

/** Wait until the engine has sent something ending with `tail`. */
async function waitFor(t: Term, tail: string, ms = 3000) {
    const end = ds.millis() + ms
    let got = ""
    for (;;) {
        got += t.take()
        if (got.length >= tail.length && got.slice(got.length - tail.length) === tail) return got
        if (ds.millis() > end) return got
        await ds.sleep(1)
    }
}

/** files uploaded by the running test (path, password), deleted after it: the store holds ~7 KB */
let uploaded: string[][] = []
/** registers the cleanup in the calling describe (afterEach applies to its own suite only) */
function cleanup() {
    afterEach(async () => {
        const list = uploaded
        uploaded = []
        for (const u of list) await deleteFile(u[0], u[1])
    })
}

/** AT+SSLFILE=0 of `data` in chunks of `chunk` bytes after the prompt; returns everything sent after the prompt. */
async function upload(t: Term, path: string, data: Buffer, chunk: number, pw?: string) {
    const extra = pw === undefined ? "" : `,"${pw}"`
    await t.feed(`AT+SSLFILE=0,"${path}",${data.length}${extra}\r`)
    same(await waitFor(t, "\r\n> "), "\r\n> ")
    for (let i = 0; i < data.length; i += chunk) await t.feed(data.slice(i, Math.min(data.length, i + chunk)))
    await t.settle()
    const out = t.take()
    if (out.indexOf("+SSLFILE: ") >= 0) uploaded.push([path, pw])
    return out
}

function fileLine(path: string, data: Buffer) {
    return `+SSLFILE: "${path}",${data.length},"${digest("sha256", data).toString("hex")}"`
}

describe("AT+SSLFILE upload", () => {
    cleanup()
    test('"abc": answer carries the FIPS 180-2 SHA-256 of abc; =3 gives the same line', async () => {
        const t = await quiet()
        const out = await upload(t, "/t/abc.txt", Buffer.from("abc"), 3)
        same(out, fr('+SSLFILE: "/t/abc.txt",3,"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"') + OKR)
        same(
            await t.at('AT+SSLFILE=3,"/t/abc.txt"'),
            fr('+SSLFILE: "/t/abc.txt",3,"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"') + OKR
        )
    })
    test("echo on: the command line is echoed, the raw bytes are not", async () => {
        const t = new Term()
        await t.feed('AT+SSLFILE=0,"/t/e.bin",4\r')
        same(await waitFor(t, "\r\n> "), 'AT+SSLFILE=0,"/t/e.bin",4\r\r\n> ')
        await t.feed("AT\r\n")
        await t.settle()
        same(t.take(), fr(fileLine("/t/e.bin", Buffer.from("AT\r\n"))) + OKR)
    })
    test("binary content (CR, LF, NUL, 0xFF, '+++', 'AT<CR>') in chunks of 1, 7, 64 and 300 bytes", async () => {
        const t = await quiet()
        const sizes = [1, 7, 64, 300]
        for (let k = 0; k < sizes.length; k++) {
            const d = Buffer.concat(Buffer.from("AT\r\n+++\r\x00"), randomBuffer(500 + k), Buffer.from([0xff, 13, 10, 0]))
            const path = `/bin/f${k}.bin`
            same(await upload(t, path, d, sizes[k]), fr(fileLine(path, d)) + OKR)
            const r = await readFile(path)
            expect(r.err).toBe(0)
            expect(r.data.toString("hex")).toBe(d.toString("hex"))
        }
    })
    test("command line, data and the next command in one feed", async () => {
        const t = await quiet()
        await t.feed('AT+SSLFILE=0,"/t/one.bin",5\rhelloAT+SSLSTATE\r')
        await t.settle()
        same(t.take(), "\r\n> " + fr(fileLine("/t/one.bin", Buffer.from("hello"))) + OKR + fr("+SSLSTATE: 0") + OKR)
    })
    test("an upload replaces the file of the same path", async () => {
        const t = await quiet()
        await upload(t, "/t/r.txt", Buffer.from("first version"), 5)
        const d = Buffer.from("second")
        same(await upload(t, "/t/r.txt", d, 100), fr(fileLine("/t/r.txt", d)) + OKR)
        same(await t.at('AT+SSLFILE=3,"/t/r.txt"'), fr(fileLine("/t/r.txt", d)) + OKR)
    })
    test("too large for the upload buffer: 904 before any prompt; larger than the free space: 904, nothing stored", async () => {
        const t = await quiet()
        same(await t.at(`AT+SSLFILE=0,"/t/big.bin",${MAX_UPLOAD + 1}`), sslErr(904))
        const free = await freeBytes()
        expect(free < MAX_UPLOAD).toBe(true)
        const d = randomBuffer(free + 1)
        same(await upload(t, "/t/big.bin", d, 200), sslErr(904))
        same(await t.at('AT+SSLFILE=3,"/t/big.bin"'), sslErr(905))
        expect((await t.at("AT+SSLFILE=2")).indexOf("/t/big.bin")).toBe(-1)
        expect(await freeBytes()).toBe(free)
    })
    test("upload parameter errors: 901 count, 902 values", async () => {
        const t = await quiet()
        for (const l of ['AT+SSLFILE=0,"/t/x"', 'AT+SSLFILE=0,"/t/x",3,"pw",1', "AT+SSLFILE=0"]) same(await t.at(l), sslErr(901))
        for (const l of [
            'AT+SSLFILE=0,"t/x",3',
            'AT+SSLFILE=0,"/t/",3',
            'AT+SSLFILE=0,"/",3',
            "AT+SSLFILE=0,5,3",
            'AT+SSLFILE=0,"/t/x","3"',
            'AT+SSLFILE=0,"/t/x",0',
            'AT+SSLFILE=0,"/t/x",3,4',
            'AT+SSLFILE=0,"/t/a b",3',
            'AT+SSLFILE=0,"/t//x",3',
            'AT+SSLFILE=0,"/t/../x",3',
            'AT+SSLFILE=0,"/t/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",3',
        ])
            same(await t.at(l), sslErr(902))
    })
})

describe("AT+SSLFILE delete, list, info, forms", () => {
    cleanup()
    test("=2 lists every file with its size, then the free space; =1 deletes; =3 of a missing file is 905", async () => {
        const t = await quiet()
        const before = await t.at("AT+SSLFILE=2")
        await upload(t, "/l/one.txt", Buffer.from("1"), 1)
        await upload(t, "/l/two.txt", Buffer.from("22"), 1)
        const l = await t.at("AT+SSLFILE=2")
        expect(l.indexOf('\r\n+SSLFILE: "/l/one.txt",1\r\n') >= 0).toBe(true)
        expect(l.indexOf('\r\n+SSLFILE: "/l/two.txt",2\r\n') >= 0).toBe(true)
        const tail = `\r\n+SSLFILE: ${await freeBytes()}\r\n` + OKR
        same(l.slice(l.length - tail.length), tail)
        same(await t.at('AT+SSLFILE=1,"/l/one.txt"'), OKR)
        same(await t.at('AT+SSLFILE=1,"/l/one.txt"'), sslErr(905))
        same(await t.at('AT+SSLFILE=3,"/l/one.txt"'), sslErr(905))
        same(await t.at('AT+SSLFILE=1,"/l/two.txt"'), OKR)
        same(await t.at("AT+SSLFILE=2"), before)
    })
    test("an empty store lists only the free-space line", async () => {
        const t = await quiet()
        const l = await t.at("AT+SSLFILE=2")
        const files = l.split("\r\n").filter(s => s.indexOf('+SSLFILE: "') === 0)
        for (const f of files) same(await t.at(`AT+SSLFILE=1,${f.slice(10, f.lastIndexOf(","))}`), OKR)
        same(await t.at("AT+SSLFILE=2"), fr(`+SSLFILE: ${await freeBytes()}`) + OKR)
    })
    test("forms and errors: test (0-4), read OK, exec 901, modes and counts 901, values 902", async () => {
        const t = await quiet()
        same(await t.at("AT+SSLFILE=?"), fr("+SSLFILE: (0-4)") + OKR)
        same(await t.at("AT+SSLFILE?"), OKR)
        for (const l of [
            "AT+SSLFILE",
            "AT+SSLFILE=",
            "AT+SSLFILE=5",
            'AT+SSLFILE="0"',
            "AT+SSLFILE=1",
            'AT+SSLFILE=1,"/a","b","c"',
            "AT+SSLFILE=2,1",
            "AT+SSLFILE=3",
            'AT+SSLFILE=4,"/d"',
            'AT+SSLFILE=4,"/d","a","b","c"',
        ])
            same(await t.at(l), sslErr(901))
        for (const l of ["AT+SSLFILE=1,1", 'AT+SSLFILE=3,"rel"', 'AT+SSLFILE=4,"rel","pw"', 'AT+SSLFILE=4,"/a b","pw"', 'AT+SSLFILE=1,"/a",1', 'AT+SSLFILE=4,"/d",1', 'AT+SSLFILE=4,"/d","n",2'])
            same(await t.at(l), sslErr(902))
        same(await t.at("AT+SSLFILE=9,9,9"), sslErr(901))
        same(await t.at("AT+SSLFILE=0,,"), sslErr(902))
    })
    test("AT+SSLFILE works in every SSL state", async () => {
        const t = await quiet()
        same(await t.at("AT+SSLINIT"), OKR)
        same(await upload(t, "/s/x.txt", Buffer.from("x"), 1), fr(fileLine("/s/x.txt", Buffer.from("x"))) + OKR)
        same(await t.at("AT+SSLSETOPTS"), OKR)
        same(await t.at('AT+SSLFILE=3,"/s/x.txt"'), fr(fileLine("/s/x.txt", Buffer.from("x"))) + OKR)
        same(await t.at('AT+SSLFILE=1,"/s/x.txt"'), OKR)
    })
})

describe("directory passwords", () => {
    cleanup()
    test("=4 sets a password; reads, writes and deletes in the directory need it (906 otherwise)", async () => {
        const t = await quiet()
        same(await t.at('AT+SSLFILE=4,"/p","pw1"'), OKR)
        const d = Buffer.from("secret content")
        same(await upload(t, "/p/s.txt", d, 4), sslErr(906))
        same(await upload(t, "/p/s.txt", d, 4, "nope"), sslErr(906))
        same(await upload(t, "/p/s.txt", d, 4, "pw1"), fr(fileLine("/p/s.txt", d)) + OKR)
        same(await t.at('AT+SSLFILE=3,"/p/s.txt"'), sslErr(906))
        same(await t.at('AT+SSLFILE=3,"/p/s.txt","pw2"'), sslErr(906))
        same(await t.at('AT+SSLFILE=3,"/p/s.txt","pw1"'), fr(fileLine("/p/s.txt", d)) + OKR)
        same(await t.at('AT+SSLFILE=1,"/p/s.txt","bad"'), sslErr(906))
        // the list shows the file (names and sizes are not secret)
        expect((await t.at("AT+SSLFILE=2")).indexOf('+SSLFILE: "/p/s.txt",14\r\n') >= 0).toBe(true)
    })
    test("=4 changes a password only with the old one", async () => {
        const t = await quiet()
        same(await t.at('AT+SSLFILE=4,"/q","one"'), OKR)
        const d = Buffer.from("q data")
        same(await upload(t, "/q/f", d, 6, "one"), fr(fileLine("/q/f", d)) + OKR)
        same(await t.at('AT+SSLFILE=4,"/q","two"'), sslErr(906))
        same(await t.at('AT+SSLFILE=4,"/q","two","wrong"'), sslErr(906))
        same(await t.at('AT+SSLFILE=4,"/q","two","one"'), OKR)
        same(await t.at('AT+SSLFILE=3,"/q/f","one"'), sslErr(906))
        same(await t.at('AT+SSLFILE=3,"/q/f","two"'), fr(fileLine("/q/f", d)) + OKR)
        same(await t.at('AT+SSLFILE=1,"/q/f","two"'), OKR)
    })
})

/** Upload a text file (echo off) and check the answer. */
async function put(t: Term, path: string, text: string, pw?: string) {
    const d = Buffer.from(text)
    same(await upload(t, path, d, 200, pw), fr(fileLine(path, d)) + OKR)
}

describe("AT+SSLSETOPTS file checks", () => {
    cleanup()
    test("the seed's start sequence (2.3.1) with real files: every command OK, state 3", async () => {
        const t = await quiet()
        await put(t, "/dir/ca.pem", CA_PEM)
        await put(t, "/dir/client-cert.pem", CERT_PEM)
        await put(t, "/dir/client-key.pem", KEY_PEM)
        const seq = [
            "AT+SSLINIT",
            'AT+SSLSET=1,"/dir/ca.pem"',
            'AT+SSLSET=0,"/dir/client-cert.pem"',
            'AT+SSLSET=2,"/dir/client-key.pem"',
            'AT+SSLSET=3,"randomstring12345"',
            "AT+SSLSET=9,3",
            "AT+SSLSETOPTS",
            "AT+SSLBOOST=1",
            "AT+SSLBOOST=0",
        ]
        for (const l of seq) same(await t.at(l), OKR)
        expect(sslState()).toBe(3)
    })
    test("905 for a missing file, and the state stays INITIALIZED", async () => {
        const t = await quiet()
        same(await t.at("AT+SSLINIT"), OKR)
        same(await t.at('AT+SSLSET=1,"/none/ca.pem"'), OKR)
        same(await t.at("AT+SSLSETOPTS"), sslErr(905))
        expect(sslState()).toBe(1)
    })
    test("906 without or with a wrong directory password; OK with the right one", async () => {
        const t = await quiet()
        same(await t.at('AT+SSLFILE=4,"/sec","s3cret"'), OKR)
        await put(t, "/sec/ca.pem", CA_PEM, "s3cret")
        same(await t.at("AT+SSLINIT"), OKR)
        same(await t.at('AT+SSLSET=1,"/sec/ca.pem"'), OKR)
        same(await t.at("AT+SSLSETOPTS"), sslErr(906))
        same(await t.at('AT+SSLSET=1,"/sec/ca.pem","wrong"'), OKR)
        same(await t.at("AT+SSLSETOPTS"), sslErr(906))
        same(await t.at('AT+SSLSET=1,"/sec/ca.pem","s3cret"'), OKR)
        same(await t.at("AT+SSLSETOPTS"), OKR)
        expect(sslState()).toBe(3)
    })
    test("908 / 909 / 910 for files that are not a certificate or key", async () => {
        const t = await quiet()
        await put(t, "/bad/text.txt", "hello, not a certificate\n")
        await put(t, "/bad/ca.pem", CA_PEM)
        await put(t, "/bad/cert.pem", CERT_PEM)
        await put(t, "/bad/key.pem", KEY_PEM)
        same(await t.at("AT+SSLINIT"), OKR)
        same(await t.at('AT+SSLSET=1,"/bad/text.txt"'), OKR)
        same(await t.at("AT+SSLSETOPTS"), sslErr(908))
        same(await t.at('AT+SSLSET=1,"/bad/key.pem"'), OKR) // a key where the CA belongs
        same(await t.at("AT+SSLSETOPTS"), sslErr(908))
        same(await t.at('AT+SSLSET=1,"/bad/ca.pem"'), OKR)
        same(await t.at('AT+SSLSET=0,"/bad/text.txt"'), OKR)
        same(await t.at('AT+SSLSET=2,"/bad/key.pem"'), OKR)
        same(await t.at("AT+SSLSETOPTS"), sslErr(909))
        same(await t.at('AT+SSLSET=0,"/bad/cert.pem"'), OKR)
        same(await t.at('AT+SSLSET=2,"/bad/cert.pem"'), OKR) // a certificate where the key belongs
        same(await t.at("AT+SSLSETOPTS"), sslErr(910))
        expect(sslState()).toBe(1)
        same(await t.at('AT+SSLSET=2,"/bad/key.pem"'), OKR)
        same(await t.at("AT+SSLSETOPTS"), OKR)
    })
    test("a CA bundle (two certificates) passes; a key file with two keys is 910", async () => {
        const t = await quiet()
        await put(t, "/bun/ca.pem", CA_PEM + CERT_PEM)
        await put(t, "/bun/cert.pem", CERT_PEM)
        await put(t, "/bun/keys.pem", KEY_PEM + KEY_SEC1)
        await put(t, "/bun/key.pem", KEY_SEC1)
        same(await t.at("AT+SSLINIT"), OKR)
        same(await t.at('AT+SSLSET=1,"/bun/ca.pem"'), OKR)
        same(await t.at('AT+SSLSET=0,"/bun/cert.pem"'), OKR)
        same(await t.at('AT+SSLSET=2,"/bun/keys.pem"'), OKR)
        same(await t.at("AT+SSLSETOPTS"), sslErr(910))
        same(await t.at('AT+SSLSET=2,"/bun/key.pem"'), OKR)
        same(await t.at("AT+SSLSETOPTS"), OKR)
    })
    test("a key that is not the client certificate's (another P-256 key) is 910", async () => {
        const t = await quiet()
        await put(t, "/mis/cert.pem", CERT_PEM)
        await put(t, "/mis/other.pem", KEY_OTHER)
        await put(t, "/mis/key.pem", KEY_PEM)
        same(await t.at("AT+SSLINIT"), OKR)
        same(await t.at('AT+SSLSET=0,"/mis/cert.pem"'), OKR)
        same(await t.at('AT+SSLSET=2,"/mis/other.pem"'), OKR)
        same(await t.at("AT+SSLSETOPTS"), sslErr(910))
        expect(sslState()).toBe(1)
        same(await t.at('AT+SSLSET=2,"/mis/key.pem"'), OKR)
        same(await t.at("AT+SSLSETOPTS"), OKR)
    })
    test("a client certificate without its key is 910, a key without its certificate 909", async () => {
        const t = await quiet()
        await put(t, "/pair/cert.pem", CERT_PEM)
        await put(t, "/pair/key.pem", KEY_SEC1)
        same(await t.at("AT+SSLINIT"), OKR)
        same(await t.at('AT+SSLSET=0,"/pair/cert.pem"'), OKR)
        same(await t.at("AT+SSLSETOPTS"), sslErr(910))
        same(await t.at('AT+SSLSET=0,""'), OKR)
        same(await t.at('AT+SSLSET=2,"/pair/key.pem"'), OKR)
        same(await t.at("AT+SSLSETOPTS"), sslErr(909))
        same(await t.at('AT+SSLSET=0,"/pair/cert.pem"'), OKR)
        same(await t.at("AT+SSLSETOPTS"), OKR)
    })
    test("DER files pass; a DER file with a byte missing or one too many does not", async () => {
        const t = await quiet()
        const der = Buffer.from(CERT_DER, "hex")
        same(await upload(t, "/der/ca.der", der, 100), fr(fileLine("/der/ca.der", der)) + OKR)
        const short = der.slice(0, der.length - 1)
        same(await upload(t, "/der/short.der", short, 100), fr(fileLine("/der/short.der", short)) + OKR)
        const long = Buffer.concat(der, Buffer.from([0]))
        same(await upload(t, "/der/long.der", long, 100), fr(fileLine("/der/long.der", long)) + OKR)
        same(await t.at("AT+SSLINIT"), OKR)
        same(await t.at('AT+SSLSET=1,"/der/short.der"'), OKR)
        same(await t.at("AT+SSLSETOPTS"), sslErr(908))
        same(await t.at('AT+SSLSET=1,"/der/long.der"'), OKR)
        same(await t.at("AT+SSLSETOPTS"), sslErr(908))
        same(await t.at('AT+SSLSET=1,"/der/ca.der"'), OKR)
        same(await t.at("AT+SSLSETOPTS"), OKR)
    })
})

describe("upload stall", () => {
    cleanup()
    test(`no byte for ${UPLOAD_STALL_MS / 1000} s aborts with 907 and stores nothing; bytes still arriving keep it going`, async () => {
        const t = await quiet()
        await t.feed('AT+SSLFILE=0,"/st/x.bin",10\r')
        same(await waitFor(t, "\r\n> "), "\r\n> ")
        // a byte 15 s after the prompt restarts the 20 s limit: nothing happens at the 20 s mark
        await ds.sleep(15000)
        await t.feed("a")
        const t0 = ds.millis()
        await ds.sleep(UPLOAD_STALL_MS - 2000)
        same(t.take(), "")
        const got = await waitFor(t, sslErr(907), 5000)
        const dt = ds.millis() - t0
        same(got, sslErr(907))
        expect(dt >= UPLOAD_STALL_MS - 100).toBe(true)
        expect(dt < UPLOAD_STALL_MS + 2500).toBe(true)
        same(await t.at('AT+SSLFILE=3,"/st/x.bin"'), sslErr(905))
        // back in command mode
        same(await t.at("AT"), OKR)
    })
})
