// What the engine can negotiate is registered by small feature modules (src/tls/use-*.ts; src/tls/full.ts takes
// them all), so that a build carries only the code it uses: the runtime limits a program to 64 KB of function
// code, and the whole crypto stack does not fit in one test build. The ClientHello offers only what is here.
import { Aead } from "../crypto/aead"

/** An ECDHE group: key generation and the shared secret (null for an invalid peer value). */
export interface GroupImpl {
    id: number
    keygen(): Promise<{ priv: Buffer; pub: Buffer }>
    shared(priv: Buffer, peer: Buffer): Promise<Buffer>
}

export interface AeadImpl {
    /** AEAD_* of suites.ts */
    id: number
    create(key: Buffer): Promise<Aead>
}

export const groupImpls: GroupImpl[] = []
export const aeadImpls: AeadImpl[] = []
/** the TLS 1.3 and TLS 1.2 handshakes after the ServerHello, when built in (use-tls13.ts, use-tls12.ts) */
export const tls13Impl: { run: (hs: any, share: any, serverPub: Buffer) => Promise<any> } = { run: null }
export const tls12Impl: { run: (hs: any) => Promise<any> } = { run: null }

/**
 * Certificate path validation (use-pathcheck.ts): the presented DER chain, the CA file content and the host
 * name; returns { err: 0, leaf: Certificate } or { err: X.509 error code, msg }; a CA file that does not parse
 * throws TlsError.
 */
export const chainImpl: { run: (ders: Buffer[], ca: Buffer, host: string) => Promise<any> } = { run: null }

/**
 * Client authentication (use-clientauth.ts): the signature of our CertificateVerify with the client key for a
 * SHA-256 scheme (ecdsa_secp256r1_sha256, rsa_pss_rsae_sha256, rsa_pkcs1_sha256) over `digest` = SHA-256 of
 * the signed content.
 */
export const signImpl: { run: (key: any, scheme: number, digest: Buffer) => Promise<Buffer> } = { run: null }

/** the implementation of `id` in `list` (groupImpls, aeadImpls), undefined if not built in */
export function findImpl(list: { id: number }[], id: number): any {
    for (let i = 0; i < list.length; i++) if (list[i].id === id) return list[i]
    return undefined
}
