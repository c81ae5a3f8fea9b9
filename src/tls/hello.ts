// Handshake message and extension numbers, and the fixed parts of ClientHello / ServerHello (RFC 8446 4.1,
// RFC 5246 7.4.1); client.ts builds and parses the hellos.

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
export const FIXED_EXTENSIONS = hex`000b00020100000d001200100403050308040805080604010501060100170000ff01000100`
