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

// one string, not a switch: strings cost no function code (the runtime caps function code at 64 KB)
const ALERT_NAMES =
    " 0close_notify 10unexpected_message 20bad_record_mac 22record_overflow 40handshake_failure 42bad_certificate" +
    " 43unsupported_certificate 44certificate_revoked 45certificate_expired 46certificate_unknown 47illegal_parameter" +
    " 48unknown_ca 49access_denied 50decode_error 51decrypt_error 70protocol_version 71insufficient_security" +
    " 80internal_error 86inappropriate_fallback 90user_canceled 100no_renegotiation 109missing_extension" +
    " 110unsupported_extension 112unrecognized_name 113bad_certificate_status_response 115unknown_psk_identity" +
    " 116certificate_required 120no_application_protocol "

export function alertName(a: number): string {
    const key = " " + a
    let i = ALERT_NAMES.indexOf(key)
    // the code must be followed by a letter (" 4" must not match " 40...")
    while (i >= 0) {
        const c = ALERT_NAMES.charCodeAt(i + key.length)
        if (c >= 97) return ALERT_NAMES.slice(i + key.length, ALERT_NAMES.indexOf(" ", i + 1))
        i = ALERT_NAMES.indexOf(key, i + 1)
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
        this.message = this.describe()
    }

    /** e.g. "sent bad_record_mac: record authentication failed" or "received handshake_failure" */
    describe(): string {
        if (this.alert < 0) return this.reason
        return (this.received ? "received " : "sent ") + alertName(this.alert) + (this.reason ? ": " + this.reason : "")
    }
}

/**
 * Throws TlsError(alert, reason) when `failed` (or `orFailed`) is truthy. One call per check is less code than
 * if + throw, and a second condition as an argument less than `||` (both are evaluated: only for conditions
 * without side effects that are safe to evaluate either way).
 */
export function failIf(failed: any, alert: number, reason: string, orFailed?: any) {
    if (failed || orFailed) throw new TlsError(alert, reason)
}

/** Wraps any thrown value as a TlsError (programming errors become internal_error with their message). */
export function asTlsError(e: any): TlsError {
    if (e instanceof TlsError) return e
    const msg = e && e.message ? e.message : "" + e
    return new TlsError(Alert.InternalError, msg)
}
