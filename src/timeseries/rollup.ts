// Incremental 1-minute and 1-hour rollups of numeric readings (temporal_instances.num).
//
// Progress is a process-time watermark on created_at: a run aggregates the rows with created_at in
// (watermark, now − 2 s] and moves the watermark in the same transaction as the upserts, so every
// row is counted exactly once. Rows are bucketed by COALESCE(observed_at, created_at): a reading
// that arrives late (old observedAt, new created_at) still updates its old bucket.
//
// Assumption (documented for writers): created_at is the writer's commit-time clock (the
// transaction's now(), or the process clock of a short transaction), and a transaction that writes
// rows commits within SAFETY_LAG of that time. instance_id order is not commit order under
// concurrent writers, so it cannot serve as the watermark; a row committed later than the lag
// behind its created_at would be missed by the rollups (it is still in the raw series).
import type { Db, Queryable } from '../storage/index.ts';
import { LOCK, advisoryXactLock } from './locks.ts';

export const SAFETY_LAG_MS = 2_000;
/** Source rows aggregated per transaction (a run loops until it is caught up). */
export const MAX_ROWS_PER_RUN = 200_000;
const WATERMARK = 'rollup';
/** Bound on the transactions of one call, so a backlog cannot keep a call busy forever. */
const MAX_STEPS = 1_000;

export interface RollupOptions {
  maxRows?: number;
}

export interface RollupReport {
  /** Numeric source rows aggregated by this call. */
  rows: number;
  /** Transactions (windows) used. */
  steps: number;
  /** Watermark after the call (exact text form of the timestamptz). */
  watermark: string;
  /** True when the watermark reached now − lag. */
  caughtUp: boolean;
}

/** Upserts the aggregates of the rows with created_at in ($1, $2]; answers how many rows it read. */
const UPSERT = `
WITH s AS MATERIALIZED (
  SELECT tenant, entity_id, attr, num, instance_id, COALESCE(observed_at, created_at) AS t
  FROM temporal_instances
  WHERE created_at > $1::timestamptz AND created_at <= $2::timestamptz AND num IS NOT NULL AND NOT deleted
), up AS (
INSERT INTO timeseries_rollups AS r (tenant, entity_id, attr, resolution, bucket, count, sum, min, max, last, last_at)
SELECT s.tenant, s.entity_id, s.attr, g.res, date_trunc(g.unit, s.t, 'UTC') AS bucket,
       count(*), sum(s.num), min(s.num), max(s.num),
       (array_agg(s.num ORDER BY s.t DESC, s.instance_id DESC))[1], max(s.t)
FROM s CROSS JOIN (VALUES ('1m', 'minute'), ('1h', 'hour')) AS g(res, unit)
GROUP BY s.tenant, s.entity_id, s.attr, g.res, bucket
ON CONFLICT (tenant, entity_id, attr, resolution, bucket) DO UPDATE SET
  count = r.count + EXCLUDED.count,
  sum = r.sum + EXCLUDED.sum,
  min = LEAST(r.min, EXCLUDED.min),
  max = GREATEST(r.max, EXCLUDED.max),
  -- on equal times the later run wins: its rows were written later
  last = CASE WHEN EXCLUDED.last_at >= r.last_at THEN EXCLUDED.last ELSE r.last END,
  last_at = GREATEST(r.last_at, EXCLUDED.last_at)
RETURNING 1
)
SELECT (SELECT count(*) FROM s)::int AS rows, (SELECT count(*) FROM up)::int AS groups`;

/** Aggregates everything up to now − lag in windows of at most maxRows source rows. */
export async function rollupOnce(db: Db, now: Date, opts: RollupOptions = {}): Promise<RollupReport> {
  const maxRows = Math.max(1, Math.trunc(opts.maxRows ?? MAX_ROWS_PER_RUN));
  const cutoff = new Date(now.getTime() - SAFETY_LAG_MS).toISOString();
  const report: RollupReport = { rows: 0, steps: 0, watermark: '', caughtUp: false };
  let span: string | undefined;
  while (report.steps < MAX_STEPS) {
    const step = await db.tx((q) => rollupStep(q, cutoff, maxRows, span));
    span = step.span;
    report.steps += 1;
    report.rows += step.rows;
    report.watermark = step.watermark;
    if (step.done) {
      report.caughtUp = true;
      break;
    }
    // The embedded engine runs a statement without yielding: ingestion transactions get their turn
    // between windows, so a rollup adds at most one window's time to a reading's acknowledgement.
    await new Promise<void>((r) => setImmediate(r));
  }
  return report;
}

interface Step {
  rows: number;
  watermark: string;
  done: boolean;
  /** Length of the window taken when it had to be narrowed (a hint for the next window). */
  span?: string;
}

/**
 * One window (watermark, hi]: hi is halved until the window holds at most maxRows rows. After a
 * narrowed window the next one starts at twice its length instead of at the cutoff, so a backlog
 * does not pay a full bisection per window.
 */
async function rollupStep(q: Queryable, cutoff: string, maxRows: number, span?: string): Promise<Step> {
  await advisoryXactLock(q, LOCK.rollup);
  // text keeps the microseconds (the driver's Date conversion would drop them)
  const wm = await q.query<{ at: string; behind: boolean }>(
    `SELECT at::text AS at, at < $2::timestamptz AS behind FROM timeseries_watermarks WHERE name = $1 FOR UPDATE`,
    [WATERMARK, cutoff],
  );
  const row = wm.rows[0];
  if (!row) throw new Error('rollup watermark missing: run the timeseries migrations');
  if (!row.behind) return { rows: 0, watermark: row.at, done: true };
  let lo = row.at;
  if (lo === '-infinity') {
    // First run: start just before the oldest row (intervals from -infinity cannot be halved).
    const first = await q.query<{ lo: string | null }>(
      `SELECT (min(created_at) - interval '1 microsecond')::text AS lo FROM temporal_instances WHERE created_at <= $1::timestamptz`,
      [cutoff],
    );
    const start = first.rows[0]?.lo;
    if (!start) return advance(q, cutoff, 0, true);
    lo = start;
  }
  let hi = cutoff;
  let done = true;
  if (span !== undefined) {
    const next = await q.query<{ hi: string; last: boolean }>(
      `SELECT least($3::timestamptz, $1::timestamptz + $2::interval * 2)::text AS hi,
              $1::timestamptz + $2::interval * 2 >= $3::timestamptz AS last`,
      [lo, span, cutoff],
    );
    const n = next.rows[0];
    if (n && !n.last) {
      hi = n.hi;
      done = false;
    }
  }
  while ((await countUpTo(q, lo, hi, maxRows + 1)) > maxRows) {
    const half = await q.query<{ mid: string; tiny: boolean }>(
      `SELECT ($1::timestamptz + ($2::timestamptz - $1::timestamptz) / 2)::text AS mid,
              $2::timestamptz - $1::timestamptz <= interval '1 microsecond' AS tiny`,
      [lo, hi],
    );
    const h = half.rows[0];
    // One instant holding more than maxRows rows (a large multi-row INSERT) is taken whole.
    if (!h || h.tiny) break;
    hi = h.mid;
    done = false;
  }
  const up = await q.query<{ rows: number }>(UPSERT, [lo, hi]);
  return advance(q, hi, up.rows[0]?.rows ?? 0, done, done ? undefined : lo);
}

async function advance(q: Queryable, to: string, rows: number, done: boolean, from?: string): Promise<Step> {
  const r = await q.query<{ at: string; span: string | null }>(
    `UPDATE timeseries_watermarks SET at = $2::timestamptz WHERE name = $1
     RETURNING at::text AS at, (at - $3::timestamptz)::text AS span`,
    [WATERMARK, to, from ?? null],
  );
  const row = r.rows[0];
  return { rows, watermark: row?.at ?? to, done, ...(row?.span ? { span: row.span } : {}) };
}

/** Rows in (lo, hi], counting at most `limit` (the scan stops there). */
async function countUpTo(q: Queryable, lo: string, hi: string, limit: number): Promise<number> {
  const r = await q.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (
       SELECT 1 FROM temporal_instances WHERE created_at > $1::timestamptz AND created_at <= $2::timestamptz LIMIT $3
     ) x`,
    [lo, hi, limit],
  );
  return r.rows[0]?.n ?? 0;
}
