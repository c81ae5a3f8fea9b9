// AT+SSLSETOPTS refuses, with +SSL ERROR: 902, the option values that no TLS engine of the firmware implements
// (docs/COMMANDS.md, "AT+SSLSET options and the TLS engine"), and accepts every other value of options 4..10.
import { describe, test } from "@devicescript/test"
import { OKR, Term, fr, same, sslErr } from "./at-term"

// option -> values refused; every other value in 0..max is accepted
const REFUSED: number[][] = [[], [1], [2, 3], [1, 2, 3, 4, 6], [1, 2], [1, 2], []]
const MAX = [1, 2, 3, 6, 3, 3, 1]

async function setOpts(opt: number, v: number) {
    const t = new Term()
    same(await t.at("ATE0"), "ATE0\r" + OKR)
    same(await t.at("AT+SSLINIT"), OKR)
    same(await t.at(`AT+SSLSET=${opt},${v}`), OKR)
    return { t: t, out: await t.at("AT+SSLSETOPTS") }
}

describe("AT+SSLSETOPTS and the option values", () => {
    test("refused values: 902 and the state stays INITIALIZED", async () => {
        for (let i = 0; i < REFUSED.length; i++)
            for (const v of REFUSED[i]) {
                const r = await setOpts(i + 4, v)
                same(`${i + 4}=${v}: ` + r.out, `${i + 4}=${v}: ` + sslErr(902))
                same(await r.t.at("AT+SSLSTATE"), fr("+SSLSTATE: 1") + OKR)
            }
    })
    test("every other value is accepted: PARAMETRIZED", async () => {
        for (let i = 0; i < MAX.length; i++)
            for (let v = 0; v <= MAX[i]; v++) {
                if (REFUSED[i].indexOf(v) >= 0) continue
                const r = await setOpts(i + 4, v)
                same(`${i + 4}=${v}: ` + r.out, `${i + 4}=${v}: ` + OKR)
                same(await r.t.at("AT+SSLSTATE"), fr("+SSLSTATE: 3") + OKR)
            }
    })
    test("the seed's start sequence options (9=3 with 6=1, 7=5, 8=3, 10=1) are accepted together", async () => {
        const t = new Term()
        same(await t.at("ATE0"), "ATE0\r" + OKR)
        for (const l of ["AT+SSLINIT", "AT+SSLSET=6,1", "AT+SSLSET=7,5", "AT+SSLSET=8,3", "AT+SSLSET=9,3", "AT+SSLSET=10,1"])
            same(await t.at(l), OKR)
        same(await t.at("AT+SSLSETOPTS"), OKR)
    })
})
