// Partition maintenance of temporal_instances: the current month and the next ones exist before
// rows arrive; rows that landed in the DEFAULT partition (no partition yet) are moved into the
// new partition in the same transaction that attaches it.
import type { Db, Queryable } from '../storage/index.ts';
import { LOCK, advisoryXactLock } from './locks.ts';
import { DEFAULT_PARTITION, PARENT, monthOf, monthsAround, type Month } from './months.ts';

export interface PartitionReport {
  /** Partitions created by this call, oldest first. */
  created: string[];
  /** Rows moved out of the DEFAULT partition into them. */
  moved: number;
}

/** Longest retention a tenant may set; months older than this are left in DEFAULT (junk times). */
const MAX_AGE_DAYS = 3650;
/** A lock held by a long query must not queue every writer behind this job for long. */
const LOCK_TIMEOUT = '3s';

/** Names of the partitions attached to temporal_instances. */
export async function listPartitions(q: Queryable): Promise<string[]> {
  const r = await q.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
     WHERE i.inhparent = '${PARENT}'::regclass ORDER BY 1`,
  );
  return r.rows.map((x) => x.name);
}

/**
 * Creates the partitions of the month of `now` and of the `monthsAhead` months after it, and of
 * past months whose rows sit in the DEFAULT partition. Idempotent; concurrent callers serialise
 * on an advisory lock and re-check under it.
 */
export async function ensurePartitions(db: Db, now: Date, monthsAhead = 2): Promise<PartitionReport> {
  const wanted = new Map(monthsAround(now, monthsAhead).map((m) => [m.name, m]));
  const current = monthOf(now);
  const oldest = new Date(now.getTime() - MAX_AGE_DAYS * 86_400_000).toISOString();
  const stranded = await db.query<{ m: string }>(
    `SELECT DISTINCT date_trunc('month', created_at, 'UTC') AS m FROM ${DEFAULT_PARTITION}
     WHERE created_at >= $1 AND created_at < $2`,
    [oldest, current.from],
  );
  for (const row of stranded.rows) {
    const m = monthOf(new Date(row.m));
    wanted.set(m.name, m);
  }
  const existing = new Set(await listPartitions(db));
  const report: PartitionReport = { created: [], moved: 0 };
  for (const m of [...wanted.values()].sort((a, b) => a.from.localeCompare(b.from))) {
    if (existing.has(m.name)) continue;
    const moved = await createMonth(db, m);
    if (moved === undefined) continue;
    report.created.push(m.name);
    report.moved += moved;
  }
  return report;
}

/** Creates one monthly partition; returns the rows moved into it, or undefined if it already existed. */
async function createMonth(db: Db, m: Month): Promise<number | undefined> {
  return db.tx(async (q) => {
    await q.query(`SET LOCAL lock_timeout = '${LOCK_TIMEOUT}'`);
    await advisoryXactLock(q, LOCK.partitions);
    if ((await listPartitions(q)).includes(m.name)) return undefined; // another process was first
    // Writers routed to DEFAULT wait from here on, so no row of this month can arrive there
    // between the move and the attach (the attach would then fail its check of DEFAULT).
    await q.query(`LOCK TABLE ${DEFAULT_PARTITION} IN ACCESS EXCLUSIVE MODE`);
    // A standalone table attached afterwards: ATTACH takes only SHARE UPDATE EXCLUSIVE on the
    // parent, where CREATE TABLE … PARTITION OF would stop every reader and writer of the parent.
    await q.query(`CREATE TABLE ${m.name} (LIKE ${PARENT} INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`);
    const moved = await q.query(
      `WITH moved AS (
         DELETE FROM ${DEFAULT_PARTITION} WHERE created_at >= $1 AND created_at < $2 RETURNING *
       )
       INSERT INTO ${m.name} SELECT * FROM moved`,
      [m.from, m.to],
    );
    // Bounds come from monthOf() (ISO strings we generate), never from input.
    await q.query(
      `ALTER TABLE ${PARENT} ATTACH PARTITION ${m.name} FOR VALUES FROM ('${m.from}') TO ('${m.to}')`,
    );
    return moved.rowCount;
  });
}
