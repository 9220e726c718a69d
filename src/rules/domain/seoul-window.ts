// Daily time windows in Asia/Seoul. Korea Standard Time is UTC+09:00 with no daylight saving time
// since 1988, so local wall time is UTC shifted by a constant and needs no time-zone database.
import type { DailyWindow } from './types.ts';

export const KST_OFFSET_MS = 9 * 3_600_000;
const DAY_MS = 86_400_000;

/** Minutes after local midnight of "HH:MM", or undefined when malformed. */
export function parseHhMm(s: string): number | undefined {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(s);
  return m ? Number(m[1]) * 60 + Number(m[2]) : undefined;
}

/** Length of a window in milliseconds; a window whose end precedes its start crosses midnight. */
export function windowLengthMs(w: DailyWindow): number {
  const s = parseHhMm(w.start) ?? 0;
  const e = parseHhMm(w.end) ?? 0;
  return ((e - s + 1440) % 1440) * 60_000;
}

export interface Occurrence {
  start: number;
  end: number;
}

/** Occurrences (UTC ms) of the windows that overlap [from − 1 day, to + 1 day], sorted by start. */
export function occurrences(windows: readonly DailyWindow[], from: number, to: number): Occurrence[] {
  const out: Occurrence[] = [];
  const firstDay = Math.floor((from + KST_OFFSET_MS) / DAY_MS) - 1;
  const lastDay = Math.floor((to + KST_OFFSET_MS) / DAY_MS) + 1;
  for (let d = firstDay; d <= lastDay; d++) {
    const midnight = d * DAY_MS - KST_OFFSET_MS; // 00:00 KST of local day d, in UTC ms
    for (const w of windows) {
      const s = parseHhMm(w.start);
      if (s === undefined) continue;
      const start = midnight + s * 60_000;
      out.push({ start, end: start + windowLengthMs(w) });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/** The occurrence containing t (the earliest-starting one if windows overlap). */
export function occurrenceAt(windows: readonly DailyWindow[], t: number): Occurrence | undefined {
  return occurrences(windows, t, t).find((o) => o.start <= t && t < o.end);
}

/** The first occurrence starting after t. */
export function nextOccurrence(windows: readonly DailyWindow[], t: number): Occurrence | undefined {
  return occurrences(windows, t, t + DAY_MS).find((o) => o.start > t);
}
