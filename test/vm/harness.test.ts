// Proves the step budget keeps long loops alive (the VM kills a fiber after 131,072 opcodes without await).
import { describe, test, expect } from "@devicescript/test"
import { charge, relax } from "../../src/platform/budget"

describe("step budget", () => {
    test("a 1M-iteration loop that charges the budget per 100 iterations completes", async () => {
        let x = 0
        for (let i = 0; i < 1000000; i++) {
            x = (x + i) | 0
            if (i % 100 === 0 && charge(100)) await relax()
        }
        expect(x).toBe(1783293664)
    })
})
