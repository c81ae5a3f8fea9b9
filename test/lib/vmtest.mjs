// Registers one node:test test per VM test file, with one subtest per VM test, so `node --test` totals
// count VM tests honestly. A panic, a missing summary, or a count mismatch fails the file's test.
import { test } from "node:test"
import assert from "node:assert/strict"
import { runVm } from "./vm.mjs"

export function vmTestFile(file, opts = {}) {
    test(file, { concurrency: false, timeout: (opts.timeoutMs || 60000) + 600000 }, async t => {
        if (opts.before) await opts.before()
        let r
        try {
            r = await runVm(file, opts)
        } finally {
            if (opts.after) await opts.after()
        }
        const { tests, summary, panic, code, out } = r
        for (const vt of tests) {
            await t.test([...vt.path, vt.name].join(" > "), () => {
                assert.ok(vt.ok, `VM test failed: ${vt.error}`)
            })
        }
        await t.test("(VM run completed without panic)", () => {
            assert.equal(panic, null, `${panic}\n--- VM output ---\n${out}`)
            assert.ok(summary, `no test summary line (crash or timeout?)\n--- VM output ---\n${out}`)
            assert.equal(summary.error, 0, `VM reported errors\n${out}`)
            assert.equal(summary.pass, summary.total)
            assert.equal(tests.length, summary.total, `parsed ${tests.length} tests, VM says ${summary.total}\n${out}`)
            assert.equal(code, 0, `devs exited ${code}\n${out}`)
        })
    })
}
