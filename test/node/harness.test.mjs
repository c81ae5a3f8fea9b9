// The VM harness must report failures and panics as failures (a false pass would hide every VM test).
import { test } from "node:test"
import assert from "node:assert/strict"
import { runVm } from "../lib/vm.mjs"

test("a failing VM test is reported as failed, the passing one as passed", async () => {
    const r = await runVm("test/fixtures/vm-fails.ts")
    assert.notEqual(r.code, 0)
    assert.deepEqual(
        r.tests.map(t => [t.name, t.ok]),
        [
            ["passes", true],
            ["fails", false],
        ]
    )
    assert.match(r.tests[1].error, /Expected 3, got 2/)
    assert.deepEqual(r.summary, { total: 2, pass: 1, error: 1 })
})

test("a VM panic fails the running test and leaves no summary", async () => {
    const r = await runVm("test/fixtures/vm-panics.ts")
    assert.notEqual(r.code, 0)
    assert.equal(r.panic, "PANIC 60001")
    assert.equal(r.summary, null)
    assert.equal(r.tests[0].ok, false)
    assert.match(r.tests[0].error, /InfiniteLoop|PANIC/)
})
