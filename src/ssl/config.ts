// The Security AT configuration: state machine (section 3) and the AT+SSLSET options (5.2.3), in one place.
// The SSL commands write it; the TLS engine and the WIP layer read it through the getters below.
// Nothing here is persisted: "Settings are not saved between reboots" (2.3.1).

/** States, numbered as AT+SSLSTATE reports them (5.5.3). */
export const SSL_UNINITIALIZED = 0
export const SSL_INITIALIZED = 1
export const SSL_CONNECTED = 2
export const SSL_PARAMETRIZED = 3

/** Option numbers of AT+SSLSET (5.2.3). */
export const SSL_COPT_CERT = 0
export const SSL_COPT_CERT_AUTHORITY = 1
export const SSL_COPT_PRIVATE_KEY = 2
export const SSL_COPT_SEED = 3
export const SSL_COPT_VERIFY = 4
export const SSL_COPT_KEY = 5
export const SSL_COPT_AUTHENTICATION = 6
export const SSL_COPT_ENCRYPTION = 7
export const SSL_COPT_MAC = 8
export const SSL_COPT_VERSION = 9
export const SSL_COPT_SESSION_MODE = 10
export const SSL_OPTION_COUNT = 11
/** Options 0..3 take a string value. */
export const SSL_STRING_OPTIONS = 4

/** Highest value of numeric options 4..10 (index = option - 4); lowest is 0. */
export const SSL_OPTION_MAX = hex`01020306030301`
/** Defaults of options 4..10 (5.2.3): verify on, options 5..9 "all", session reuse on. */
const DEFAULTS = hex`01000000000001`

let state = SSL_UNINITIALIZED
/**
 * The options, changed in place (the SSL commands write them directly; others read them through the getters):
 * values of options 0..3 ("" when unset), directory passwords given with options 0..2 ("" when none), values
 * of options 4..10 (index = option - 4).
 */
export const strs: string[] = []
export const pws: string[] = []
export const nums: number[] = []
let boost = false

/** Current state (0..3). */
export function sslState() {
    return state
}
export function setSslState(s: number) {
    state = s
}

/** Every option back to its default ("-" for the string options 0..3 is the empty string). */
export function resetOptions() {
    for (let i = 0; i < SSL_STRING_OPTIONS; i++) strs[i] = pws[i] = ""
    for (let i = 0; i < DEFAULTS.length; i++) nums[i] = DEFAULTS[i]
}
resetOptions()

/** Power-on state: UNINITIALIZED, defaults, boost off. */
export function resetSsl() {
    state = SSL_UNINITIALIZED
    resetOptions()
    boost = false
}

/** Value of option 0..3 (string, "" when unset). */
export function stringOption(opt: number) {
    return strs[opt]
}
/** Directory password given with option 0..2 ("" when none). */
export function optionPassword(opt: number) {
    return pws[opt]
}
/** Value of option 4..10. */
export function numberOption(opt: number) {
    return nums[opt - SSL_STRING_OPTIONS]
}
export function setStringOption(opt: number, v: string, pw: string) {
    strs[opt] = v
    if (opt < SSL_COPT_SEED) pws[opt] = pw
}
export function setNumberOption(opt: number, v: number) {
    nums[opt - SSL_STRING_OPTIONS] = v
}

// Getters for the TLS engine (names follow 5.2.3).
export function certPath() {
    return strs[SSL_COPT_CERT]
}
export function caPath() {
    return strs[SSL_COPT_CERT_AUTHORITY]
}
export function keyPath() {
    return strs[SSL_COPT_PRIVATE_KEY]
}
export function randomSeed() {
    return strs[SSL_COPT_SEED]
}
/** 0 do not check, 1 check the server certificate against the CA */
export function verifyPeer() {
    return nums[SSL_COPT_VERIFY - SSL_STRING_OPTIONS]
}
/** 0 all, 1 RSA, 2 ephemeral ECDH */
export function keyExchange() {
    return nums[SSL_COPT_KEY - SSL_STRING_OPTIONS]
}
/** 0 all (except NULL), 1 RSA, 2 DSS, 3 NULL */
export function authentication() {
    return nums[SSL_COPT_AUTHENTICATION - SSL_STRING_OPTIONS]
}
/** 0 all (except NULL), 1 DES, 2 3DES, 3 RC2, 4 RC4, 5 AES, 6 NULL */
export function encryption() {
    return nums[SSL_COPT_ENCRYPTION - SSL_STRING_OPTIONS]
}
/** 0 all, 1 MD5, 2 SHA1, 3 SHA2 */
export function macAlgorithm() {
    return nums[SSL_COPT_MAC - SSL_STRING_OPTIONS]
}
/** 0 all, 1 SSL3.0, 2 TLS1.0, 3 TLS1.2 */
export function tlsVersion() {
    return nums[SSL_COPT_VERSION - SSL_STRING_OPTIONS]
}
/** 0 off, 1 on */
export function sessionReuse() {
    return nums[SSL_COPT_SESSION_MODE - SSL_STRING_OPTIONS]
}

/** AT+SSLBOOST state. */
export function boostOn() {
    return boost
}
export function setBoostState(on: boolean) {
    boost = on
}

/** For the WIP layer: an HTTPS connection opened (PARAMETRIZED -> CONNECTED) or closed (back). */
export function setConnected(on: boolean) {
    if (on && state === SSL_PARAMETRIZED) state = SSL_CONNECTED
    else if (!on && state === SSL_CONNECTED) state = SSL_PARAMETRIZED
}
