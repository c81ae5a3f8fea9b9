// TLS alerts (RFC 8446 section 6, RFC 5246 section 7.2) and the error every TLS failure ends in.
//
// A TlsError carries the alert code and an exact reason. `sent` = we sent this alert to the peer (our
// decision); `received` = the peer sent it. `alert` is -1 when no alert applies (e.g. the peer closed the TCP
// connection). Diagnostics (AT+SSLINFO) print `describe()`.

export const enum Alert {
    CloseNotify = 0,
    UnexpectedMessage = 10,
    BadRecordMac = 20,
    RecordOverflow = 22,
    HandshakeFailure = 40,
    BadCertificate = 42,
    UnsupportedCertificate = 43,
    CertificateRevoked = 44,
    CertificateExpired = 45,
    CertificateUnknown = 46,
    IllegalParameter = 47,
    UnknownCa = 48,
    AccessDenied = 49,
    DecodeError = 50,
    DecryptError = 51,
    ProtocolVersion = 70,
    InsufficientSecurity = 71,
    InternalError = 80,
    InappropriateFallback = 86,
    UserCanceled = 90,
    NoRenegotiation = 100,
    MissingExtension = 109,
    UnsupportedExtension = 110,
    UnrecognizedName = 112,
    BadCertificateStatusResponse = 113,
    UnknownPskIdentity = 115,
    CertificateRequired = 116,
    NoApplicationProtocol = 120,
    /** not an alert: nothing was sent or received (transport failure, timeout) */
    None = -1,
}

export function alertName(a: number): string {
    switch (a) {
        case 0:
            return "close_notify"
        case 10:
            return "unexpected_message"
        case 20:
            return "bad_record_mac"
        case 22:
            return "record_overflow"
        case 40:
            return "handshake_failure"
        case 42:
            return "bad_certificate"
        case 43:
            return "unsupported_certificate"
        case 44:
            return "certificate_revoked"
        case 45:
            return "certificate_expired"
        case 46:
            return "certificate_unknown"
        case 47:
            return "illegal_parameter"
        case 48:
            return "unknown_ca"
        case 49:
            return "access_denied"
        case 50:
            return "decode_error"
        case 51:
            return "decrypt_error"
        case 70:
            return "protocol_version"
        case 71:
            return "insufficient_security"
        case 80:
            return "internal_error"
        case 86:
            return "inappropriate_fallback"
        case 90:
            return "user_canceled"
        case 100:
            return "no_renegotiation"
        case 109:
            return "missing_extension"
        case 110:
            return "unsupported_extension"
        case 112:
            return "unrecognized_name"
        case 113:
            return "bad_certificate_status_response"
        case 115:
            return "unknown_psk_identity"
        case 116:
            return "certificate_required"
        case 120:
            return "no_application_protocol"
    }
    return "alert " + a
}

export class TlsError extends Error {
    /** alert code, or Alert.None */
    alert: number
    /** true if the peer sent the alert; false if we raised it (and sent it when the connection allowed) */
    received: boolean
    /** exact reason, for diagnostics */
    reason: string

    constructor(alert: number, reason: string, received?: boolean) {
        super(reason)
        this.name = "TlsError"
        this.alert = alert
        this.reason = reason
        this.received = !!received
    }

    /** e.g. "sent bad_record_mac: record authentication failed" or "received handshake_failure" */
    describe(): string {
        if (this.alert < 0) return this.reason
        return (this.received ? "received " : "sent ") + alertName(this.alert) + (this.reason ? ": " + this.reason : "")
    }
}

/** Wraps any thrown value as a TlsError (programming errors become internal_error with their message). */
export function asTlsError(e: any): TlsError {
    if (e instanceof TlsError) return e
    const msg = e && e.message ? e.message : "" + e
    return new TlsError(Alert.InternalError, msg)
}
