// Calibration: a fixed 1M-iteration VM loop. Its time is one "calib unit"; benchmark figures are divided
// by it so runs on machines of different speed can be compared.
import * as ds from "@devicescript/core"
import { emit, finish } from "./lib"

let x = 0
await ds.sleep(0)
const t0 = ds.millis()
for (let k = 0; k < 250; k++) {
    for (let i = 0; i < 4000; i++) x = (x + i) | 0
    await ds.sleep(0)
}
emit("calib", ds.millis() - t0, { check: x })
finish()
