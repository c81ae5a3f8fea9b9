// The command table of the firmware: one handler per command module, keyed by every command it serves.
import { AtTable } from "./table"
import { basic } from "./basic"
import { ssl } from "../ssl/commands"
import { sslFile } from "../ssl/file"
import { wip } from "../wip/commands"
import { sslInfoCommands } from "../tls/sslinfo"

export const COMMANDS: AtTable = {}
const t = COMMANDS
t[""] = t["E"] = t["I"] = t["+CMEE"] = basic
t["+SSLINIT"] = t["+SSLSET"] = t["+SSLSETOPTS"] = t["+SSLRELEASE"] = t["+SSLSTATE"] = t["+SSLBOOST"] = t["+SSLVERSION"] = ssl
t["+SSLFILE"] = sslFile
t["+WIPCFG"] = t["+WIPBR"] = t["+WIPCREATE"] = t["+WIPCLOSE"] = t["+WIPFILE"] = wip
sslInfoCommands(t)
