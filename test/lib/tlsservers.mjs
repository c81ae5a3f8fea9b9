// Real TLS peers on loopback for the TLS engine tests: node:tls servers, `openssl s_server`, a tampering
// proxy (flips a bit, truncates, oversizes a record, strips TLS 1.3 from a ClientHello), a garbage server, and
// a control server through which VM test code asks what a server saw (negotiated version and suite read on the
// server side). Everything listens on the loopback dual-stack wildcard with a free port chosen by the OS.
import { spawn } from "node:child_process"
import net from "node:net"
import tls from "node:tls"
import { createHash } from "node:crypto"

/** OpenSSL suite names → IANA names, for the suites the engine knows. */
export const IANA = {
    "ECDHE-ECDSA-AES128-GCM-SHA256": "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
    "ECDHE-ECDSA-AES256-GCM-SHA384": "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
    "ECDHE-RSA-AES128-GCM-SHA256": "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
    "ECDHE-RSA-AES256-GCM-SHA384": "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
    "ECDHE-ECDSA-CHACHA20-POLY1305": "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
    "ECDHE-RSA-CHACHA20-POLY1305": "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
}
export function ianaName(s) {
    return IANA[s] || s
}

/** Byte i of a BULK reply: the client checks every byte. */
export function bulkByte(i) {
    return (i * 31 + 7) & 255
}
export function bulkBytes(n) {
    const b = Buffer.alloc(n)
    for (let i = 0; i < n; i++) b[i] = bulkByte(i)
    return b
}

function listen(server) {
    return new Promise((res, rej) => {
        server.once("error", rej)
        server.listen(0, () => res(server.address().port))
    })
}

function reverseLine(line) {
    return Buffer.from(line).reverse().toString("latin1")
}

/**
 * Line protocol spoken by the node:tls server (a superset of `openssl s_server -rev`):
 * - "BULK <n>": the server sends n bytes (bulkByte pattern) in 16 KB writes, then ends with close_notify. Keep
 *   n small (≤ 32 KB): the simulator reads the socket eagerly into the VM heap, there is no TCP flow control.
 * - "PULL <n>": the same n bytes, but one 16 KB write per line received from the client (the first at once),
 *   then close_notify: the client paces the stream (test-level flow control, see above).
 * - "SHA <n>": the server reads n more raw bytes and answers with their SHA-256 in hex and "\n".
 * - "CLOSE": the server ends the connection (close_notify) without answering.
 * - any other line: answered reversed (like s_server -rev).
 */
function serveLines(sock, onLine) {
    let buf = Buffer.alloc(0)
    let raw = 0
    let hash = null
    let pull = null
    const pullNext = () => {
        sock.write(pull.subarray(0, 16384))
        pull = pull.subarray(16384)
        if (!pull.length) {
            pull = null
            sock.end()
        }
    }
    sock.on("data", d => {
        buf = Buffer.concat([buf, d])
        for (;;) {
            if (raw > 0) {
                const k = Math.min(raw, buf.length)
                hash.update(buf.subarray(0, k))
                buf = buf.subarray(k)
                raw -= k
                if (raw === 0) sock.write(hash.digest("hex") + "\n")
                else break
            }
            const i = buf.indexOf(10)
            if (i < 0) break
            const line = buf.subarray(0, i).toString("latin1").trim()
            buf = buf.subarray(i + 1)
            let m
            if (pull) {
                pullNext() // an acknowledgement line: next 16 KB
            } else if ((m = /^PULL (\d+)$/.exec(line))) {
                pull = bulkBytes(+m[1])
                pullNext()
            } else if ((m = /^BULK (\d+)$/.exec(line))) {
                const data = bulkBytes(+m[1])
                for (let off = 0; off < data.length; off += 16384) sock.write(data.subarray(off, off + 16384))
                sock.end()
            } else if ((m = /^SHA (\d+)$/.exec(line))) {
                raw = +m[1]
                hash = createHash("sha256")
                if (raw === 0) sock.write(hash.digest("hex") + "\n")
            } else if (line === "CLOSE") {
                sock.end()
            } else {
                sock.write(reverseLine(line) + "\n")
            }
            if (onLine) onLine(line)
        }
    })
}

/**
 * node:tls server. opts: { chain (from Pki.chain), minVersion, maxVersion, ciphers (OpenSSL/IANA names),
 * ecdhCurve, sigalgs, requestCert }. `sessions` records {version, suite, ok, error} per connection.
 */
export async function nodeTlsServer(opts) {
    const sessions = []
    const server = tls.createServer({
        key: opts.chain.keyPem,
        cert: opts.chain.chainPem,
        minVersion: opts.minVersion || "TLSv1.2",
        maxVersion: opts.maxVersion || "TLSv1.3",
        ciphers: opts.ciphers,
        ecdhCurve: opts.ecdhCurve,
        sigalgs: opts.sigalgs,
        // only the DHE-less suites we name are allowed; never ask for a client cert
        requestCert: false,
    })
    server.on("secureConnection", sock => {
        const rec = {
            version: sock.getProtocol(),
            suite: sock.getCipher().standardName,
            servername: sock.servername || null,
            ok: true,
        }
        sessions.push(rec)
        sock.on("error", e => (rec.error = e.code || e.message))
        serveLines(sock)
    })
    server.on("tlsClientError", (e, s) => {
        sessions.push({ ok: false, error: e.code || e.message })
        s.destroy()
    })
    const port = await listen(server)
    return {
        kind: "node",
        port,
        sessions,
        last: () => sessions[sessions.length - 1] || null,
        close: () => new Promise(r => server.close(() => r())),
    }
}

/**
 * `openssl s_server -rev` (answers each line reversed). opts: { chain, tls13: bool (else TLS 1.2 only), suites
 * (TLS 1.3 names, -ciphersuites), cipher (TLS 1.2 OpenSSL names, -cipher), groups, sigalgs, extra: [...] }.
 * `sessions` is read from what s_server prints for each connection: version and suite on the server side.
 */
export async function opensslServer(opts) {
    const args = ["s_server", "-accept", "0", "-rev", "-cert", opts.chain.leaf.certFile, "-key", opts.chain.keyFile]
    if (opts.chain.inter) args.push("-cert_chain", opts.chain.inter.certFile)
    if (opts.versions === "1.3" || opts.tls13) args.push("-tls1_3")
    else if (opts.versions === "1.2" || opts.tls13 === false) args.push("-tls1_2")
    if (opts.suites) args.push("-ciphersuites", opts.suites)
    if (opts.cipher) args.push("-cipher", opts.cipher)
    if (opts.groups) args.push("-groups", opts.groups)
    if (opts.sigalgs) args.push("-sigalgs", opts.sigalgs)
    if (opts.extra) args.push(...opts.extra)
    const p = spawn("openssl", args, { stdio: ["pipe", "pipe", "pipe"] })
    const sessions = []
    let out = ""
    let err = ""
    let cur = null
    p.stderr.on("data", d => {
        err += d
        let i
        while ((i = err.indexOf("\n")) >= 0) {
            const line = err.slice(0, i)
            err = err.slice(i + 1)
            let m
            if (line === "CONNECTION ESTABLISHED") {
                cur = { ok: true }
                sessions.push(cur)
            } else if (cur && (m = /^Protocol version: (\S+)/.exec(line))) cur.version = m[1]
            else if (cur && (m = /^Ciphersuite: (\S+)/.exec(line))) cur.suite = ianaName(m[1])
            else if (cur && (m = /^Supported groups: (\S+)/.exec(line))) cur.clientGroups = m[1]
            else if (/error|ERROR/.test(line) && !/^verify/.test(line)) sessions.push({ ok: false, error: line })
        }
    })
    const port = await new Promise((res, rej) => {
        const t = setTimeout(() => rej(new Error("openssl s_server did not start: " + out + err)), 10000)
        p.stdout.on("data", d => {
            out += d
            const m = /ACCEPT \S*:(\d+)/.exec(out)
            if (m) {
                clearTimeout(t)
                res(+m[1])
            }
        })
        p.on("exit", c => rej(new Error(`openssl s_server exited ${c}: ${out}${err}`)))
    })
    return {
        kind: "openssl",
        port,
        sessions,
        last: () => sessions.filter(s => s.ok).pop() || null,
        close: () =>
            new Promise(r => {
                if (p.exitCode !== null) return r()
                p.once("exit", () => r())
                p.kill()
            }),
    }
}

/** Splits a byte stream into TLS records; calls onRecord(type, header+body Buffer). */
class RecordSplitter {
    constructor(onRecord) {
        this.buf = Buffer.alloc(0)
        this.onRecord = onRecord
    }
    push(d) {
        this.buf = Buffer.concat([this.buf, d])
        while (this.buf.length >= 5) {
            const len = this.buf.readUInt16BE(3)
            if (this.buf.length < 5 + len) break
            const rec = this.buf.subarray(0, 5 + len)
            this.buf = this.buf.subarray(5 + len)
            this.onRecord(rec[0], rec)
        }
    }
    /** bytes of an incomplete record */
    rest() {
        return this.buf
    }
}

/** Renames extension `type` in a ClientHello record (header included) to `to`; returns true if found. */
export function renameHelloExtension(rec, type, to) {
    // record(5) type(1) len(3) version(2) random(32) sid
    let p = 5 + 4 + 2 + 32
    p += 1 + rec[p]
    p += 2 + rec.readUInt16BE(p) // suites
    p += 1 + rec[p] // compression
    const end = p + 2 + rec.readUInt16BE(p)
    p += 2
    while (p + 4 <= end) {
        const t = rec.readUInt16BE(p)
        const l = rec.readUInt16BE(p + 2)
        if (t === type) {
            rec.writeUInt16BE(to, p)
            return true
        }
        p += 4 + l
    }
    return false
}

/**
 * A proxy between the VM and `target` port that tampers with the first large server→client record (≥ minLen
 * bytes, default 16000, i.e. an application-data record; handshake records are smaller) or with the
 * ClientHello. mode: "flip" (flip one bit in the middle of the record), "truncate" (send half of the record, then
 * close), "eof" (close at the record boundary before that record, no close_notify), "oversize:<n>" (send a
 * record header announcing n bytes followed by 64 bytes of it instead, and keep the connection open: the client
 * must refuse at the header, without waiting for or buffering the body), "nov13" (rename supported_versions in
 * the ClientHello, so a TLS 1.3 server negotiates TLS 1.2 and sets the downgrade sentinel), "pass".
 * `events` lists what was done.
 */
export async function tamperProxy(targetPort, mode, minLen = 16000) {
    const events = []
    const server = net.createServer(client => {
        const up = net.connect(targetPort, "localhost")
        let done = false
        const kill = () => {
            client.destroy()
            up.destroy()
        }
        client.on("error", kill)
        up.on("error", kill)
        client.on("close", () => up.destroy())
        up.on("close", () => client.end())
        let first = true
        const cs = new RecordSplitter((type, rec) => {
            if (first && mode === "nov13") {
                first = false
                if (renameHelloExtension(rec, 43, 0x7a7a)) events.push("supported_versions renamed")
            }
            up.write(rec)
        })
        client.on("data", d => cs.push(d))
        const sc = new RecordSplitter((type, rec) => {
            if (done || rec.length < minLen || mode === "pass" || mode === "nov13") return client.write(rec)
            done = true
            if (mode === "flip") {
                rec[rec.length >> 1] ^= 0x10
                events.push("flipped")
                client.write(rec)
            } else if (mode === "truncate") {
                events.push("truncated")
                client.end(rec.subarray(0, rec.length >> 1))
                up.destroy()
            } else if (mode === "eof") {
                events.push("eof")
                client.end()
                up.destroy()
            } else if (mode.startsWith("oversize:")) {
                const n = +mode.slice(9)
                const big = Buffer.alloc(5 + 64, 0x5a)
                rec.copy(big, 0, 0, 3)
                big.writeUInt16BE(n, 3)
                events.push("oversize " + n)
                client.write(big)
            } else client.write(rec)
        })
        up.on("data", d => sc.push(d))
    })
    const port = await listen(server)
    return { port, events, close: () => new Promise(r => server.close(() => r())) }
}

/** A TCP server that reads the ClientHello and answers `reply` (bytes), then closes. */
export async function garbageServer(reply) {
    const seen = []
    const server = net.createServer(sock => {
        sock.on("error", () => {})
        sock.once("data", d => {
            seen.push(d.length)
            sock.end(reply)
        })
    })
    const port = await listen(server)
    return { port, seen, close: () => new Promise(r => server.close(() => r())) }
}

/**
 * Control server for VM tests: one request line per connection, answered with one JSON line.
 * handlers: { WORD: async ([rest of the line]) => value }. A request "LAST <name>" is answered by default from
 * `servers[name].last()`.
 */
export async function controlServer(servers, handlers = {}) {
    const server = net.createServer(sock => {
        let buf = ""
        sock.on("error", () => {})
        sock.on("data", async d => {
            buf += d
            const i = buf.indexOf("\n")
            if (i < 0) return
            const line = buf.slice(0, i).trim()
            const word = line.split(" ")[0]
            const args = [line.slice(word.length + 1)] // the rest of the line: server names contain spaces
            buf = buf.slice(i + 1)
            let v
            try {
                if (handlers[word]) v = await handlers[word](args)
                else if (word === "LAST") v = servers[args[0]] ? servers[args[0]].last() : { error: "no server" }
                else if (word === "EVENTS") v = servers[args[0]] ? servers[args[0]].events : { error: "no server" }
                else v = { error: "unknown request " + word }
            } catch (e) {
                v = { error: String(e) }
            }
            sock.end(JSON.stringify(v === undefined ? null : v) + "\n")
        })
    })
    const port = await listen(server)
    return { port, close: () => new Promise(r => server.close(() => r())) }
}
