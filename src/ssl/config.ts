// The Security AT configuration: state machine (section 3) and the AT+SSLSET options (5.2.3), in one place.
// The SSL commands write it; the WIP layer and the TLS glue read the arrays below.
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

/**
 * The options, changed in place (the SSL commands and the WIP layer use them directly: one array access is
 * cheaper in bytecode than a getter): values of options 0..3 ("" when unset), directory passwords given with
 * options 0..2 ("" when none), values of options 4..10 (index = option - 4), then the SSL state (nums[STATE])
 * and the AT+SSLBOOST state (nums[BOOST], 0/1).
 */
export const strs: string[] = []
export const pws: string[] = []
export const nums: number[] = []
/** nums[STATE]: current state (0..3); nums[BOOST]: AT+SSLBOOST (0/1) */
export const STATE = 7
export const BOOST = 8

/** Current state (0..3). */
export function sslState() {
    return nums[STATE]
}
export function setSslState(s: number) {
    nums[STATE] = s
}

/** Every option back to its default ("-" for the string options 0..3 is the empty string). */
export function resetOptions() {
    for (let i = 0; i < DEFAULTS.length; i++) {
        nums[i] = DEFAULTS[i]
        if (i < SSL_STRING_OPTIONS) strs[i] = pws[i] = ""
    }
}

/** Power-on state: UNINITIALIZED, defaults, boost off. */
export function resetSsl() {
    resetOptions()
    nums[STATE] = nums[BOOST] = SSL_UNINITIALIZED
}
resetOptions()
nums[STATE] = nums[BOOST] = SSL_UNINITIALIZED

/**
 * The runtime's TLS socket can run a connection only when every option has its default value (it takes no
 * CA, certificate, key, seed, suite or version); anything else needs sslat's TLS engine (src/wip/transport.ts).
 */
export function defaultOptions() {
    if (strs.join("")) return false
    for (let i = 0; i < DEFAULTS.length; i++) if (nums[i] !== DEFAULTS[i]) return false
    return true
}

/** Value of option 0..3 (string, "" when unset). */
export function stringOption(opt: number) {
    return strs[opt]
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

/** An HTTPS connection opened (PARAMETRIZED -> CONNECTED) or closed (back); the WIP layer does it inline. */
export function setConnected(on: boolean) {
    const s = nums[STATE]
    if (on ? s === SSL_PARAMETRIZED : s === SSL_CONNECTED) nums[STATE] = on ? SSL_CONNECTED : SSL_PARAMETRIZED
}
