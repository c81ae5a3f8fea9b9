// sslat's TLS engine behind the WIP layer (registerTlsEngine of src/wip/transport.ts): the AT+SSLSET options
// become TlsOptions, the handshake runs over the stream the WIP layer opened (TCP or proxy tunnel).
// The mapping (docs/COMMANDS.md, "AT+SSLSET options and the TLS engine"):
//   1 CA file      -> the trust anchors (the file's content; src/tls parses it)
//   4 verify       -> verify (0: no chain check, recorded as unverified in AT+SSLINFO)
//   6 = 1 RSA      -> TLS 1.2 ECDHE-RSA suites only
//   7 = 5 AES      -> AES-GCM suites only
//   9 = 3 TLS1.2   -> TLS 1.2 only
//   3 seed         -> absorbed into the DRBG (src/crypto/drbg.ts addSeed)
//   0, 2 client certificate and key -> clientChain / clientKey (src/x509 loadSecurityFiles; sent when asked)
// 5 = 2 (ECDHE) and 8 = 3 (SHA2) allow every suite the engine has. The values the engine cannot honor are
// refused at AT+SSLSETOPTS (src/ssl/validate.ts), never ignored here.
import { addSeed } from "../crypto/drbg"
import { readFile } from "../store/files"
import { tlsConnect } from "../tls/client"
import { AEAD_AES_GCM, KX_ECDHE_RSA, SUITES, TLS12 } from "../tls/suites"
import { ByteStream } from "../http/client"
import { loadSecurityFiles } from "../x509/files"
import {
    SSL_COPT_CERT,
    SSL_COPT_CERT_AUTHORITY,
    SSL_COPT_PRIVATE_KEY,
    authentication,
    caPath,
    certPath,
    encryption,
    keyPath,
    optionPassword,
    randomSeed,
    tlsVersion,
    verifyPeer,
} from "../ssl/config"

/** Longest wait for one read: a backstop only, the watchdog bounds the handshake (WD.handshake). */
const BACKSTOP_MS = 600000

/** Suite ids allowed by options 6 (authentication), 7 (encryption) and 9 (version), in preference order. */
export function suitesFor(auth: number, enc: number, version: number): number[] {
    const ids: number[] = []
    for (let i = 0; i < SUITES.length; i++) {
        const s = SUITES[i]
        if ((version === 3 || auth === 1) && s.version !== TLS12) continue
        if (auth === 1 && s.kx !== KX_ECDHE_RSA) continue
        if (enc === 5 && s.aead !== AEAD_AES_GCM) continue
        ids.push(s.id)
    }
    return ids
}

function failIf(err: number, what: string) {
    if (err) throw new Error(what + ": +SSL ERROR " + err)
}

export async function tlsWithSettings(tcp: ByteStream, host: string, port: number): Promise<ByteStream> {
    if (randomSeed()) addSeed(randomSeed())
    let ca: Buffer = undefined
    if (caPath()) {
        const pw = optionPassword(SSL_COPT_CERT_AUTHORITY)
        const r = await readFile(caPath(), pw || undefined)
        failIf(r.err, "CA file " + caPath())
        ca = r.data
    }
    const o: any = {}
    if (certPath()) {
        const m = await loadSecurityFiles(
            { cert: certPath(), certPw: optionPassword(SSL_COPT_CERT), ca: "", key: keyPath(), keyPw: optionPassword(SSL_COPT_PRIVATE_KEY) },
            readFile
        )
        failIf(m.err, "client certificate or key")
        o.clientChain = m.clientChain.map(c => c.buf.slice(c.start, c.end))
        o.clientKey = m.clientKey
    }
    const v = tlsVersion() === 3 ? TLS12 : undefined
    return await tlsConnect({
        clientChain: o.clientChain,
        clientKey: o.clientKey,
        host: host,
        port: port,
        transport: tcp,
        ca: ca,
        verify: verifyPeer() !== 0,
        minVersion: v,
        maxVersion: v,
        suites: suitesFor(authentication(), encryption(), tlsVersion()),
        timeoutMs: BACKSTOP_MS,
    })
}
