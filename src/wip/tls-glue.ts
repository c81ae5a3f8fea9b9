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
import { PrivateKey } from "../x509/keys"
import { SSL_COPT_CERT, SSL_COPT_CERT_AUTHORITY, SSL_COPT_SEED, nums, pws, strs } from "../ssl/config"
import { securityFiles } from "../ssl/validate"

/** Longest wait for one read: a backstop only, the watchdog bounds the handshake (WD.handshake). */
const BACKSTOP_MS = 600000

/**
 * The handshake with the AT+SSLSET options over `tcp`. Suites allowed by options 6 (authentication), 7
 * (encryption) and 9 (version), in preference order: 6 = 1 RSA and 9 = 3 TLS1.2 keep TLS 1.2 suites, 6 = 1
 * also only ECDHE-RSA ones, 7 = 5 AES only AES-GCM ones.
 */
export async function tlsWithSettings(tcp: ByteStream, host: string, port: number): Promise<ByteStream> {
    const seed = strs[SSL_COPT_SEED]
    if (seed) addSeed(seed)
    const auth = nums[2] // option 6
    const only12 = nums[5] === 3 // option 9
    let ca: Buffer
    let chain: Buffer[]
    let key: PrivateKey
    const caPath = strs[SSL_COPT_CERT_AUTHORITY]
    if (caPath) {
        const r = await readFile(caPath, pws[SSL_COPT_CERT_AUTHORITY] || undefined)
        if (r.err) throw new Error(`CA file ${caPath}: +SSL ERROR ${r.err}`)
        ca = r.data
    }
    if (strs[SSL_COPT_CERT]) {
        // (the CA file goes to the TLS engine as it is: not parsed here)
        const f = securityFiles()
        f.ca = ""
        const m = await loadSecurityFiles(f, readFile)
        if (m.err) throw new Error("client certificate or key: +SSL ERROR " + m.err)
        chain = []
        for (const c of m.clientChain) chain.push(c.buf.slice(c.start, c.end))
        key = m.clientKey
    }
    const suites: number[] = []
    for (const s of SUITES) {
        if (only12) if (s.version !== TLS12) continue
        if (auth === 1) {
            if (s.version !== TLS12) continue
            if (s.kx !== KX_ECDHE_RSA) continue
        }
        if (nums[3] === 5) if (s.aead !== AEAD_AES_GCM) continue // option 7
        suites.push(s.id)
    }
    const v = only12 ? TLS12 : undefined
    return await tlsConnect({
        clientChain: chain,
        clientKey: key,
        host: host,
        port: port,
        transport: tcp,
        ca: ca,
        verify: nums[0] !== 0, // option 4
        minVersion: v,
        maxVersion: v,
        suites: suites,
        timeoutMs: BACKSTOP_MS,
    })
}
