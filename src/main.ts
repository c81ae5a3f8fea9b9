// sslat firmware entry point: the AT engine on the serial link.
import { AtEngine } from "./at/engine"
import { startAtLink } from "./platform/link"

await startAtLink(out => new AtEngine(out))
