// The command table of the firmware: one handler per command module, keyed by every command it serves.
import { AtHandler, AtTable } from "./table"
import { basic } from "./basic"
import { ssl } from "../ssl/commands"
import { sslFile } from "../ssl/file"
import { wip } from "../wip/commands"
import { sslInfoCommands } from "../tls/sslinfo"

export const COMMANDS: AtTable = {}
/** `h` serves every command of the comma-separated `names` */
function serve(names: string, h: AtHandler) {
    for (const n of names.split(",")) COMMANDS[n] = h
}
serve(",E,I,+CMEE", basic) // "" is the bare AT
serve("+SSLINIT,+SSLSET,+SSLSETOPTS,+SSLRELEASE,+SSLSTATE,+SSLBOOST,+SSLVERSION", ssl)
serve("+SSLFILE", sslFile)
serve("+WIPCFG,+WIPBR,+WIPCREATE,+WIPCLOSE,+WIPFILE", wip)
sslInfoCommands(COMMANDS)
