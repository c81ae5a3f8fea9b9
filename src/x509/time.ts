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
import { derErr } from "./der"

/** 2026-11-01T00:00:00Z: raise it at each release */
export const TIME_FLOOR = 1793491200

let clockBase = 0
let clockMillis = 0
let clockSet = false

/** Sets the current time (seconds since 1970-01-01T00:00:00Z). */
export function setClock(unixSeconds: number) {
    clockBase = unixSeconds
    clockMillis = ds.millis()
    clockSet = true
}

/** Forgets the clock (time unknown again). */
export function clearClock() {
    clockSet = false
}

/** Current time in seconds, or -1 if unknown (never set, or set before TIME_FLOOR). */
export function clockNow(): number {
    if (!clockSet) return -1
    const t = clockBase + Math.floor((ds.millis() - clockMillis) / 1000)
    return t < TIME_FLOOR ? -1 : t
}

// days in each month (February without the leap day)
const MDAYS = hex`1f1c1f1e1f1e1f1f1e1f1e1f`

/**
 * Parses an X.509 UTCTime (tag 0x17, "YYMMDDHHMMSSZ", YY < 50 → 20YY) or GeneralizedTime (0x18,
 * "YYYYMMDDHHMMSSZ") in buf[s, e) to seconds since 1970. Only the DER forms of RFC 5280 4.1.2.5 are accepted.
 */
export function parseTime(buf: Buffer, tag: number, s: number, e: number): number {
    const yd = tag === 0x17 ? 2 : 4
    if ((tag !== 0x17 && tag !== 0x18) || e - s !== yd + 11 || buf[e - 1] !== 0x5a) throw derErr()
    // f = [year, month, day, hour, minute, second]
    const f = [0, 0, 0, 0, 0, 0]
    for (let i = 0; i < yd + 10; i++) {
        const c = buf[s + i] - 48
        if (c < 0 || c > 9) throw derErr()
        const k = i < yd ? 0 : 1 + ((i - yd) >> 1)
        f[k] = f[k] * 10 + c
    }
    let y = f[0]
    if (yd === 2) y += y < 50 ? 2000 : 1900
    const m = f[1]
    const day = f[2]
    const leap = m === 2 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 1 : 0
    if (m < 1 || m > 12 || day < 1 || day > MDAYS[m - 1] + leap || f[3] > 23 || f[4] > 59 || f[5] > 59) throw derErr()
    // days since 1970-01-01 of the proleptic Gregorian date (H. Hinnant's days_from_civil)
    if (m <= 2) y--
    const era = Math.idiv(y, 400)
    const yoe = y - era * 400
    const doe = yoe * 365 + Math.idiv(yoe, 4) - Math.idiv(yoe, 100) + Math.idiv(153 * (m > 2 ? m - 3 : m + 9) + 2, 5) + day - 1
    return (era * 146097 + doe - 719468) * 86400 + f[3] * 3600 + f[4] * 60 + f[5]
}
