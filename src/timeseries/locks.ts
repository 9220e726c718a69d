// Cross-process exclusion for the time-series jobs. Short jobs take a transaction-scoped advisory
// lock; a job made of many transactions (retention) holds a lease row instead, because the pool
// gives no session that could keep a session-level advisory lock between statements.
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../storage/index.ts';

/** Two-key advisory locks: the (int, int) key space never meets the bigint key of migrate(). */
const NAMESPACE = 7_362_270;
export const LOCK = { partitions: 1, rollup: 2 } as const;

export async function advisoryXactLock(q: Queryable, key: (typeof LOCK)[keyof typeof LOCK]): Promise<void> {
  await q.query('SELECT pg_advisory_xact_lock($1::int, $2::int)', [NAMESPACE, key]);
}

export interface Lease {
  readonly holder: string;
  /** Extends the lease; false when it was lost (expired and taken by another process). */
  renew(): Promise<boolean>;
  release(): Promise<void>;
}

/** Takes the named lease for `seconds`, or returns undefined when another process holds it. */
export async function acquireLease(q: Queryable, name: string, seconds: number): Promise<Lease | undefined> {
  const holder = randomUUID();
  const got = await q.query(
    `INSERT INTO timeseries_leases AS l (name, holder, until)
     VALUES ($1, $2, clock_timestamp() + make_interval(secs => $3))
     ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, until = EXCLUDED.until
     WHERE l.until < clock_timestamp()
     RETURNING holder`,
    [name, holder, seconds],
  );
  if (got.rowCount === 0) return undefined;
  return {
    holder,
    async renew() {
      const r = await q.query(
        `UPDATE timeseries_leases SET until = clock_timestamp() + make_interval(secs => $3)
         WHERE name = $1 AND holder = $2`,
        [name, holder, seconds],
      );
      return r.rowCount === 1;
    },
    async release() {
      await q.query('DELETE FROM timeseries_leases WHERE name = $1 AND holder = $2', [name, holder]);
    },
  };
}
