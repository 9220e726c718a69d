// ISO 8601 durations for aggrPeriodDuration (NGSI-LD 1.8 §4.5.19): P[n]Y[n]M[n]W[n]DT[n]H[n]M[n]S.
// Years and months are calendar steps (UTC), everything else a fixed number of milliseconds.

export interface Duration {
  years: number;
  months: number;
  /** Days (weeks included); days are 24 h since all arithmetic is in UTC. */
  days: number;
  /** Hours, minutes and seconds as milliseconds. */
  ms: number;
}

const DAY_MS = 86_400_000;
const N = '(\\d{1,9})';
const DURATION_RE = new RegExp(
  `^P(?:${N}Y)?(?:${N}M)?(?:${N}W)?(?:${N}D)?(?:T(?:${N}H)?(?:${N}M)?(?:(\\d{1,9}(?:[.,]\\d{1,3})?)S)?)?$`,
);

/** Parses an ISO 8601 duration; undefined when the text is not one (§4.5.19 forbids the alternative forms). */
export function parseDuration(text: string): Duration | undefined {
  const m = DURATION_RE.exec(text);
  if (!m || text === 'P' || text.endsWith('T')) return undefined;
  const n = (i: number) => Number((m[i] ?? '0').replace(',', '.'));
  return {
    years: n(1),
    months: n(2),
    days: n(3) * 7 + n(4),
    ms: Math.round(n(5) * 3_600_000 + n(6) * 60_000 + n(7) * 1000),
  };
}

/** §4.5.19: a duration of zero (PT0S, P0D) spans the whole time range of the query. */
export function isZeroDuration(d: Duration): boolean {
  return d.years === 0 && d.months === 0 && d.days === 0 && d.ms === 0;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
}

/**
 * `t` plus `times` × `d`, in UTC. Months are added first and the day of month is clamped
 * (Jan 31 + P1M = Feb 28), then days and time. Multiplying instead of stepping keeps
 * the k-th period boundary from drifting after a short month.
 */
export function addDuration(t: number, d: Duration, times = 1): number {
  let out = t;
  const months = (d.years * 12 + d.months) * times;
  if (months !== 0) {
    const x = new Date(t);
    const total = x.getUTCFullYear() * 12 + x.getUTCMonth() + months;
    const year = Math.floor(total / 12);
    const month = total - year * 12;
    const day = Math.min(x.getUTCDate(), daysInMonth(year, month));
    out = Date.UTC(
      year,
      month,
      day,
      x.getUTCHours(),
      x.getUTCMinutes(),
      x.getUTCSeconds(),
      x.getUTCMilliseconds(),
    );
  }
  return out + (d.days * DAY_MS + d.ms) * times;
}
