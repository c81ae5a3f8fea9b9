// The command table of the firmware: every command module registers its entries here.
import { AtTable } from "./table"
import { basicCommands } from "./basic"
import { sslCommands } from "../ssl/commands"
import { sslFileCommand } from "../ssl/file"
import { wipCommands } from "../wip/commands"
import { sslInfoCommands } from "../tls/sslinfo"

export const COMMANDS: AtTable = {}
basicCommands(COMMANDS)
sslCommands(COMMANDS)
sslFileCommand(COMMANDS)
wipCommands(COMMANDS)
sslInfoCommands(COMMANDS)
