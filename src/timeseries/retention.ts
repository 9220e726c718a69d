// Retention of readings and rollups. A reading's age is its storage time (created_at, the partition
// key), so deleting rows and dropping partitions agree. Cheap path first: a monthly partition whose
// every row is past the longest retention of any tenant is dropped whole. The rest is deleted in
// bounded batches (one short statement each), so no lock is held for long. One process at a time
// (a lease), because another process could drop a partition this one is deleting from.
import type { Db, Queryable } from '../storage/index.ts';
import { LOCK, acquireLease, advisoryXactLock, type Lease } from './locks.ts';
import { listPartitions } from './partitions.ts';
import { parseMonth } from './months.ts';
import { DEFAULT_RETENTION_DAYS, ROLLUP_RETENTION_DAYS, type DataClass } from './retention-policy.ts';

export const RETENTION_BATCH = 10_000;
const MAX_BATCHES = 1_000;
const LEASE_SECONDS = 900;
const DAY_MS = 86_400_000;

export interface RetentionOptions {
  /** Rows per DELETE statement. */
  batchSize?: number;
  /** Statements per call; the rest waits for the next call. */
  maxBatches?: number;
}

export interface RetentionCount {
  tenant: string;
  dataClass: DataClass;
  rows: number;
}

export interface RetentionReport {
  /** True when another process was applying retention (nothing was done). */
  skipped: boolean;
  /** Rows deleted one by one, per tenant and data class (rows of dropped partitions not included). */
  deleted: RetentionCount[];
  /** Monthly partitions dropped whole. */
  droppedPartitions: string[];
  rollupsDeleted: { '1m': number; '1h': number };
}

interface Budget {
  batchSize: number;
  left: number;
  lease: Lease;
  /** Set when the lease was lost: another process took over, this one stops. */
  lost: boolean;
}

interface MonthlyPartition {
  name: string;
  from: number;
  to: number;
}

export async function applyRetention(
  db: Db,
  now: Date,
  opts: RetentionOptions = {},
): Promise<RetentionReport> {
  const report: RetentionReport = {
    skipped: false,
    deleted: [],
    droppedPartitions: [],
    rollupsDeleted: { '1m': 0, '1h': 0 },
  };
  const lease = await acquireLease(db, 'retention', LEASE_SECONDS);
  if (!lease) return { ...report, skipped: true };
  const batches = Math.max(1, Math.trunc(opts.maxBatches ?? MAX_BATCHES));
  const batchSize = Math.max(1, Math.trunc(opts.batchSize ?? RETENTION_BATCH));
  const budget: Budget = { batchSize, left: batches, lease, lost: false };
  try {
    await expireReadings(db, now, budget, report);
    const rollupBudget: Budget = { ...budget, left: batches };
    for (const res of ['1m', '1h'] as const) {
      if (rollupBudget.lost) break;
      const before = new Date(now.getTime() - ROLLUP_RETENTION_DAYS[res] * DAY_MS);
      report.rollupsDeleted[res] = await deleteRollups(db, res, before, rollupBudget);
    }
    return report;
  } finally {
    await lease.release();
  }
}

/** Drops whole expired months, deletes expired rows elsewhere, then drops months left empty. */
async function expireReadings(db: Db, now: Date, budget: Budget, report: RetentionReport): Promise<void> {
  const { longest, shortest } = await policyBounds(db);
  const parts = await listPartitions(db);
  const monthly = parts.flatMap((name): MonthlyPartition[] => {
    const m = parseMonth(name);
    return m ? [{ name, from: Date.parse(m.from), to: Date.parse(m.to) }] : [];
  });
  const drop = async (name: string) => {
    if (await dropPartition(db, name)) report.droppedPartitions.push(name);
  };
  // Every row of these is past the longest retention of any tenant.
  const expired = new Set(monthly.filter((p) => p.to <= now.getTime() - longest * DAY_MS).map((p) => p.name));
  for (const name of expired) await drop(name);
  // Partitions that begin after the shortest cutoff cannot hold an expired row.
  const minCutoff = now.getTime() - shortest * DAY_MS;
  const scan = parts.filter((name) => {
    const m = monthly.find((p) => p.name === name);
    return !expired.has(name) && (!m || m.from < minCutoff);
  });
  const counts = new Map<string, RetentionCount>();
  for (const name of scan) {
    if (budget.lost) return;
    await deleteRows(db, name, now, new Date(minCutoff), budget, counts);
  }
  report.deleted = [...counts.values()].sort(
    (a, b) => a.tenant.localeCompare(b.tenant) || a.dataClass.localeCompare(b.dataClass),
  );
  // Old months emptied by the deletes (every tenant there has a short policy) go too.
  for (const p of monthly)
    if (!budget.lost && !expired.has(p.name) && p.to <= minCutoff && (await isEmpty(db, p.name)))
      await drop(p.name);
}

/** Longest and shortest retention in force for any tenant (defaults included: some tenant may have none). */
async function policyBounds(q: Queryable): Promise<{ longest: number; shortest: number }> {
  const d = DEFAULT_RETENTION_DAYS;
  const r = await q.query<{ longest: number; shortest: number }>(
    `SELECT GREATEST($1::int, $2::int, COALESCE(max(days), 0)) AS longest,
            LEAST($1::int, $2::int, COALESCE(min(days), $1::int)) AS shortest
     FROM retention_policies`,
    [d.default, d.personal],
  );
  const row = r.rows[0];
  return { longest: row?.longest ?? d.default, shortest: row?.shortest ?? d.personal };
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

async function dropPartition(db: Db, name: string): Promise<boolean> {
  return db.tx(async (q) => {
    await q.query(`SET LOCAL lock_timeout = '3s'`);
    await advisoryXactLock(q, LOCK.partitions);
    if (!(await listPartitions(q)).includes(name)) return false;
    await q.query(`DROP TABLE ${ident(name)}`);
    return true;
  });
}

async function isEmpty(q: Queryable, name: string): Promise<boolean> {
  const r = await q.query<{ any: boolean }>(`SELECT EXISTS (SELECT 1 FROM ${ident(name)}) AS any`);
  return r.rows[0]?.any === false;
}

/**
 * Deletes the expired rows of one partition, batch by batch. Personal rows follow the personal
 * policy, never kept longer than the tenant's default one.
 */
async function deleteRows(
  db: Db,
  name: string,
  now: Date,
  minCutoff: Date,
  budget: Budget,
  counts: Map<string, RetentionCount>,
): Promise<void> {
  const t = ident(name);
  const sql = `
    WITH victims AS (
      SELECT x.ctid AS id FROM ${t} x
      LEFT JOIN retention_policies d ON d.tenant = x.tenant AND d.data_class = 'default'
      LEFT JOIN retention_policies p ON p.tenant = x.tenant AND p.data_class = 'personal'
      WHERE x.created_at < $1::timestamptz
        AND x.created_at < $2::timestamptz - make_interval(days => CASE WHEN x.personal
              THEN LEAST(COALESCE(p.days, $4::int), COALESCE(d.days, $3::int))
              ELSE COALESCE(d.days, $3::int) END)
      LIMIT $5
    ), gone AS (
      DELETE FROM ${t} WHERE ctid = ANY (ARRAY(SELECT id FROM victims)) RETURNING tenant, personal
    )
    SELECT tenant, personal, count(*)::int AS n FROM gone GROUP BY tenant, personal`;
  const params = [
    minCutoff.toISOString(),
    now.toISOString(),
    DEFAULT_RETENTION_DAYS.default,
    DEFAULT_RETENTION_DAYS.personal,
    budget.batchSize,
  ];
  while (budget.left > 0) {
    budget.left -= 1;
    const r = await db.query<{ tenant: string; personal: boolean; n: number }>(sql, params);
    let total = 0;
    for (const row of r.rows) {
      const dataClass: DataClass = row.personal ? 'personal' : 'default';
      const key = `${row.tenant}\u0000${dataClass}`;
      const c = counts.get(key) ?? { tenant: row.tenant, dataClass, rows: 0 };
      c.rows += row.n;
      counts.set(key, c);
      total += row.n;
    }
    if (total < budget.batchSize) return;
    budget.lost = !(await budget.lease.renew());
    if (budget.lost) return;
  }
}

async function deleteRollups(db: Db, resolution: '1m' | '1h', before: Date, budget: Budget): Promise<number> {
  let deleted = 0;
  while (budget.left > 0) {
    budget.left -= 1;
    const r = await db.query<{ n: number }>(
      `WITH gone AS (
         DELETE FROM timeseries_rollups WHERE ctid = ANY (ARRAY(
           SELECT ctid FROM timeseries_rollups WHERE resolution = $1 AND bucket < $2::timestamptz LIMIT $3))
         RETURNING 1
       )
       SELECT count(*)::int AS n FROM gone`,
      [resolution, before.toISOString(), budget.batchSize],
    );
    const n = r.rows[0]?.n ?? 0;
    deleted += n;
    if (n < budget.batchSize) break;
    budget.lost = !(await budget.lease.renew());
    if (budget.lost) break;
  }
  return deleted;
}
