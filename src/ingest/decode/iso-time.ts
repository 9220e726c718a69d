// Strict ISO-8601 / RFC 3339 timestamp parsing for device and network-server times.
// Date.parse is not used on its own: it accepts many non-ISO shapes, reads a zone-less time as local
// time and silently rolls impossible dates over (2026-02-30 becomes 2 March).

// YYYY-MM-DD[T ]HH:MM[:SS[.fraction]](Z|±HH[:MM]) — RFC 3339 §5.6 plus ISO's optional seconds and ±HHMM.
const ISO_RE =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

function daysIn(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
}

/** Epoch milliseconds of an ISO-8601 time with an explicit offset, or undefined if it is not one. */
export function parseIsoTime(s: string): number | undefined {
  if (s.length > 64) return undefined;
  const m = ISO_RE.exec(s);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  // Sub-millisecond digits (ChirpStack and The Things Stack send nanoseconds) are truncated.
  const ms = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'));
  if (year < 1000 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  let offsetMin = 0;
  if (m[8] === undefined) {
    if (m[9] === undefined) return undefined; // no zone: ambiguous, refuse rather than guess
    const oh = Number(m[10]);
    const om = m[11] === undefined ? 0 : Number(m[11]);
    if (oh > 23 || om > 59) return undefined;
    offsetMin = (m[9] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  return Date.UTC(year, month - 1, day, hour, minute, second, ms) - offsetMin * 60_000;
}

/** Normalised UTC form with milliseconds, e.g. 2026-11-22T01:02:03.000Z. */
export const isoUtc = (epochMs: number): string => new Date(epochMs).toISOString();
