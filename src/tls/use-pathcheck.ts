// Certificate path validation with src/x509 against the CA file (PEM bundle or concatenated DER, read by
// src/x509/files.ts loadCertificates and parsed once per file content) including the host name.
import { Certificate } from "../x509/cert"
import { errorCode, x509ErrorName } from "../x509/errors"
import { loadCertificates } from "../x509/files"
import { verifyPresented } from "../x509/path"
import { Alert, TlsError } from "./errors"
import { chainImpl } from "./features"

let cachedCaFile: Buffer = null
let cachedAnchors: Certificate[] = null

chainImpl.run = async (ders: Buffer[], ca: Buffer, host: string) => {
    if (ca !== cachedCaFile) {
        try {
            cachedAnchors = await loadCertificates(ca)
        } catch (e) {
            throw new TlsError(Alert.InternalError, "CA file unusable: " + x509ErrorName(errorCode(e)))
        }
        cachedCaFile = ca
    }
    const r = await verifyPresented(ders, cachedAnchors, { host: host })
    return r.err ? { err: r.err, msg: r.message() } : { err: 0, leaf: r.path[0] }
}
