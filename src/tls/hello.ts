// ClientHello construction and ServerHello / HelloRetryRequest parsing (RFC 8446 4.1, RFC 5246 7.4.1).
import { ByteReader, ByteWriter, bufEq } from "./bytes"
import { Alert, TlsError } from "./errors"

export const enum HandshakeType {
    HelloRequest = 0,
    ClientHello = 1,
    ServerHello = 2,
    NewSessionTicket = 4,
    EndOfEarlyData = 5,
    EncryptedExtensions = 8,
    Certificate = 11,
    ServerKeyExchange = 12,
    CertificateRequest = 13,
    ServerHelloDone = 14,
    CertificateVerify = 15,
    ClientKeyExchange = 16,
    Finished = 20,
    KeyUpdate = 24,
    MessageHash = 254,
}

export const enum Ext {
    ServerName = 0,
    MaxFragmentLength = 1,
    SupportedGroups = 10,
    EcPointFormats = 11,
    SignatureAlgorithms = 13,
    Alpn = 16,
    ExtendedMasterSecret = 23,
    RecordSizeLimit = 28,
    SessionTicket = 35,
    PreSharedKey = 41,
    EarlyData = 42,
    SupportedVersions = 43,
    Cookie = 44,
    PskKeyExchangeModes = 45,
    SignatureAlgorithmsCert = 50,
    KeyShare = 51,
    RenegotiationInfo = 0xff01,
}

/** SHA-256("HelloRetryRequest"): the ServerHello.random of a HelloRetryRequest (RFC 8446 4.1.3) */
export const HRR_RANDOM = hex`cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c`
/** last 8 bytes of ServerHello.random of a TLS 1.3 server negotiating TLS 1.2 (RFC 8446 4.1.3) */
export const DOWNGRADE_TLS12 = hex`444f574e47524401`

/**
 * The extensions that never change, as data: ec_point_formats = uncompressed (RFC 8422 5.1.2);
 * signature_algorithms = SIG_SCHEMES of suites.ts (ecdsa_secp256r1_sha256, ecdsa_secp384r1_sha384,
 * rsa_pss_rsae_sha256/384/512, rsa_pkcs1_sha256/384/512); extended_master_secret (RFC 7627); an empty
 * renegotiation_info (RFC 5746).
 */
const FIXED_EXTENSIONS = hex`000b00020100000d001200100403050308040805080604010501060100170000ff01000100`

export interface KeyShareEntry {
    group: number
    pub: Buffer
}

export interface ClientHelloParams {
    random: Buffer
    sessionId: Buffer
    suites: number[]
    /** supported_versions content, e.g. [0x0304, 0x0303]; empty: TLS 1.2 only, no extension */
    versions: number[]
    /** SNI host name, or null */
    serverName: string
    groups: number[]
    /** TLS 1.3 key shares */
    keyShares: KeyShareEntry[]
    /** HelloRetryRequest cookie to echo, or null */
    cookie: Buffer
}

/** A ClientHello handshake message (4-byte header included). */
export function buildClientHello(p: ClientHelloParams): Buffer {
    const w = new ByteWriter(512)
    w.u8(HandshakeType.ClientHello)
    const endMsg = w.lenField(3)
    w.u16(0x0303) // legacy_version
    w.bytes(p.random)
    w.vec(p.sessionId, 1)
    const endSuites = w.lenField(2)
    for (let i = 0; i < p.suites.length; i++) w.u16(p.suites[i])
    endSuites()
    w.u8(1) // compression methods: null
    w.u8(0)
    const endExts = w.lenField(2)
    if (p.serverName) {
        const name = Buffer.from(p.serverName)
        w.u16(Ext.ServerName)
        const e = w.lenField(2)
        const l = w.lenField(2)
        w.u8(0) // host_name
        w.vec(name, 2)
        l()
        e()
    }
    w.u16(Ext.SupportedGroups)
    let e = w.lenField(2)
    let l = w.lenField(2)
    for (let i = 0; i < p.groups.length; i++) w.u16(p.groups[i])
    l()
    e()
    w.bytes(FIXED_EXTENSIONS)
    if (p.versions.length > 0) {
        w.u16(Ext.SupportedVersions)
        e = w.lenField(2)
        const lv = w.lenField(1)
        for (let i = 0; i < p.versions.length; i++) w.u16(p.versions[i])
        lv()
        e()
        if (p.cookie) {
            w.u16(Ext.Cookie)
            e = w.lenField(2)
            w.vec(p.cookie, 2)
            e()
        }
        w.u16(Ext.KeyShare)
        e = w.lenField(2)
        l = w.lenField(2)
        for (let i = 0; i < p.keyShares.length; i++) {
            w.u16(p.keyShares[i].group)
            w.vec(p.keyShares[i].pub, 2)
        }
        l()
        e()
    }
    endExts()
    endMsg()
    return w.result()
}

export class ServerHello {
    raw: Buffer
    legacyVersion: number
    random: Buffer
    sessionId: Buffer
    suite: number
    isHrr: boolean
    /** supported_versions selection, 0 if absent */
    selectedVersion: number
    /** key_share: the server's group (in a HelloRetryRequest: the group it wants) */
    keyShareGroup: number
    keySharePub: Buffer
    cookie: Buffer
    ems: boolean
    /** renegotiation_info content (null when absent) */
    renegInfo: Buffer
    /** extension types present, for "not offered" checks */
    extTypes: number[]
}

/** Parses a ServerHello or HelloRetryRequest message (header included). */
export function parseServerHello(msg: Buffer): ServerHello {
    const sh = new ServerHello()
    sh.raw = msg
    const r = new ByteReader(msg, "ServerHello", 4)
    sh.legacyVersion = r.int(2)
    sh.random = r.bytes(32)
    sh.sessionId = r.vec(1)
    if (sh.sessionId.length > 32) throw new TlsError(Alert.IllegalParameter, "ServerHello session id longer than 32")
    sh.suite = r.int(2)
    if (r.int(1) !== 0) throw new TlsError(Alert.IllegalParameter, "ServerHello selects a compression method")
    sh.isHrr = bufEq(sh.random, HRR_RANDOM)
    sh.selectedVersion = 0
    sh.keyShareGroup = 0
    sh.keySharePub = null
    sh.cookie = null
    sh.ems = false
    sh.renegInfo = null
    sh.extTypes = []
    if (r.remaining() === 0) return sh // TLS 1.2 without extensions
    const exts = r.sub(2, "ServerHello extensions")
    r.done()
    while (exts.remaining() > 0) {
        const type = exts.int(2)
        const body = exts.sub(2, "ServerHello extension")
        if (sh.extTypes.indexOf(type) >= 0)
            throw new TlsError(Alert.IllegalParameter, "ServerHello repeats extension " + type)
        sh.extTypes.push(type)
        if (type === Ext.SupportedVersions) {
            sh.selectedVersion = body.int(2)
        } else if (type === Ext.KeyShare) {
            sh.keyShareGroup = body.int(2)
            if (!sh.isHrr) sh.keySharePub = body.vec(2)
        } else if (type === Ext.Cookie) {
            sh.cookie = body.vec(2)
            if (sh.cookie.length === 0) throw new TlsError(Alert.DecodeError, "empty cookie")
        } else if (type === Ext.ExtendedMasterSecret) {
            sh.ems = true
        } else if (type === Ext.RenegotiationInfo) {
            sh.renegInfo = body.vec(1)
        } else {
            body.pos = body.end
        }
        body.done()
    }
    return sh
}
