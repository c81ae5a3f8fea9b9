// The command table of the firmware: every command module registers its entries here.
import { AtTable } from "./table"
import { basicCommands } from "./basic"
import { sslCommands } from "../ssl/commands"
import { sslFileCommand } from "../ssl/file"

export const COMMANDS: AtTable = {}
basicCommands(COMMANDS)
sslCommands(COMMANDS)
sslFileCommand(COMMANDS)
