// The firmware watchdog (the seed's "Software watchdog", 5.6): DeviceScript offers no hardware watchdog API, so
// one fiber checks, every WD.tick ms, that what runs makes progress.
//
// - The running activity (an AT command, a connection being opened, an HTTP exchange) is watched with a limit
//   and a mode: FIXED (a deadline: opening a connection, TCP + proxy + TLS handshake), IO (the limit restarts
//   with every byte moved: reading a response), ANY (I/O or computation counts: any command). When the limit
//   passes, the activity is marked aborted; the sockets it reads through (their recv is guarded in src/wip/transport.ts) fail
//   with the reason, so it ends with an error and the modem is back in command mode.
// - If an aborted activity has not ended WD.grace ms later, or the AT loop has not returned from taking host
//   bytes for WD.loop ms, the firmware is wedged: the program restarts (ds.restart()).
// - AT+SSLBOOST=1 suspends all of this for WD.boost ms (120 s, seed 5.6.3); then the watchdog re-arms itself
//   and the watched activity gets a fresh limit. AT+SSLBOOST=0 re-arms it at once.
import * as ds from "@devicescript/core"
import { relaxes } from "./budget"

/** Limits in ms (tests shorten them). */
export const WD = {
    /** opening a connection: TCP connect, proxy CONNECT and TLS handshake together */
    handshake: 60000,
    /** no byte from the peer (or from the host in an upload) for this long aborts an HTTP exchange */
    read: 30000,
    /** an AT command that neither moves bytes nor computes for this long is aborted */
    command: 60000,
    /** the AT loop stuck this long in taking host bytes: restart */
    loop: 30000,
    /** an aborted activity still running after this: restart */
    grace: 10000,
    /** AT+SSLBOOST=1 suspends the watchdog for this long (seed 5.6.3) */
    boost: 120000,
    tick: 500,
}

export const WD_FIXED = 0
export const WD_IO = 1
export const WD_ANY = 2

let limit = 0
let mode = WD_ANY
let last = 0
let seen = 0
let abortedAt = 0
/** "" while the watched activity may go on, else why the watchdog aborted it. */
export let why = ""
let what = ""
let feedAt = 0
let boostUntil = 0
let running = false
let restart: (reason: string) => void = ds.restart

/** Watch an activity from now on (replaces the one watched before); `name` goes into the abort reason. */
export function watch(ms: number, m: number, name: string) {
    limit = ms
    mode = m
    what = name
    last = ds.millis()
    seen = relaxes
    abortedAt = 0
    why = ""
    arm()
}

/** The watched activity ended. */
export function unwatch() {
    limit = 0
    abortedAt = 0
    why = ""
}

/** Progress (bytes moved): restarts the limit in modes IO and ANY. */
export function kick() {
    if (mode !== WD_FIXED) last = ds.millis()
}

/** The AT loop starts (true) / finished (false) taking a piece of host input. */
export function feeding(on: boolean) {
    feedAt = on ? ds.millis() : 0
    arm()
}

/** AT+SSLBOOST: suspend the watchdog for WD.boost ms (true), or re-arm it now (false). */
export function suspendWatchdog(on: boolean) {
    const now = ds.millis()
    boostUntil = on ? now + WD.boost : 0
    if (!on) last = now
}

/** What the watchdog does when the firmware is wedged (tests record it instead of restarting). */
export function onWedged(f: (reason: string) => void) {
    restart = f
}

function arm() {
    if (running) return
    running = true
    loop.start()
}

async function loop() {
    for (;;) {
        await ds.sleep(WD.tick)
        const now = ds.millis()
        if (boostUntil) {
            if (now < boostUntil) continue
            boostUntil = 0
            last = now
            if (feedAt) feedAt = now
        }
        if (feedAt) if (now - feedAt > WD.loop) restart("the AT loop is stuck")
        if (!limit) continue
        if (mode === WD_ANY) if (relaxes !== seen) {
            seen = relaxes
            last = now
        }
        if (abortedAt) {
            if (now - abortedAt > WD.grace) restart(why + ", and it did not stop")
        } else if (now - last > limit) {
            abortedAt = now
            why = `watchdog: ${what}: no progress for ${limit} ms`
        }
    }
}
