// The Security AT commands of the seed (section 5): +SSLINIT, +SSLSET, +SSLSETOPTS, +SSLRELEASE, +SSLSTATE,
// +SSLBOOST, +SSLVERSION.
//
// Action forms (exec and set) are checked against Table 1 first (903), then their parameters: a wrong
// number of parameters or an invalid <option> gives 901, a bad value 902. Read and test forms answer in every
// state.
import { AtArg, AtContext, OK, READ, SET, TEST } from "../at/table"
import { setBoost } from "../platform/budget"
import { suspendWatchdog } from "../platform/watchdog"
import { PROJECT, TLS_ENGINE, TLS_HIGHEST, VERSION } from "../version"
import {
    BOOST,
    STATE,
    SSL_COPT_PRIVATE_KEY,
    SSL_COPT_SEED,
    SSL_INITIALIZED,
    SSL_OPTION_COUNT,
    SSL_OPTION_MAX,
    SSL_PARAMETRIZED,
    SSL_STRING_OPTIONS,
    SSL_UNINITIALIZED,
    nums,
    pws,
    resetOptions,
    strs,
} from "./config"
import { validateOptions } from "./validate"
import { validPath } from "../store/paths"

export const E_OPTION = 901
export const E_VALUE = 902
export const E_STATE = 903

/** Longest random seed (option 3). Paths (options 0..2) follow the store's rule (src/store/paths.ts). */
export const MAX_SEED = 128

// Table 1 as bit masks over state numbers (bit n = state n allowed), indexed as in ssl() below: every state
// (15), +SSLINIT UNINITIALIZED (1), +SSLSET/+SSLSETOPTS INITIALIZED (2), +SSLRELEASE INITIALIZED or
// PARAMETRIZED (10).
const STATES = hex`0f010000000000000002000000000000000000000a`

/** One handler for all the Security AT commands (the table key tells which; src/at/commands.ts). */
export async function ssl(ctx: AtContext, args: AtArg[], form: number, name: string): Promise<number | string> {
    const set = name === "+SSLSET"
    const boost = name === "+SSLBOOST"
    const version = name === "+SSLVERSION"
    const n = args.length
    const opt = args[0]
    const v = args[1]
    const pw = args[2]
    if (form >= READ) {
        // read and test forms (READ, TEST) answer in every state
        const test = form === TEST
        if (set) {
            // `+SSLSET: <option>,<value>` lines (read form) or `+SSLSET: <option>,<range>` lines (test form)
            let s = ""
            for (let o = 0; o < SSL_OPTION_COUNT; o++) {
                const str = o < SSL_STRING_OPTIONS
                let x: string | number = str ? strs[o] : nums[o - SSL_STRING_OPTIONS]
                // never reveal the random seed; only whether one was given
                if (test) x = str ? "(string)" : `(0-${SSL_OPTION_MAX[o - SSL_STRING_OPTIONS]})`
                else if (str) x = o === SSL_COPT_SEED ? (x ? `"********"` : `""`) : `"${x}"`
                s += `\r\n+SSLSET: ${o},${x}`
            }
            return s.slice(2)
        }
        if (boost) return test ? "+SSLBOOST: (0-1)" : "+SSLBOOST: " + nums[BOOST]
        if (version) if (test) return "+SSLVERSION: (0-2)"
        return OK
    }
    // action forms: the Table 1 state check comes before any parameter check. STATES[k + 1] is the mask of
    // the command at k in "+SSLINIT+SSLSETOPTS+SSLRELEASE" (+SSLSET and +SSLSETOPTS share k = 8; -1 for the
    // others, allowed in every state)
    if (!((STATES[1 + "+SSLINIT+SSLSETOPTS+SSLRELEASE".indexOf(name)] >> nums[STATE]) & 1)) return E_STATE
    // +SSLSET, +SSLBOOST and +SSLVERSION take parameters (their exec form is a parameter count error), the
    // others take none (`=<anything>` is one)
    if ((form === SET) !== "+SSLSET+SSLBOOST+SSLVERSION".indexOf(name) >= 0) return E_OPTION
    // (conditions as separate ifs: each && / || costs more bytecode than another if)
    if (set) {
        // AT+SSLSET=<option>,<value>[,<directory password>] (a password only with options 0..2)
        if (n < 2) return E_OPTION
        if (n > 3) return E_OPTION
        if (typeof opt !== "number") return E_OPTION
        const o = opt as number
        if (o >= SSL_OPTION_COUNT) return E_OPTION
        if (v === undefined) return E_OPTION
        if (n === 3) {
            if (o > SSL_COPT_PRIVATE_KEY) return E_OPTION
            if (pw === undefined) return E_OPTION
        }
        if (o < SSL_STRING_OPTIONS) {
            if (typeof v !== "string") return E_VALUE
            if (n === 3) if (typeof pw !== "string") return E_VALUE
            const s = v as string
            if (o === SSL_COPT_SEED) {
                if (s.length > MAX_SEED) return E_VALUE
            } else if (s.length) if (!validPath(s)) return E_VALUE
            strs[o] = s
            // (a password comes only with options 0..2: the seed's entry stays "")
            pws[o] = (pw as string) || ""
        } else {
            if (typeof v !== "number") return E_VALUE
            if (v > SSL_OPTION_MAX[o - SSL_STRING_OPTIONS]) return E_VALUE
            nums[o - SSL_STRING_OPTIONS] = v as number
        }
    } else if (boost || version) {
        if (n !== 1) return E_OPTION
        if (typeof opt !== "number") return E_OPTION
        if (opt > (boost ? 1 : 2)) return E_OPTION
        if (!boost)
            return "+SSLVERSION: " + (opt === 0 ? `${PROJECT} ${VERSION}` : opt === 1 ? TLS_ENGINE : TLS_HIGHEST)
        nums[BOOST] = opt as number
        setBoost(opt === 1)
        suspendWatchdog(opt === 1)
    } else if (name === "+SSLSTATE") return "+SSLSTATE: " + nums[STATE]
    else if (name === "+SSLSETOPTS") {
        const err = await validateOptions()
        if (err) return err
        nums[STATE] = SSL_PARAMETRIZED
    } else {
        // +SSLINIT, +SSLRELEASE
        resetOptions()
        // (INITIALIZED is 1, UNINITIALIZED 0)
        nums[STATE] = +(name === "+SSLINIT")
    }
    return OK
}
