// Driver of test/vmhost/tls-glue.test.ts (the start sequence through the AT engine over sslat's TLS engine).
// PENDING: that test program (AT engine + WIP + store + TLS engine) does not fit the VM's 64 KB function-code
// limit yet; move this file to test/node/ once `node tools/fw-size.mjs src/main-tls.ts` fits.
import { startGlueServers, stopGlueServers } from "../lib/tlsglue.mjs"
import { vmTestFile } from "../lib/vmtest.mjs"

vmTestFile("test/vmhost/tls-glue.test.ts", { timeoutMs: 300000, before: startGlueServers, after: stopGlueServers })
