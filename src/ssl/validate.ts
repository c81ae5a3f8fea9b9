// AT+SSLSETOPTS checks of the files named by options 0..2.
// TEMPORARY until the file store (src/store/files.ts) lands: with any file option set, SSLSETOPTS answers
// 907 rather than accepting files it cannot check. Without file options there is nothing to check.
import { certPath, caPath, keyPath } from "./config"

export async function validateOptions(): Promise<number> {
    if (certPath() || caPath() || keyPath()) return 907
    return 0
}
