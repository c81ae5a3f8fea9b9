// Drivers of test/vmhost/tls-glue-13.test.ts and tls-glue-12.test.ts: sslat's TLS engine behind the WIP
// transport with the AT+SSLSET options, against loopback servers (test/lib/tlsglue.mjs).
import { startGlueServers, stopGlueServers } from "../lib/tlsglue.mjs"
import { vmTestFile } from "../lib/vmtest.mjs"

for (const f of ["test/vmhost/tls-glue-13.test.ts", "test/vmhost/tls-glue-12.test.ts"])
    vmTestFile(f, { timeoutMs: 300000, before: startGlueServers, after: stopGlueServers })
