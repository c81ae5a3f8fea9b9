// TLS client: connect, ClientHello, ServerHello (with one HelloRetryRequest), version and suite negotiation
// with the downgrade sentinel check, then the TLS 1.3 or TLS 1.2 handshake. Reads top to bottom.
import * as ds from "@devicescript/core"
import { connect } from "@devicescript/net"
import { randomBuffer } from "@devicescript/crypto"
import { bufEq } from "./bytes"
import { Alert, TlsError, asTlsError } from "./errors"
import { HandshakeReader, Transcript } from "./handshake"
import { DOWNGRADE_TLS12, Ext, HandshakeType, KeyShareEntry, buildClientHello, parseServerHello } from "./hello"
import { ENGINE_SSLAT, TlsInfo, setLastTlsInfo } from "./info"
import { KeyShare, newKeyShare } from "./kex"
import { ContentType, RecordLayer, Transport } from "./record"
import { GROUP_SECP256R1, GROUP_SECP384R1, GROUP_X25519, SUITES, Suite, TLS12, TLS13, hex4, suiteById, versionName } from "./suites"
import { TlsSocket, abortConnection } from "./conn"
import { aeadImpl, groupImpl, signImpl, tls12Impl, tls13Impl } from "./features"
import { PrivateKey } from "../x509/keys"

export interface TlsOptions {
    host: string
    port: number
    /** name for SNI and the certificate check; default `host` (no SNI for an IP address) */
    serverName?: string
    /** CA file content (PEM or DER, one certificate or a bundle): the trust anchors when verifying */
    ca?: Buffer
    /** check the server's chain and name (default true); false: unverified, and recorded as such */
    verify?: boolean
    /** lowest / highest version allowed (default TLS 1.2 / TLS 1.3) */
    minVersion?: number
    maxVersion?: number
    /** allowed suite ids in preference order (default: every suite implemented) */
    suites?: number[]
    /** key exchange groups in preference order; the first gets a TLS 1.3 key share (default: GROUP_PREFERENCE) */
    groups?: number[]
    /** per-read timeout during the handshake in ms (default 30 s) */
    timeoutMs?: number
    /** an open byte stream (e.g. a proxy tunnel) to use instead of a new TCP connection */
    transport?: Transport
    /**
     * client authentication, when the server asks for it: our certificates (DER, leaf first) and the leaf's
     * private key (src/x509/keys.ts; ECDSA P-256 or RSA). Without them an empty Certificate answers.
     */
    clientChain?: Buffer[]
    clientKey?: PrivateKey
}

/** key exchange preference: x25519, then secp256r1, then secp384r1 (those built in) */
export const GROUP_PREFERENCE = [GROUP_X25519, GROUP_SECP256R1, GROUP_SECP384R1]

/** Handshake state shared by the TLS 1.3 and TLS 1.2 flows. */
export class Hs {
    rl: RecordLayer
    hr: HandshakeReader
    tr: Transcript
    opts: TlsOptions
    info: TlsInfo
    clientRandom: Buffer
    serverRandom: Buffer
    suite: Suite
    groups: number[]
    /** host name checked against the certificate ("" for none) */
    serverName: string

    constructor(rl: RecordLayer, opts: TlsOptions, info: TlsInfo) {
        this.rl = rl
        this.hr = new HandshakeReader(rl)
        this.tr = new Transcript()
        this.opts = opts
        this.info = info
    }

    /** adds a handshake message to the transcript and sends it */
    async send(msg: Buffer) {
        await this.tr.add(msg)
        await this.rl.writeRecord(ContentType.Handshake, msg)
    }

    /** reads the next handshake message of `type` and adds it to the transcript */
    async expect(type: number, name: string): Promise<Buffer> {
        const m = await this.hr.expect(type, name)
        await this.tr.add(m)
        return m
    }
}

/** unsupported_extension unless every type is in `allowed` (",t1,t2,"): answers must match what we offered */
export function onlyExtensions(types: number[], allowed: string, msg: string) {
    for (let i = 0; i < types.length; i++)
        if (allowed.indexOf("," + types[i] + ",") < 0)
            throw new TlsError(Alert.UnsupportedExtension, msg + " carries extension " + types[i] + " we did not offer")
}

/** true for a dotted IPv4 address or an IPv6 literal (no SNI for those, RFC 6066 3) */
export function isIpLiteral(host: string): boolean {
    // a DNS name's last label is never all digits (RFC 3696 2), an IPv4 literal's always is; IPv6 has ':'
    const last = host.slice(host.lastIndexOf(".") + 1)
    return host.indexOf(":") >= 0 || (last.length > 0 && "" + parseInt(last) === last)
}

/** The suites the options allow and the build implements, in preference order. */
export function allowedSuites(opts: TlsOptions): Suite[] {
    const minV = opts.minVersion || TLS12
    const maxV = opts.maxVersion || TLS13
    const ids = opts.suites || SUITES.map(s => s.id)
    const r: Suite[] = []
    for (let i = 0; i < ids.length; i++) {
        const s = suiteById(ids[i])
        if (!s || s.version < minV || s.version > maxV || !aeadImpl(s.aead)) continue
        if (!(s.version === TLS12 ? tls12Impl.run : tls13Impl.run)) continue
        r.push(s)
    }
    return r
}

/** The groups the options allow and the build implements, in preference order. */
export function allowedGroups(opts: TlsOptions): number[] {
    return (opts.groups || GROUP_PREFERENCE).filter(g => !!groupImpl(g))
}

/**
 * Opens a TLS connection with our engine over the runtime's TCP socket (or `opts.transport`). Throws TlsError;
 * the connection's TlsInfo (also `lastTlsInfo()`) records what happened either way.
 */
export async function tlsConnect(opts: TlsOptions): Promise<TlsSocket> {
    const info = new TlsInfo(ENGINE_SSLAT, opts.host, opts.port)
    setLastTlsInfo(info)
    const t0 = ds.millis()
    let transport = opts.transport
    if (!transport) {
        try {
            transport = await connect({ host: opts.host, port: opts.port, proto: "tcp", timeout: opts.timeoutMs || 30000 })
        } catch (e) {
            const err = new TlsError(Alert.None, "TCP connection failed: " + ((e as any).message || e))
            info.fail(err)
            throw err
        }
    }
    const rl = new RecordLayer(transport)
    rl.timeout = opts.timeoutMs || 30000
    try {
        const sock = await handshake(rl, opts, info)
        rl.timeout = undefined
        info.handshakeMs = ds.millis() - t0
        info.state = "connected"
        return sock
    } catch (e) {
        const err = asTlsError(e)
        await abortConnection(rl, err)
        info.handshakeMs = ds.millis() - t0
        info.fail(err)
        throw err
    }
}

async function handshake(rl: RecordLayer, opts: TlsOptions, info: TlsInfo): Promise<TlsSocket> {
    const hs = new Hs(rl, opts, info)
    if (opts.clientKey && !(signImpl.run && opts.clientChain && opts.clientChain.length))
        throw new TlsError(Alert.InternalError, signImpl.run ? "client key without certificate" : "client authentication not built in")
    const suites = allowedSuites(opts)
    if (suites.length === 0) throw new TlsError(Alert.HandshakeFailure, "the settings allow no cipher suite")
    const offer13 = suites[0].version === TLS13 || suites.some(s => s.version === TLS13)
    const offer12 = suites.some(s => s.version === TLS12)
    hs.groups = allowedGroups(opts)
    if (hs.groups.length === 0) throw new TlsError(Alert.HandshakeFailure, "the settings allow no key exchange group")
    const name = opts.serverName || opts.host
    hs.serverName = name
    hs.clientRandom = randomBuffer(32)
    const sessionId = offer13 ? randomBuffer(32) : Buffer.alloc(0)
    const versions: number[] = []
    if (offer13) versions.push(TLS13)
    if (offer13 && offer12) versions.push(TLS12)
    const suiteIds = suites.map(s => s.id)

    // ClientHello (a TLS 1.3 key share for the first group only; the server asks for another with HRR)
    let share: KeyShare = offer13 ? await newKeyShare(hs.groups[0]) : null
    const params = {
        random: hs.clientRandom,
        sessionId: sessionId,
        suites: suiteIds,
        versions: versions,
        serverName: isIpLiteral(name) ? null : name,
        groups: hs.groups,
        keyShares: (share ? [{ group: share.group, pub: share.pub }] : []) as KeyShareEntry[],
        cookie: null as Buffer,
    }
    rl.writeVersion = 0x0301
    await hs.send(buildClientHello(params))
    rl.writeVersion = 0x0303

    let sh = parseServerHello(await hs.hr.expect(HandshakeType.ServerHello, "ServerHello"))
    if (sh.isHrr) {
        // HelloRetryRequest (RFC 8446 4.1.4): only in TLS 1.3, once, for a group we offered without a share
        if (!offer13 || sh.selectedVersion !== TLS13)
            throw new TlsError(Alert.IllegalParameter, "HelloRetryRequest without TLS 1.3")
        if (suiteIds.indexOf(sh.suite) < 0 || suiteById(sh.suite).version !== TLS13)
            throw new TlsError(Alert.IllegalParameter, "HelloRetryRequest selects a suite we did not offer")
        const g = sh.keyShareGroup
        if (g !== 0 && (hs.groups.indexOf(g) < 0 || g === share.group))
            throw new TlsError(Alert.IllegalParameter, "HelloRetryRequest asks for group 0x" + hex4(g))
        if (g === 0 && !sh.cookie) throw new TlsError(Alert.IllegalParameter, "HelloRetryRequest changes nothing")
        info.hrr = true
        await hs.tr.add(sh.raw)
        if (g !== 0) share = await newKeyShare(g)
        params.keyShares = [{ group: share.group, pub: share.pub }]
        params.cookie = sh.cookie
        params.versions = [TLS13] // after HRR only TLS 1.3 remains possible
        await hs.send(buildClientHello(params))
        const hrrSuite = sh.suite
        sh = parseServerHello(await hs.hr.expect(HandshakeType.ServerHello, "ServerHello"))
        if (sh.isHrr) throw new TlsError(Alert.UnexpectedMessage, "second HelloRetryRequest")
        if (sh.suite !== hrrSuite) throw new TlsError(Alert.IllegalParameter, "ServerHello suite differs from HelloRetryRequest")
    }

    // version: supported_versions decides in TLS 1.3; the downgrade sentinel protects an offered TLS 1.3
    let version: number
    if (sh.selectedVersion) {
        if (sh.selectedVersion !== TLS13 || !offer13)
            throw new TlsError(Alert.IllegalParameter, "server selected version " + versionName(sh.selectedVersion))
        version = TLS13
    } else {
        if (sh.legacyVersion !== TLS12 || !offer12)
            throw new TlsError(
                Alert.ProtocolVersion,
                "server chose " + versionName(sh.legacyVersion) + ", the settings allow " + (offer13 ? "TLSv1.3 " : "") + (offer12 ? "TLSv1.2" : "")
            )
        version = TLS12
        if (offer13 && bufEq(sh.random.slice(24, 32), DOWNGRADE_TLS12))
            throw new TlsError(Alert.IllegalParameter, "downgrade to TLS 1.2 detected (server random carries the TLS 1.3 sentinel)")
    }
    if (info.hrr && version !== TLS13) throw new TlsError(Alert.IllegalParameter, "TLS 1.2 after HelloRetryRequest")
    const suite = suiteById(sh.suite)
    if (suiteIds.indexOf(sh.suite) < 0 || suite.version !== version)
        throw new TlsError(Alert.IllegalParameter, "server selected a cipher suite we did not offer: 0x" + hex4(sh.suite))
    if (version === TLS13 && !bufEq(sh.sessionId, sessionId))
        throw new TlsError(Alert.IllegalParameter, "ServerHello does not echo our session id")
    hs.suite = suite
    hs.serverRandom = sh.random
    info.version = versionName(version)
    info.suite = suite.name
    // a TLS 1.2 CertificateVerify signs the messages with SHA-256 whatever the suite's hash
    await hs.tr.start(suite.hash, info.hrr, version === TLS12 && !!opts.clientKey)
    await hs.tr.add(sh.raw)

    if (version === TLS13) {
        onlyExtensions(sh.extTypes, ",43,51,", "ServerHello")
        if (sh.keyShareGroup !== share.group || !sh.keySharePub)
            throw new TlsError(Alert.IllegalParameter, "server key share is not for the group we offered")
        return await tls13Impl.run(hs, share, sh.keySharePub)
    }
    // renegotiation_info, extended_master_secret, ec_point_formats, server_name
    onlyExtensions(sh.extTypes, ",65281,23,11,0,", "ServerHello")
    return await tls12Impl.run(hs, sh)
}
