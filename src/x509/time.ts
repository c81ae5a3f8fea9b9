// Certificate times and the clock they are checked against.
//
// The device has no calendar clock (DeviceScript has no Date; ds.millis() counts from boot). The explicit
// choice, documented in docs/X509.md:
// - Whoever learns the time calls setClock(unixSeconds) (the host through an AT command, or the HTTP layer
//   from a server's Date header); from then on now = that time + elapsed ds.millis().
// - TIME_FLOOR is a build-time lower bound of the real time (the date this code was last released). Without a
//   clock, or with a clock set before the floor (an unset RTC), the time is "unknown": certificates that expired
//   before the floor are rejected (E_EXPIRED) and notBefore is NOT checked (a certificate issued after the
//   build must not be refused by a device that cannot know the date).
import * as ds from "@devicescript/core"
import { any, B, VS, VE } from "./der"
import { E_DER } from "./errors"

/** 2026-11-01T00:00:00Z: raise it at each release */
export const TIME_FLOOR = 1793491200

/** the clock: unix seconds at ds.millis() = clockMillis; -1e12 when not set (every "now" is then unknown) */
let clockBase = -1e12
let clockMillis = 0

/** Sets the current time (seconds since 1970-01-01T00:00:00Z). */
export function setClock(unixSeconds: number) {
    clockBase = unixSeconds
    clockMillis = ds.millis()
}

/** Forgets the clock (time unknown again). */
export function clearClock() {
    clockBase = -1e12
}

/** Current time in seconds, or -1 if unknown (never set, or set before TIME_FLOOR). */
export function clockNow(): number {
    const t = clockBase + (((ds.millis() - clockMillis) / 1000) | 0)
    return t < TIME_FLOOR ? -1 : t
}

// days in each month (February without the leap day), padded to 16 (read at (month - 1) & 15)
const MDAYS = hex`1f1c1f1e1f1e1f1f1e1f1e1f 00000000`
// digit index → field (0 year .. 5 second), read from 4 - number of year digits
const FIELD = hex`00000000 0101 0202 0303 0404 0505`

/**
 * Reads the next element of the walk (der.ts): an X.509 UTCTime (tag 0x17, "YYMMDDHHMMSSZ", YY < 50 → 20YY) or
 * GeneralizedTime (0x18, "YYYYMMDDHHMMSSZ"); returns seconds since 1970. Only the DER forms of RFC 5280
 * 4.1.2.5 are accepted.
 */
export function parseTime(): number {
    const b = B
    const tag = any()
    const s = VS
    const yd = (tag - 0x16) * 2
    if (+((tag - 0x17) >>> 0 > 1) | +(VE - s !== yd + 11) | +(b[VE - 1] !== 0x5a)) throw E_DER
    // f = [year, month, day, hour, minute, second]
    const f = [0, 0, 0, 0, 0, 0]
    for (let i = 0; i < yd + 10; i++) {
        const c = b[s + i] - 48
        const k = FIELD[i + 4 - yd]
        if (c >>> 0 > 9) throw E_DER
        f[k] = f[k] * 10 + c
    }
    let y = f[0]
    if (yd < 4) y += y < 50 ? 2000 : 1900
    const m = f[1]
    const day = f[2]
    let md = MDAYS[(m - 1) & 15]
    if (m === 2 && !(y & 3) && (y % 100 || !(y % 400))) md++
    // every field within its range: no difference below 0
    if (((m - 1) | (12 - m) | (day - 1) | (md - day) | (23 - f[3]) | (59 - f[4]) | (59 - f[5])) < 0) throw E_DER
    // days since 1970-01-01 of the proleptic Gregorian date, with March as the first month (y >= 0)
    const a = ((14 - m) / 12) | 0
    y -= a
    return (365 * y + (y >> 2) - ((y / 100) | 0) + ((y / 400) | 0) + (((153 * (m + 12 * a - 3) + 2) / 5) | 0) + day - 719469) * 86400 + f[3] * 3600 + f[4] * 60 + f[5]
}
