// Basic V.250 commands a host expects: AT (bare), ATE0/ATE1 (echo), ATI (identification), AT+CMEE.
import { AtArg, AtContext, AtTable, ERROR, OK } from "./table"
import { PROJECT, VERSION } from "../version"

/** AT+CMEE mode (0..2): WIP errors (800..899) print `+CME ERROR: <code>` when it is 1 or 2, `ERROR` when 0. */
let cmee = 0

export function cmeeMode() {
    return cmee
}

export function basicCommands(t: AtTable) {
    t[""] = { exec: async () => OK }
    t["E"] = {
        exec: async (ctx: AtContext, args: AtArg[]) => {
            const v = args[0]
            if (v !== 0 && v !== 1) return ERROR
            ctx.setEcho(v === 1)
            return OK
        },
    }
    t["I"] = {
        exec: async (ctx: AtContext, args: AtArg[]) => {
            if (args[0] !== 0) return ERROR
            await ctx.reply(`${PROJECT} ${VERSION}`)
            return OK
        },
    }
    t["+CMEE"] = {
        exec: async () => {
            cmee = 0
            return OK
        },
        set: async (ctx: AtContext, args: AtArg[]) => {
            const v = args[0]
            if (args.length !== 1 || typeof v !== "number" || v > 2) return ERROR
            cmee = v
            return OK
        },
        read: async (ctx: AtContext) => {
            await ctx.reply(`+CMEE: ${cmee}`)
            return OK
        },
        test: async (ctx: AtContext) => {
            await ctx.reply("+CMEE: (0-2)")
            return OK
        },
    }
}
