// TLS client: connect, ClientHello, ServerHello (with one HelloRetryRequest), version and suite negotiation
// with the downgrade sentinel check, then the TLS 1.3 or TLS 1.2 handshake. Reads top to bottom.
// (One function for the hello exchange: the runtime caps a program's code at 64 KB, and each function costs.)
import * as ds from "@devicescript/core"
import { connect } from "@devicescript/net"
import { randomBuffer } from "@devicescript/crypto"
import { ByteReader, ByteWriter, bufEq } from "./bytes"
import { Alert, TlsError, asTlsError, failIf } from "./errors"
import { Hs } from "./handshake"
import { DOWNGRADE_TLS12, FIXED_EXTENSIONS, HRR_RANDOM, Ext, HandshakeType } from "./hello"
import { ENGINE_SSLAT, TlsInfo, setLastTlsInfo } from "./info"
import { newKeyShare } from "./kex"
import { RecordLayer, Transport } from "./record"
import { SUITES, TLS12, TLS13, hex4, suiteById, versionName } from "./suites"
import { TlsSocket, sendAlert } from "./conn"
import { aeadImpls, findImpl, groupImpls, signImpl, tls12Impl, tls13Impl } from "./features"
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

/** key exchange preference: x25519 (0x1d), then secp256r1 (0x17), then secp384r1 (0x18) (those built in) */
export const GROUP_PREFERENCE: any = hex`1d1718` // (bytes: data, not code)

/** unsupported_extension unless every type is in `allowed` (",t1,t2,"): answers must match what we offered */
export function onlyExtensions(types: number[], allowed: string, msg: string) {
    for (let i = 0; i < types.length; i++)
        failIf(allowed.indexOf("," + types[i] + ",") < 0, Alert.UnsupportedExtension, msg + " carries extension " + types[i] + " we did not offer")
}

/**
 * The extensions of a message, the rest of `r` (a list with a 2-byte length): their types are appended to
 * `types`, a reader over each body is returned (same order). A repeated type is illegal_parameter.
 */
export function readExtensions(r: ByteReader, msg: string, types: number[]): ByteReader[] {
    const list = r.sub(2)
    r.done()
    const bodies: ByteReader[] = []
    while (list.pos < list.end) {
        const t = list.int(2)
        failIf(types.indexOf(t) >= 0, Alert.IllegalParameter, msg + " repeats extension " + t)
        types.push(t)
        bodies.push(list.sub(2))
    }
    return bodies
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
    const timeout = opts.timeoutMs || 30000
    let rl: RecordLayer = null
    try {
        if (!transport) {
            try {
                transport = await connect({ host: opts.host, port: opts.port, proto: "tcp", timeout: timeout })
            } catch (e) {
                throw new TlsError(Alert.None, "TCP connection failed: " + ((e as any).message || e))
            }
        }
        rl = new RecordLayer(transport)
        rl.timeout = timeout
        let sock: TlsSocket
        const hs = new Hs(rl, opts, info)
        const key = opts.clientKey
        failIf(key && !(signImpl.run && opts.clientChain && opts.clientChain.length), Alert.InternalError, signImpl.run ? "client key without certificate" : "client authentication not built in")
        // the suites the options allow and the build implements, in preference order
        const minV = opts.minVersion || TLS12
        const maxV = opts.maxVersion || TLS13
        const want = opts.suites
        const ids: number[] = []
        let offer13 = false
        let offer12 = false
        for (let i = 0; i < (want ? want.length : SUITES.length); i++) {
            const s = want ? suiteById(want[i]) : SUITES[i]
            if (!s || s.version < minV || s.version > maxV || !findImpl(aeadImpls, s.aead)) continue
            if (!(s.version === TLS12 ? tls12Impl.run : tls13Impl.run)) continue
            ids.push(s.id)
            if (s.version === TLS13) offer13 = true
            else offer12 = true
        }
        failIf(ids.length === 0, Alert.HandshakeFailure, "the settings allow no cipher suite")
        const groups: number[] = []
        const gw = opts.groups || GROUP_PREFERENCE
        for (let i = 0; i < gw.length; i++) if (findImpl(groupImpls, gw[i])) groups.push(gw[i])
        hs.groups = groups
        failIf(groups.length === 0, Alert.HandshakeFailure, "the settings allow no key exchange group")
        const name = opts.serverName || opts.host
        hs.serverName = name
        hs.clientRandom = randomBuffer(32)
        const sessionId = offer13 ? randomBuffer(32) : Buffer.alloc(0)
        // no SNI for an IP literal (RFC 6066 3): a DNS name's last label is never all digits (RFC 3696 2), an IPv4
        // literal's always is; IPv6 has ':'
        const last = name.slice(name.lastIndexOf(".") + 1)
        const sni = name.indexOf(":") < 0 && !(last.length > 0 && "" + parseInt(last) === last) ? Buffer.from(name) : null

        // ClientHello (a TLS 1.3 key share for the first group only; the server asks for another with HRR), until
        // a ServerHello that is not a HelloRetryRequest (RFC 8446 4.1.4: only in TLS 1.3, once, for a group we
        // offered without a share)
        let share = offer13 ? await newKeyShare(groups[0]) : null
        let cookie: Buffer = null
        let hrrSuite = -1
        let r: ByteReader
        let lv: number
        let random: Buffer
        let sid: Buffer
        let suiteId: number
        let selected: number
        let ksGroup: number
        let ksPub: Buffer
        let reneg: Buffer
        let types: number[]
        rl.writeVersion = 0x0301
        for (;;) {
            const w = new ByteWriter(512)
            w.put(0x0303, 2, hs.clientRandom) // legacy_version, random
            w.vec(sessionId, 1)
            let at = w.put(0, 2)
            for (let i = 0; i < ids.length; i++) w.put(ids[i], 2)
            w.close(at, 2)
            const exts = w.put(0x01000000, 4) // compression methods: null; the extensions' length
            if (sni) {
                // server_name (type 0) with one host_name (type 0)
                w.put(sni.length + 5, 4)
                w.put((sni.length + 3) << 8, 3)
                w.vec(sni, 2)
            }
            w.put(Ext.SupportedGroups, 2)
            at = 2 * groups.length
            w.put((at + 2) * 65536 + at, 4)
            for (let i = 0; i < groups.length; i++) w.put(groups[i], 2)
            w.put(0, 0, FIXED_EXTENSIONS)
            if (share) {
                // supported_versions
                w.put(0, 0, offer12 && !info.hrr ? hex`002b00050403040303` : hex`002b0003020304`)
                if (cookie) {
                    w.put(Ext.Cookie, 2)
                    w.put(cookie.length + 2, 2)
                    w.vec(cookie, 2)
                }
                // key_share with one entry
                at = share.pub.length
                w.put(Ext.KeyShare, 2)
                w.put((at + 6) * 65536 + at + 4, 4)
                w.put(share.group * 65536 + at, 4, share.pub)
            }
            w.close(exts, 2)
            await hs.send(HandshakeType.ClientHello, w.result())
            rl.writeVersion = 0x0303

            r = new ByteReader(await hs.next(HandshakeType.ServerHello, "ServerHello"), "ServerHello", 4)
            lv = r.int(2)
            random = r.buf.slice(r.skip(32), r.pos)
            sid = r.vec(1)
            failIf(sid.length > 32, Alert.IllegalParameter, "ServerHello session id longer than 32")
            suiteId = r.int(2)
            failIf(r.int(1) !== 0, Alert.IllegalParameter, "ServerHello selects a compression method")
            const isHrr = bufEq(random, HRR_RANDOM)
            selected = 0
            ksGroup = 0
            ksPub = null
            reneg = null
            types = []
            hs.ems = false
            // (a TLS 1.2 ServerHello may have no extensions)
            const bodies = r.pos < r.end ? readExtensions(r, "ServerHello", types) : []
            for (let i = 0; i < types.length; i++) {
                const t = types[i]
                const b = bodies[i]
                if (t === Ext.SupportedVersions) {
                    selected = b.int(2)
                } else if (t === Ext.KeyShare) {
                    ksGroup = b.int(2)
                    if (!isHrr) ksPub = b.vec(2)
                } else if (t === Ext.Cookie) {
                    cookie = b.vec(2)
                    failIf(cookie.length === 0, Alert.DecodeError, "empty cookie")
                } else if (t === Ext.ExtendedMasterSecret) {
                    hs.ems = true
                } else if (t === Ext.RenegotiationInfo) {
                    reneg = b.vec(1)
                } else {
                    b.pos = b.end
                }
                b.done()
            }
            if (!isHrr) break
            failIf(info.hrr, Alert.UnexpectedMessage, "second HelloRetryRequest")
            failIf(!offer13, Alert.IllegalParameter, "HelloRetryRequest without TLS 1.3", selected !== TLS13)
            failIf(ids.indexOf(suiteId) < 0 || suiteById(suiteId).version !== TLS13, Alert.IllegalParameter, "HelloRetryRequest selects a suite we did not offer")
            failIf(ksGroup !== 0 && (groups.indexOf(ksGroup) < 0 || ksGroup === share.group), Alert.IllegalParameter, "HelloRetryRequest asks for group 0x" + hex4(ksGroup))
            failIf(ksGroup === 0 && !cookie, Alert.IllegalParameter, "HelloRetryRequest changes nothing")
            info.hrr = true
            hrrSuite = suiteId
            if (ksGroup !== 0) share = await newKeyShare(ksGroup)
        }
        failIf(info.hrr && suiteId !== hrrSuite, Alert.IllegalParameter, "ServerHello suite differs from HelloRetryRequest")

        // version: supported_versions decides in TLS 1.3; the downgrade sentinel protects an offered TLS 1.3
        let version = TLS13
        if (selected) {
            failIf(selected !== TLS13, Alert.IllegalParameter, "server selected version " + versionName(selected), !offer13)
        } else {
                failIf(lv !== TLS12, Alert.ProtocolVersion, "server chose " + versionName(lv) + ", the settings allow " + (offer13 ? "TLSv1.3 " : "") + (offer12 ? "TLSv1.2" : ""), !offer12)
                version = TLS12
                failIf(offer13 && bufEq(random.slice(24, 32), DOWNGRADE_TLS12), Alert.IllegalParameter, "downgrade to TLS 1.2 detected (server random carries the TLS 1.3 sentinel)")
                failIf(info.hrr, Alert.IllegalParameter, "TLS 1.2 after HelloRetryRequest")
        }
        const suite = suiteById(suiteId)
        failIf(ids.indexOf(suiteId) < 0 || suite.version !== version, Alert.IllegalParameter, "server selected a cipher suite we did not offer: 0x" + hex4(suiteId))
        failIf(version === TLS13 && !bufEq(sid, sessionId), Alert.IllegalParameter, "ServerHello does not echo our session id")
        hs.suite = suite
        hs.serverRandom = random
        info.version = versionName(version)
        info.suite = suite.name
        // a TLS 1.2 CertificateVerify signs the messages with SHA-256 whatever the suite's hash
        await hs.start(suite.hash, info.hrr, version === TLS12 && !!key)

        if (version === TLS13) {
            onlyExtensions(types, ",43,51,", "ServerHello")
            failIf(ksGroup !== share.group, Alert.IllegalParameter, "server key share is not for the group we offered", !ksPub)
            sock = await tls13Impl.run(hs, share, ksPub)
        } else {
            // renegotiation_info, extended_master_secret, ec_point_formats, server_name
            onlyExtensions(types, ",65281,23,11,0,", "ServerHello")
            if (reneg !== null) {
                failIf(reneg.length !== 0, Alert.HandshakeFailure, "non-empty renegotiation_info")
                info.secureReneg = true
            }
            info.ems = hs.ems
            sock = await tls12Impl.run(hs)
        }
        rl.timeout = undefined
        info.handshakeMs = ds.millis() - t0
        info.state = "connected"
        return sock
    } catch (e) {
        const err = asTlsError(e)
        if (rl) {
            await sendAlert(rl, 2, err.received ? -1 : err.alert, true) // fatal alert for a local error, close
            info.handshakeMs = ds.millis() - t0
        }
        info.fail(err)
        throw err
    }
}
