// Certificate path validation with src/x509 against the CA file (PEM bundle or concatenated DER, parsed once
// per file content) including the host name.
import { Certificate, parseCertificate, parseCertificates } from "../x509/cert"
import { errorCode, x509ErrorName } from "../x509/errors"
import { verifyPresented } from "../x509/path"
import { isPem, pemDecode } from "../x509/pem"
import { Alert, TlsError } from "./errors"
import { chainImpl } from "./features"

let cachedCaFile: Buffer = null
let cachedAnchors: Certificate[] = null

async function anchorsOf(ca: Buffer): Promise<Certificate[]> {
    if (ca === cachedCaFile) return cachedAnchors
    let anchors: Certificate[] = []
    try {
        if (isPem(ca)) {
            const blocks = await pemDecode(ca)
            for (let i = 0; i < blocks.length; i++)
                if (blocks[i].label === "CERTIFICATE") anchors.push(await parseCertificate(blocks[i].der))
        } else anchors = await parseCertificates(ca)
    } catch (e) {
        throw new TlsError(Alert.InternalError, "CA file unusable: " + x509ErrorName(errorCode(e)))
    }
    cachedCaFile = ca
    cachedAnchors = anchors
    return anchors
}

chainImpl.run = async (ders: Buffer[], ca: Buffer, host: string) => {
    const r = await verifyPresented(ders, await anchorsOf(ca), { host: host })
    return r.err ? { err: r.err, msg: x509ErrorName(r.err) } : { err: 0, leaf: r.path[0] }
}
