// The Security AT commands: every example of the seed's section 5, every cell of Table 1, the error codes
// 901..903, the forms of each command. Outputs are compared byte for byte (echo off unless stated).
import { describe, test, expect } from "@devicescript/test"
import { ERR, OKR, Term, fr, same, sslErr } from "./at-term"
import { setConnected, sslState } from "../../src/ssl/config"
import { SLICE_BOOST, SLICE_NORMAL, charge, relax } from "../../src/platform/budget"

async function quiet() {
    const t = new Term()
    same(await t.at("ATE0"), "ATE0\r" + OKR)
    return t
}

/** A terminal in the given state (0..3), reached through commands (2 via the WIP hook). */
async function inState(s: number) {
    const t = await quiet()
    if (s === 0) return t
    same(await t.at("AT+SSLINIT"), OKR)
    if (s === 1) return t
    same(await t.at("AT+SSLSETOPTS"), OKR)
    if (s === 2) setConnected(true)
    same(await t.at("AT+SSLSTATE"), fr(`+SSLSTATE: ${s}`) + OKR)
    return t
}

const DEFAULT_LIST =
    '+SSLSET: 0,""\r\n+SSLSET: 1,""\r\n+SSLSET: 2,""\r\n+SSLSET: 3,""\r\n+SSLSET: 4,1\r\n+SSLSET: 5,0\r\n' +
    "+SSLSET: 6,0\r\n+SSLSET: 7,0\r\n+SSLSET: 8,0\r\n+SSLSET: 9,0\r\n+SSLSET: 10,1"

describe("section 5 examples (echo on, as typed in the seed)", () => {
    test("5.1.4 AT+SSLINIT -> OK", async () => {
        const t = new Term()
        same(await t.at("AT+SSLINIT"), "AT+SSLINIT\r" + OKR)
        expect(sslState()).toBe(1)
    })
    test("5.2.4 every AT+SSLSET example -> OK, and the values are taken", async () => {
        const t = new Term()
        await t.at("AT+SSLINIT")
        const ex = [
            'AT+SSLSET=0, "/dir/client-cert.pem"',
            'AT+SSLSET=1 , "/dir/ca.pem"',
            'AT+SSLSET=2 , "/dir/client-key.pem"',
            'AT+SSLSET=3 , "randomstring123456789"',
            "AT+SSLSET=4 , 1",
            "AT+SSLSET=5 , 0",
            "AT+SSLSET=6 , 1",
            "AT+SSLSET=7 , 5",
            "AT+SSLSET=8 , 3",
            "AT+SSLSET=9 , 3",
            "AT+SSLSET=10 , 1",
        ]
        for (const l of ex) same(await t.at(l), l + "\r" + OKR)
        same(
            await t.at("AT+SSLSET?"),
            "AT+SSLSET?\r" +
                fr(
                    '+SSLSET: 0,"/dir/client-cert.pem"\r\n+SSLSET: 1,"/dir/ca.pem"\r\n+SSLSET: 2,"/dir/client-key.pem"\r\n' +
                        '+SSLSET: 3,"********"\r\n+SSLSET: 4,1\r\n+SSLSET: 5,0\r\n+SSLSET: 6,1\r\n+SSLSET: 7,5\r\n' +
                        "+SSLSET: 8,3\r\n+SSLSET: 9,3\r\n+SSLSET: 10,1"
                ) +
                OKR
        )
    })
    test("5.4.4 AT+SSLRELEASE -> OK, every option back to its default, state 0", async () => {
        const t = await quiet()
        await t.at("AT+SSLINIT")
        same(await t.at('AT+SSLSET=1,"/dir/ca.pem"'), OKR)
        same(await t.at("AT+SSLSET=9,3"), OKR)
        same(await t.at("AT+SSLSET=4,0"), OKR)
        same(await t.at("AT+SSLSET=10,0"), OKR)
        same(await t.at("AT+SSLRELEASE"), OKR)
        same(await t.at("AT+SSLSTATE"), fr("+SSLSTATE: 0") + OKR)
        same(await t.at("AT+SSLSET?"), fr(DEFAULT_LIST) + OKR)
    })
    test("5.5.4 AT+SSLSTATE -> +SSLSTATE: 0 (the prefix of 5.5.2 is kept) OK", async () => {
        const t = new Term()
        same(await t.at("AT+SSLSTATE"), "AT+SSLSTATE\r" + fr("+SSLSTATE: 0") + OKR)
    })
    test("5.6.4 AT+SSLBOOST=0 / =1 -> OK, kept, and the step budget follows", async () => {
        const t = new Term()
        same(await t.at("AT+SSLBOOST=1"), "AT+SSLBOOST=1\r" + OKR)
        same(await t.at("AT+SSLBOOST?"), "AT+SSLBOOST?\r" + fr("+SSLBOOST: 1") + OKR)
        await relax()
        expect(charge(SLICE_NORMAL)).toBe(false) // boost slice is larger
        await relax()
        same(await t.at("AT+SSLBOOST=0"), "AT+SSLBOOST=0\r" + OKR)
        same(await t.at("AT+SSLBOOST?"), "AT+SSLBOOST?\r" + fr("+SSLBOOST: 0") + OKR)
        await relax()
        expect(charge(SLICE_NORMAL)).toBe(true)
        await relax()
        expect(SLICE_BOOST > SLICE_NORMAL).toBe(true)
    })
    test("5.7.4 AT+SSLVERSION=1 -> +SSLVERSION: <TLS engine> OK; =0 project, =2 highest TLS version", async () => {
        const t = new Term()
        same(await t.at("AT+SSLVERSION=1"), "AT+SSLVERSION=1\r" + fr("+SSLVERSION: sslat-tls 0.1.0") + OKR)
        same(await t.at("AT+SSLVERSION=0"), "AT+SSLVERSION=0\r" + fr("+SSLVERSION: sslat 0.1.0") + OKR)
        same(await t.at("AT+SSLVERSION=2"), "AT+SSLVERSION=2\r" + fr("+SSLVERSION: TLS1.2") + OKR)
    })
})

describe("syntax forms of section 5 (read and test forms)", () => {
    test("5.1.2 AT+SSLINIT? and =? -> OK", async () => {
        const t = await quiet()
        same(await t.at("AT+SSLINIT?"), OKR)
        same(await t.at("AT+SSLINIT=?"), OKR)
        expect(sslState()).toBe(0)
    })
    test("5.2.2 AT+SSLSET? lists options 0..10 with defaults; AT+SSLSET=? lists the ranges", async () => {
        const t = await quiet()
        same(await t.at("AT+SSLSET?"), fr(DEFAULT_LIST) + OKR)
        same(
            await t.at("AT+SSLSET=?"),
            fr(
                "+SSLSET: 0,(string)\r\n+SSLSET: 1,(string)\r\n+SSLSET: 2,(string)\r\n+SSLSET: 3,(string)\r\n" +
                    "+SSLSET: 4,(0-1)\r\n+SSLSET: 5,(0-2)\r\n+SSLSET: 6,(0-3)\r\n+SSLSET: 7,(0-6)\r\n" +
                    "+SSLSET: 8,(0-3)\r\n+SSLSET: 9,(0-3)\r\n+SSLSET: 10,(0-1)"
            ) + OKR
        )
    })
    test("5.3.2 AT+SSLSETOPTS? and =? -> OK", async () => {
        const t = await quiet()
        same(await t.at("AT+SSLSETOPTS?"), OKR)
        same(await t.at("AT+SSLSETOPTS=?"), OKR)
    })
    test("5.4.2 AT+SSLRELEASE? and =? -> OK", async () => {
        const t = await quiet()
        same(await t.at("AT+SSLRELEASE?"), OKR)
        same(await t.at("AT+SSLRELEASE=?"), OKR)
    })
    test("5.5.2 AT+SSLSTATE? and =? -> OK (no state line)", async () => {
        const t = await inState(1)
        same(await t.at("AT+SSLSTATE?"), OKR)
        same(await t.at("AT+SSLSTATE=?"), OKR)
    })
    test("5.6.2 AT+SSLBOOST=? -> +SSLBOOST: (0-1); default 0", async () => {
        const t = await quiet()
        same(await t.at("AT+SSLBOOST=?"), fr("+SSLBOOST: (0-1)") + OKR)
        same(await t.at("AT+SSLBOOST?"), fr("+SSLBOOST: 0") + OKR)
    })
    test("5.7.2 AT+SSLVERSION? -> OK, =? -> +SSLVERSION: (0-2)", async () => {
        const t = await quiet()
        same(await t.at("AT+SSLVERSION?"), OKR)
        same(await t.at("AT+SSLVERSION=?"), fr("+SSLVERSION: (0-2)") + OKR)
    })
})

// Table 1, one test per cell: the action form of each command in each state; '-' cells answer 903 and leave
// the state as it was.
const STATE_NAMES = ["SSL_UNINITIALIZED", "SSL_INITIALIZED", "SSL_CONNECTED", "SSL_PARAMETRIZED"]
interface Row {
    cmd: string
    /** allowed in state 0, 1, 2, 3 (state numbers of 5.5.3) */
    ok: boolean[]
    /** answer when allowed */
    answer: (s: number) => string
    /** state after success */
    after: (s: number) => number
}
const TABLE1: Row[] = [
    { cmd: "AT+SSLSTATE", ok: [true, true, true, true], answer: s => fr(`+SSLSTATE: ${s}`) + OKR, after: s => s },
    { cmd: "AT+SSLINIT", ok: [true, false, false, false], answer: () => OKR, after: () => 1 },
    { cmd: "AT+SSLSET=4,0", ok: [false, true, false, false], answer: () => OKR, after: s => s },
    { cmd: "AT+SSLSETOPTS", ok: [false, true, false, false], answer: () => OKR, after: () => 3 },
    { cmd: "AT+SSLBOOST=0", ok: [true, true, true, true], answer: () => OKR, after: s => s },
    { cmd: "AT+SSLRELEASE", ok: [false, true, false, true], answer: () => OKR, after: () => 0 },
    { cmd: "AT+SSLVERSION=2", ok: [true, true, true, true], answer: () => fr("+SSLVERSION: TLS1.2") + OKR, after: s => s },
]

describe("Table 1", () => {
    TABLE1.forEach(row => {
        row.ok.forEach((ok, s) => {
            test(`${row.cmd} in ${STATE_NAMES[s]}: ${ok ? "allowed" : "903"}`, async () => {
                const t = await inState(s)
                same(await t.at(row.cmd), ok ? row.answer(s) : sslErr(903))
                expect(sslState()).toBe(ok ? row.after(s) : s)
            })
        })
    })
    test("read and test forms answer in every state", async () => {
        for (let s = 0; s < 4; s++) {
            const t = await inState(s)
            for (const c of ["+SSLSTATE", "+SSLINIT", "+SSLSETOPTS", "+SSLRELEASE", "+SSLVERSION"]) {
                same(await t.at(`AT${c}?`), OKR)
            }
            for (const c of ["+SSLSTATE", "+SSLINIT", "+SSLSETOPTS", "+SSLRELEASE"]) same(await t.at(`AT${c}=?`), OKR)
            same(await t.at("AT+SSLBOOST?"), fr("+SSLBOOST: 0") + OKR)
            same(await t.at("AT+SSLBOOST=?"), fr("+SSLBOOST: (0-1)") + OKR)
            same(await t.at("AT+SSLVERSION=?"), fr("+SSLVERSION: (0-2)") + OKR)
            expect((await t.at("AT+SSLSET?")).indexOf("+SSLSET: 10,1\r\n") > 0).toBe(true)
            expect((await t.at("AT+SSLSET=?")).indexOf("+SSLSET: 10,(0-1)\r\n") > 0).toBe(true)
            expect(sslState()).toBe(s)
        }
    })
    test("the state check comes before the parameter checks", async () => {
        const t = await inState(0)
        same(await t.at("AT+SSLSET=99"), sslErr(903))
        same(await t.at("AT+SSLSET"), sslErr(903))
        same(await t.at("AT+SSLSETOPTS=1"), sslErr(903))
        same(await t.at("AT+SSLRELEASE=1,2"), sslErr(903))
        const t3 = await inState(3)
        same(await t3.at("AT+SSLINIT=5"), sslErr(903))
        same(await t3.at('AT+SSLSET=4,"x",3'), sslErr(903))
    })
    test("a closed connection goes back from CONNECTED to PARAMETRIZED", async () => {
        const t = await inState(2)
        setConnected(false)
        same(await t.at("AT+SSLSTATE"), fr("+SSLSTATE: 3") + OKR)
    })
    test("SSLINIT after SSLRELEASE starts from the defaults again", async () => {
        const t = await inState(1)
        same(await t.at("AT+SSLSET=9,2"), OKR)
        same(await t.at("AT+SSLRELEASE"), OKR)
        same(await t.at("AT+SSLINIT"), OKR)
        same(await t.at("AT+SSLSET?"), fr(DEFAULT_LIST) + OKR)
    })
})

describe("AT+SSLSET parameters", () => {
    test("901: wrong number of parameters, option out of 0..10, password with options 3..10", async () => {
        const t = await inState(1)
        for (const l of [
            "AT+SSLSET",
            "AT+SSLSET=",
            "AT+SSLSET=1",
            "AT+SSLSET=4",
            "AT+SSLSET=11,1",
            "AT+SSLSET=99,1",
            'AT+SSLSET="4",1',
            "AT+SSLSET=,1",
            'AT+SSLSET=1,"/a","pw","x"',
            'AT+SSLSET=3,"seed","pw"',
            'AT+SSLSET=4,1,"pw"',
            "AT+SSLSET=10,1,2",
            "AT+SSLSET=4,",
            'AT+SSLSET=1,,"pw"',
            'AT+SSLSET=1,"/a",',
        ])
            same(await t.at(l), sslErr(901))
    })
    test("902: values outside 5.2.3's ranges or of the wrong type", async () => {
        const t = await inState(1)
        const bad = ["4,2", "5,3", "6,4", "7,7", "8,4", "9,4", "10,2", '4,"1"', "1,5", "0,0", "3,3", '1,"dir/ca.pem"', '2,"/k",7']
        for (const b of bad) same(await t.at(`AT+SSLSET=${b}`), sslErr(902))
        // the highest value of each numeric option is accepted
        for (const g of ["4,1", "5,2", "6,3", "7,6", "8,3", "9,3", "10,1", "4,0", "10,0"]) same(await t.at(`AT+SSLSET=${g}`), OKR)
        // nothing was changed by the rejected commands
        same(
            await t.at("AT+SSLSET?"),
            fr(
                '+SSLSET: 0,""\r\n+SSLSET: 1,""\r\n+SSLSET: 2,""\r\n+SSLSET: 3,""\r\n+SSLSET: 4,0\r\n+SSLSET: 5,2\r\n' +
                    "+SSLSET: 6,3\r\n+SSLSET: 7,6\r\n+SSLSET: 8,3\r\n+SSLSET: 9,3\r\n+SSLSET: 10,0"
            ) + OKR
        )
    })
    test("902: a path longer than 64 bytes or a seed longer than 128", async () => {
        const t = await inState(1)
        let p = "/"
        while (p.length < 64) p += "a"
        same(await t.at(`AT+SSLSET=1,"${p}"`), OKR)
        same(await t.at(`AT+SSLSET=1,"${p}a"`), sslErr(902))
        let s = ""
        while (s.length < 128) s += "s"
        same(await t.at(`AT+SSLSET=3,"${s}"`), OKR)
        same(await t.at(`AT+SSLSET=3,"${s}s"`), sslErr(902))
    })
    test("the read form never shows a password or the seed; an empty string unsets an option", async () => {
        const t = await inState(1)
        same(await t.at('AT+SSLSET=0,"/p/cert.der","hunter2"'), OKR)
        same(await t.at('AT+SSLSET=3,"topsecretseed"'), OKR)
        const l = await t.at("AT+SSLSET?")
        expect(l.indexOf("hunter2")).toBe(-1)
        expect(l.indexOf("topsecretseed")).toBe(-1)
        expect(l.indexOf('+SSLSET: 0,"/p/cert.der"\r\n') > 0).toBe(true)
        expect(l.indexOf('+SSLSET: 3,"********"\r\n') > 0).toBe(true)
        same(await t.at('AT+SSLSET=0,""'), OKR)
        same(await t.at('AT+SSLSET=3,""'), OKR)
        same(await t.at("AT+SSLSET?"), fr(DEFAULT_LIST) + OKR)
    })
})

describe("other parameter errors", () => {
    test("no-parameter commands given parameters: 901", async () => {
        const t = await inState(0)
        same(await t.at("AT+SSLINIT=1"), sslErr(901))
        same(await t.at("AT+SSLSTATE=1"), sslErr(901))
        same(await t.at("AT+SSLINIT"), OKR)
        same(await t.at("AT+SSLSETOPTS=0"), sslErr(901))
        same(await t.at('AT+SSLRELEASE="x"'), sslErr(901))
        expect(sslState()).toBe(1)
    })
    test("AT+SSLBOOST: no '=', an invalid <option> or more parameters: 901", async () => {
        const t = await quiet()
        for (const l of ["AT+SSLBOOST", "AT+SSLBOOST=", "AT+SSLBOOST=2", 'AT+SSLBOOST="1"', "AT+SSLBOOST=1,1"])
            same(await t.at(l), sslErr(901))
        same(await t.at("AT+SSLBOOST?"), fr("+SSLBOOST: 0") + OKR)
    })
    test("AT+SSLVERSION: no '=', an invalid <option> or more parameters: 901", async () => {
        const t = await quiet()
        for (const l of ["AT+SSLVERSION", "AT+SSLVERSION=", "AT+SSLVERSION=3", 'AT+SSLVERSION="0"', "AT+SSLVERSION=0,0"])
            same(await t.at(l), sslErr(901))
    })
    test("an SSL command that is not one is ERROR, not +SSL ERROR", async () => {
        const t = await quiet()
        same(await t.at("AT+SSLSTATUS"), ERR)
        same(await t.at("AT+SSLINITX"), ERR)
    })
})
