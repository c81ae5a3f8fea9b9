// HTTP/1.1 client against real loopback servers started by test/node/http.test.mjs.
import { describe, test, expect } from "@devicescript/test"
import { connect } from "@devicescript/net"
import { asciiText, httpExchange, HttpRequest, HttpResult, parseUrl, requestHead, HTTP_E_BAD, HTTP_E_CLOSED, HTTP_E_HEAD, HTTP_E_TIMEOUT } from "../../src/http/client"
import { charge, relax } from "../../src/platform/budget"
import * as gen from "../gen/http"

interface Got {
    res: HttpResult
    heads: number
    len: number
    adler: number
    text: string
}

async function get(port: number, path: string, req?: any, timeoutMs = 5000): Promise<Got> {
    const s = await connect({ host: "127.0.0.1", port: port, proto: "tcp" })
    const r: HttpRequest = { method: "GET", host: "127.0.0.1:" + port, target: path }
    if (req) {
        const ks = Object.keys(req)
        for (let i = 0; i < ks.length; i++) (r as any)[ks[i]] = req[ks[i]]
    }
    const g: Got = { res: null, heads: 0, len: 0, adler: 0, text: "" }
    let a = 1
    let b = 0
    g.res = await httpExchange(
        s,
        r,
        timeoutMs,
        async () => {
            g.heads++
        },
        async chunk => {
            for (let i = 0; i < chunk.length; i++) {
                a = (a + chunk[i]) | 0
                b = (b + a) | 0
                if ((i & 255) === 255 && charge(256)) await relax()
            }
            g.len += chunk.length
            if (g.text.length < 512) g.text += asciiText(chunk.slice(0, Math.min(512, chunk.length)))
        }
    )
    g.adler = ((b & 0xffff) * 65536 + (a & 0xffff)) >>> 0
    await s.close()
    return g
}

describe("url", () => {
    test("parses scheme, host, port and path", () => {
        const u = parseUrl("https://www.siteaddress.com:4433")
        expect(u.scheme).toBe("https")
        expect(u.host).toBe("www.siteaddress.com")
        expect(u.port).toBe(4433)
        expect(u.path).toBe("/")
        const v = parseUrl("HTTP://h/a/b?c=d")
        expect(v.port).toBe(80)
        expect(v.path).toBe("/a/b?c=d")
        expect(parseUrl("https://h?x=1").path).toBe("/?x=1")
        expect(parseUrl("https://h").port).toBe(443)
    })
    test("rejects what is not an http(s) URL", () => {
        expect(parseUrl("ftp://h/")).toBe(null)
        expect(parseUrl("www.example.com")).toBe(null)
        expect(parseUrl("http://h:99999/")).toBe(null)
        expect(parseUrl("http://h:x/")).toBe(null)
        expect(parseUrl("http://user@h/")).toBe(null)
        expect(parseUrl("http:///x")).toBe(null)
    })
    test("request head carries Host, auth, custom headers, length, close", async () => {
        const h = await requestHead({
            method: "POST",
            host: "h:81",
            target: "/p",
            user: "u",
            password: "p",
            headers: ["X-A", "1"],
            bodyLength: 3,
        })
        expect(h).toBe(
            "POST /p HTTP/1.1\r\nHost: h:81\r\nAuthorization: Basic dTpw\r\nX-A: 1\r\nContent-Length: 3\r\nConnection: close\r\n\r\n"
        )
    })
})

describe("http against node:http", () => {
    test("empty body", async () => {
        const g = await get(gen.HTTP_PORT, "/len0")
        expect(g.res.err).toBe("")
        expect(g.res.status).toBe(200)
        expect(g.heads).toBe(1)
        expect(g.len).toBe(0)
    })
    test("one-byte body", async () => {
        const g = await get(gen.HTTP_PORT, "/len1")
        expect(g.res.err).toBe("")
        expect(g.len).toBe(1)
        expect(g.adler).toBe(gen.ADLER_LEN1)
    })
    test("64 KB body streams whole", async () => {
        const g = await get(gen.HTTP_PORT, "/len64k")
        expect(g.res.err).toBe("")
        expect(g.res.bytes).toBe(65536)
        expect(g.len).toBe(65536)
        expect(g.adler).toBe(gen.ADLER_LEN64K)
    })
    test("chunked body is decoded", async () => {
        const g = await get(gen.HTTP_PORT, "/chunked")
        expect(g.res.err).toBe("")
        expect(g.len).toBe(gen.LEN_CHUNKED)
        expect(g.adler).toBe(gen.ADLER_CHUNKED)
    })
    test("POST body, basic auth and custom header reach the server", async () => {
        let sent = false
        const g = await get(gen.HTTP_PORT, "/echo", {
            method: "POST",
            user: "alice",
            password: "s3cret",
            headers: ["X-Custom", "v1"],
            bodyLength: 3000,
            body: async () => {
                if (sent) return null
                sent = true
                const b = Buffer.alloc(3000)
                for (let i = 0; i < b.length; i++) b[i] = 0x5a
                return b
            },
        })
        expect(g.res.err).toBe("")
        const info = JSON.parse(g.text)
        expect(info.method).toBe("POST")
        expect(info.host).toBe("127.0.0.1:" + gen.HTTP_PORT)
        expect(info.auth).toBe("Basic YWxpY2U6czNjcmV0")
        expect(info.custom).toBe("v1")
        expect(info.length).toBe(3000)
        expect(info.sha).toBe(gen.SHA_POST)
    })
    test("a redirect is reported, not followed", async () => {
        const g = await get(gen.HTTP_PORT, "/redirect")
        expect(g.res.err).toBe("")
        expect(g.res.status).toBe(301)
        expect(g.res.location).toBe("https://elsewhere.example/next")
    })
    test("404 and 500 statuses with their reasons", async () => {
        const g = await get(gen.HTTP_PORT, "/missing")
        expect(g.res.status).toBe(404)
        expect(g.res.reason).toBe("Not Found")
        expect(g.text).toBe("not here\n")
        const h = await get(gen.HTTP_PORT, "/boom")
        expect(h.res.status).toBe(500)
        expect(h.res.reason).toBe("Internal Server Error")
    })
})

describe("http against misbehaving peers", () => {
    test("garbage instead of a status line", async () => {
        const g = await get(gen.RAW_PORT, "/garbage")
        expect(g.res.err).toBe(HTTP_E_BAD)
        expect(g.heads).toBe(0)
    })
    test("body shorter than Content-Length", async () => {
        const g = await get(gen.RAW_PORT, "/short")
        expect(g.res.err).toBe(HTTP_E_CLOSED)
        expect(g.res.bytes).toBe(10)
    })
    test("chunk extensions and trailers", async () => {
        const g = await get(gen.RAW_PORT, "/chunkext")
        expect(g.res.err).toBe("")
        expect(g.text).toBe("abc")
    })
    test("malformed chunk size", async () => {
        const g = await get(gen.RAW_PORT, "/badchunk")
        expect(g.res.err).toBe(HTTP_E_BAD)
    })
    test("HTTP/1.0 body until close", async () => {
        const g = await get(gen.RAW_PORT, "/untilclose")
        expect(g.res.err).toBe("")
        expect(g.text).toBe("hello until close")
    })
    test("header block over the limit", async () => {
        const g = await get(gen.RAW_PORT, "/hugehead")
        expect(g.res.err).toBe(HTTP_E_HEAD)
    })
    test("a silent server times out", async () => {
        const g = await get(gen.RAW_PORT, "/silent", null, 300)
        expect(g.res.err).toBe(HTTP_E_TIMEOUT)
    })
    test("the next connection still works", async () => {
        const g = await get(gen.HTTP_PORT, "/len1")
        expect(g.res.err).toBe("")
        expect(g.len).toBe(1)
    })
})
