// The Security AT commands of the seed (section 5): +SSLINIT, +SSLSET, +SSLSETOPTS, +SSLRELEASE, +SSLSTATE,
// +SSLBOOST, +SSLVERSION.
//
// Action forms (exec and set) are checked against Table 1 first (903), then their parameters: a wrong
// number of parameters or an invalid <option> gives 901, a bad value 902. Read and test forms answer in every
// state.
import { AtArg, AtContext, AtHandler, AtTable, OK } from "../at/table"
import { setBoost } from "../platform/budget"
import { suspendWatchdog } from "../platform/watchdog"
import { PROJECT, TLS_ENGINE, TLS_HIGHEST, VERSION } from "../version"
import {
    SSL_COPT_PRIVATE_KEY,
    SSL_COPT_SEED,
    SSL_INITIALIZED,
    SSL_OPTION_COUNT,
    SSL_OPTION_MAX,
    SSL_PARAMETRIZED,
    SSL_STRING_OPTIONS,
    SSL_UNINITIALIZED,
    boostOn,
    numberOption,
    resetOptions,
    setBoostState,
    setNumberOption,
    setSslState,
    setStringOption,
    sslState,
    stringOption,
} from "./config"
import { validateOptions } from "./validate"
import { validPath } from "../store/paths"

export const E_OPTION = 901
export const E_VALUE = 902
export const E_STATE = 903

/** Longest random seed (option 3). Paths (options 0..2) follow the store's rule (src/store/paths.ts). */
export const MAX_SEED = 128

// Table 1 as bit masks over state numbers (bit n = state n allowed).
const ALL = 15
const UNINIT = 1 << SSL_UNINITIALIZED
const INIT = 1 << SSL_INITIALIZED
const PARAM = 1 << SSL_PARAMETRIZED

/** Wrap an action handler with the Table 1 state check (which comes before any parameter check). */
function action(states: number, h: AtHandler): AtHandler {
    return async (ctx: AtContext, args: AtArg[]) => {
        if (!(states & (1 << sslState()))) return E_STATE
        return await h(ctx, args)
    }
}

/** Exec handler of a command without parameters; its set form (`=<anything>`) is a parameter count error. */
function noArgs(states: number, h: AtHandler) {
    return {
        exec: action(states, h),
        set: action(states, async () => E_OPTION),
    }
}

const justOk = async () => OK

function replier(text: string): AtHandler {
    return async (ctx: AtContext) => {
        await ctx.reply(text)
        return OK
    }
}

function sslSetList() {
    let s = ""
    for (let o = 0; o < SSL_OPTION_COUNT; o++) {
        let v: string
        if (o < SSL_STRING_OPTIONS) {
            const x = stringOption(o)
            // never reveal the random seed; only whether one was given
            v = o === SSL_COPT_SEED && x ? `"********"` : `"${x}"`
        } else v = "" + numberOption(o)
        s += `${o ? "\r\n" : ""}+SSLSET: ${o},${v}`
    }
    return s
}

function sslSetRanges() {
    let s = ""
    for (let o = 0; o < SSL_OPTION_COUNT; o++) {
        const r = o < SSL_STRING_OPTIONS ? "(string)" : `(0-${SSL_OPTION_MAX[o - SSL_STRING_OPTIONS]})`
        s += `${o ? "\r\n" : ""}+SSLSET: ${o},${r}`
    }
    return s
}

async function sslSet(ctx: AtContext, args: AtArg[]) {
    const n = args.length
    const opt = args[0]
    if (n < 2 || n > 3 || typeof opt !== "number" || opt >= SSL_OPTION_COUNT) return E_OPTION
    if (n === 3 && opt > SSL_COPT_PRIVATE_KEY) return E_OPTION
    const v = args[1]
    const pw = args[2]
    if (v === undefined || (n === 3 && pw === undefined)) return E_OPTION
    if (opt < SSL_STRING_OPTIONS) {
        if (typeof v !== "string" || (n === 3 && typeof pw !== "string")) return E_VALUE
        const s = v as string
        if (opt === SSL_COPT_SEED) {
            if (s.length > MAX_SEED) return E_VALUE
        } else if (s.length && !validPath(s)) return E_VALUE
        setStringOption(opt, s, n === 3 ? (pw as string) : "")
        return OK
    }
    if (typeof v !== "number" || v > SSL_OPTION_MAX[opt - SSL_STRING_OPTIONS]) return E_VALUE
    setNumberOption(opt, v as number)
    return OK
}

async function sslBoost(ctx: AtContext, args: AtArg[]) {
    const v = args[0]
    if (args.length !== 1 || (v !== 0 && v !== 1)) return E_OPTION
    setBoostState(v === 1)
    setBoost(v === 1)
    suspendWatchdog(v === 1)
    return OK
}

async function sslVersion(ctx: AtContext, args: AtArg[]) {
    const v = args[0]
    if (args.length !== 1 || typeof v !== "number" || v > 2) return E_OPTION
    const s = v === 0 ? `${PROJECT} ${VERSION}` : v === 1 ? TLS_ENGINE : TLS_HIGHEST
    await ctx.reply(`+SSLVERSION: ${s}`)
    return OK
}

export function sslCommands(t: AtTable) {
    const init = noArgs(UNINIT, async () => {
        resetOptions()
        setSslState(SSL_INITIALIZED)
        return OK
    })
    t["+SSLINIT"] = { exec: init.exec, set: init.set, read: justOk, test: justOk }

    t["+SSLSET"] = {
        exec: action(INIT, async () => E_OPTION),
        set: action(INIT, sslSet),
        read: async (ctx: AtContext) => {
            await ctx.reply(sslSetList())
            return OK
        },
        test: async (ctx: AtContext) => {
            await ctx.reply(sslSetRanges())
            return OK
        },
    }

    const opts = noArgs(INIT, async () => {
        const err = await validateOptions()
        if (err) return err
        setSslState(SSL_PARAMETRIZED)
        return OK
    })
    t["+SSLSETOPTS"] = { exec: opts.exec, set: opts.set, read: justOk, test: justOk }

    const rel = noArgs(INIT | PARAM, async () => {
        resetOptions()
        setSslState(SSL_UNINITIALIZED)
        return OK
    })
    t["+SSLRELEASE"] = { exec: rel.exec, set: rel.set, read: justOk, test: justOk }

    const st = noArgs(ALL, async (ctx: AtContext) => {
        await ctx.reply(`+SSLSTATE: ${sslState()}`)
        return OK
    })
    t["+SSLSTATE"] = { exec: st.exec, set: st.set, read: justOk, test: justOk }

    t["+SSLBOOST"] = {
        exec: action(ALL, async () => E_OPTION),
        set: action(ALL, sslBoost),
        read: async (ctx: AtContext) => {
            await ctx.reply(`+SSLBOOST: ${boostOn() ? 1 : 0}`)
            return OK
        },
        test: replier("+SSLBOOST: (0-1)"),
    }

    t["+SSLVERSION"] = {
        exec: action(ALL, async () => E_OPTION),
        set: action(ALL, sslVersion),
        read: justOk,
        test: replier("+SSLVERSION: (0-2)"),
    }
}
