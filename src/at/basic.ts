// Basic V.250 commands a host expects: AT (bare), ATE0/ATE1 (echo), ATI (identification), AT+CMEE.
import { AtArg, AtContext, AtTable, ERROR, OK, EXEC, SET, READ } from "./table"
import { PROJECT, VERSION } from "../version"

/** AT+CMEE mode (0..2): WIP errors (800..899) print `+CME ERROR: <code>` when it is 1 or 2, `ERROR` when 0. */
export let cmee = 0

/** Basic commands come as EXEC only (`ATE1` is E with args [1]); AT+CMEE has all four forms. */
export async function basic(ctx: AtContext, args: AtArg[], form: number, name: string) {
    const v = args[0]
    if (name === "E") {
        if (v !== 0) if (v !== 1) return ERROR
        ctx.echoOn = v === 1
    } else if (name === "I") {
        if (v !== 0) return ERROR
        return `${PROJECT} ${VERSION}`
    } else if (name === "+CMEE") {
        if (form === EXEC) cmee = 0
        else if (form === SET) {
            if (args.length !== 1) return ERROR
            if (typeof v !== "number") return ERROR
            if (v > 2) return ERROR
            cmee = v as number
        } else return form === READ ? `+CMEE: ${cmee}` : "+CMEE: (0-2)"
    }
    return OK
}

export function basicCommands(t: AtTable) {
    t[""] = t["E"] = t["I"] = t["+CMEE"] = basic
}
