// The TLS engine as the WIP layer uses it (registerTlsEngine of src/wip/transport.ts): the AT+SSLSET options
// become TlsOptions and the handshake runs over the TCP stream (or proxy tunnel) the WIP layer opened.
// An option the engine cannot honor yet ends the connection with the reason; it is never ignored.
import { readFile } from "../store/files"
import {
    SSL_COPT_CERT_AUTHORITY,
    authentication,
    caPath,
    certPath,
    encryption,
    keyExchange,
    keyPath,
    macAlgorithm,
    optionPassword,
    randomSeed,
    tlsVersion,
    verifyPeer,
} from "../ssl/config"
import { tlsConnect } from "./client"
import { TlsSocket } from "./conn"
import { Alert, TlsError } from "./errors"
import { Transport } from "./record"
import { TLS12 } from "./suites"

export async function tlsOverStream(tcp: Transport, host: string, port: number): Promise<TlsSocket> {
    let why = ""
    if (certPath() || keyPath()) why = "client certificate (options 0, 2)"
    else if (randomSeed()) why = "random seed (option 3)"
    else if (keyExchange() || authentication() || encryption() || macAlgorithm()) why = "suite family (options 5..8)"
    else if (tlsVersion() === 1 || tlsVersion() === 2) why = "SSL 3.0 / TLS 1.0 (option 9)"
    if (why) throw new TlsError(Alert.None, "not supported by this build: " + why)
    let ca: Buffer = null
    if (caPath()) {
        const pw = optionPassword(SSL_COPT_CERT_AUTHORITY)
        const r = await readFile(caPath(), pw ? pw : undefined)
        if (r.err) throw new TlsError(Alert.None, "CA file unreadable: " + r.err)
        ca = r.data
    }
    return await tlsConnect({
        host: host,
        port: port,
        transport: tcp,
        ca: ca,
        verify: verifyPeer() !== 0,
        maxVersion: tlsVersion() === 3 ? TLS12 : undefined,
    })
}
