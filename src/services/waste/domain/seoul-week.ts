// Hour of the week in Asia/Seoul: the slot a fill increment is learned in and forecast from.
// Korea has kept UTC+09:00 without daylight saving time since 1988, so a fixed offset is exact.

export const HOUR_MS = 3_600_000;
export const HOURS_PER_WEEK = 168;
const SEOUL_OFFSET_MS = 9 * HOUR_MS;
/** 1970-01-01 was a Thursday; Monday 00:00 is hour 0 of a week. */
const THURSDAY_OFFSET_H = 3 * 24;

/** 0 = Monday 00:00–01:00 Seoul … 167 = Sunday 23:00–24:00. */
export function hourOfWeek(atMs: number): number {
  const h = Math.floor((atMs + SEOUL_OFFSET_MS) / HOUR_MS) + THURSDAY_OFFSET_H;
  return ((h % HOURS_PER_WEEK) + HOURS_PER_WEEK) % HOURS_PER_WEEK;
}

/** Start of the Seoul wall-clock hour containing `atMs` (UTC instant, ms). */
export const hourStart = (atMs: number): number => Math.floor(atMs / HOUR_MS) * HOUR_MS;
