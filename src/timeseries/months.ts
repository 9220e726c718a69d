// Monthly partitions of temporal_instances: names and bounds. Pure. Months are UTC calendar months
// (partition bounds are instants; the city's time zone plays no part in storage).
export const PARENT = 'temporal_instances';
export const DEFAULT_PARTITION = 'temporal_instances_default';

const NAME_RE = /^temporal_instances_y(\d{4})m(\d{2})$/;

export interface Month {
  /** temporal_instances_yYYYYmMM */
  name: string;
  /** First instant of the month (inclusive), ISO UTC. */
  from: string;
  /** First instant of the next month (exclusive), ISO UTC. */
  to: string;
}

/** The month `offset` months after the month of `at` (UTC). */
export function monthOf(at: Date, offset = 0): Month {
  const y = at.getUTCFullYear();
  const m = at.getUTCMonth() + offset;
  const start = new Date(Date.UTC(y, m, 1));
  const end = new Date(Date.UTC(y, m + 1, 1));
  const yyyy = String(start.getUTCFullYear()).padStart(4, '0');
  const mm = String(start.getUTCMonth() + 1).padStart(2, '0');
  return { name: `${PARENT}_y${yyyy}m${mm}`, from: start.toISOString(), to: end.toISOString() };
}

/** The month a partition name stands for, or undefined for other names (the DEFAULT partition). */
export function parseMonth(name: string): Month | undefined {
  const m = NAME_RE.exec(name);
  if (!m) return undefined;
  const month = Number(m[2]);
  if (month < 1 || month > 12) return undefined;
  return monthOf(new Date(Date.UTC(Number(m[1]), month - 1, 1)));
}

/** The current month of `now` and the `ahead` months after it. */
export function monthsAround(now: Date, ahead: number): Month[] {
  return Array.from({ length: Math.max(0, Math.trunc(ahead)) + 1 }, (_, i) => monthOf(now, i));
}
