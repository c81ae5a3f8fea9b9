// The command table of the firmware: every command module registers its entries here.
import { AtTable } from "./table"
import { basicCommands } from "./basic"
import { sslCommands } from "../ssl/commands"

export const COMMANDS: AtTable = {}
basicCommands(COMMANDS)
sslCommands(COMMANDS)
