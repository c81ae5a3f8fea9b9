// Project identity, as reported by ATI and AT+SSLVERSION=0.
export const PROJECT = "sslat"
export const VERSION = "0.1.0"
/** AT+SSLVERSION=1: the TLS engine in place of Sierra's "OpenSSL 1.0.1c 10 May 2012" (owned by the TLS work). */
export const TLS_ENGINE = "sslat-tls 0.1.0"
/** AT+SSLVERSION=2: highest SSL/TLS version the TLS engine speaks, spelled as AT+SSLSET option 9 does. */
export const TLS_HIGHEST = "TLS1.2"
