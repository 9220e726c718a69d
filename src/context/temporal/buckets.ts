// Aggregation periods (NGSI-LD 1.8 §4.5.19): the time range of the query cut into consecutive
// periods of aggrPeriodDuration, starting at the start of the range. Computed here rather than with
// date_bin so calendar durations (P1M, P1Y) work and both database engines get identical periods.
import { addDuration, isZeroDuration, type Duration } from './duration.ts';
import type { TimeFilter } from './temporal-query.ts';

export interface Bucket {
  /** Inclusive start (epoch ms). */
  start: number;
  /** End shown to the client as endAt (epoch ms). */
  end: number;
  /** Exclusive end used to select instances; undefined = no upper bound (the data already stops there). */
  memberEnd: number | undefined;
}

export interface BucketPlan {
  start: number;
  end: number;
  /** true when `end` is the time of the last instance (it belongs to the range); false when it is timeAt/endTimeAt (excluded). */
  endInclusive: boolean;
  duration: Duration;
  max: number;
}

export class TooManyBuckets extends Error {}

/** The periods covering [start, end) (or [start, end]); throws TooManyBuckets past `max`. */
export function planBuckets(p: BucketPlan): Bucket[] {
  if (p.end < p.start) return [];
  if (isZeroDuration(p.duration))
    return [{ start: p.start, end: p.end, memberEnd: p.endInclusive ? undefined : p.end }];
  const out: Bucket[] = [];
  for (let k = 0; ; k++) {
    const start = addDuration(p.start, p.duration, k);
    if (p.endInclusive ? start > p.end : start >= p.end) break;
    if (out.length >= p.max) throw new TooManyBuckets(`more than ${p.max} aggregation periods`);
    const next = addDuration(p.start, p.duration, k + 1);
    const end = p.endInclusive ? next : Math.min(next, p.end);
    out.push({ start, end, memberEnd: end });
  }
  return out;
}

/**
 * The range to cut into periods: timeAt / endTimeAt where the query gives them, else the first
 * or last instance found (`data`). undefined when there is nothing to aggregate.
 */
export function aggregationRange(
  time: TimeFilter,
  data: { min: string; max: string } | undefined,
): Omit<BucketPlan, 'duration' | 'max'> | undefined {
  const ms = (s: string | undefined) => Date.parse(s ?? '');
  switch (time.timerel) {
    case 'between':
      return { start: ms(time.timeAt), end: ms(time.endTimeAt), endInclusive: false };
    case 'before':
      return data && { start: ms(data.min), end: ms(time.timeAt), endInclusive: false };
    case 'after':
      return data && { start: ms(time.timeAt), end: ms(data.max), endInclusive: true };
    default:
      return data && { start: ms(data.min), end: ms(data.max), endInclusive: true };
  }
}
