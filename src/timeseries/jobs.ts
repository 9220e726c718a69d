// Background jobs of the time-series store: rollups every interval; partition maintenance and
// retention hourly. One run at a time (a timer chain, never overlapping); a failing job is logged
// and retried at its next turn, it never stops the others or the process.
import type { Clock, Logger } from '../kernel/index.ts';
import type { Db } from '../storage/index.ts';
import { ensurePartitions, type PartitionReport } from './partitions.ts';
import { applyRetention, type RetentionReport } from './retention.ts';
import { rollupOnce, type RollupReport } from './rollup.ts';

export interface TimeseriesJobsDeps {
  db: Db;
  clock: Clock;
  log: Logger;
  /** Rollup period. */
  intervalMs?: number;
  /** Period of partition maintenance and retention. */
  maintenanceMs?: number;
  /** Source rows per rollup transaction (small on the embedded engine, whose statements block the process). */
  rollupMaxRows?: number;
}

export interface JobsRunReport {
  partitions?: PartitionReport;
  rollup?: RollupReport;
  retention?: RetentionReport;
  /** Jobs that failed in this run (their errors were logged). */
  failed: string[];
}

export interface TimeseriesJobs {
  start(): void;
  /** Stops the timer and waits for a run in progress. */
  stop(): Promise<void>;
  /** Runs every job now (after a run in progress), maintenance included. */
  runOnce(): Promise<JobsRunReport>;
}

export function createTimeseriesJobs(deps: TimeseriesJobsDeps): TimeseriesJobs {
  const { db, clock } = deps;
  const log = deps.log.child({ module: 'timeseries' });
  const intervalMs = deps.intervalMs ?? 10_000;
  const maintenanceMs = deps.maintenanceMs ?? 3_600_000;
  let lastMaintenance = Number.NEGATIVE_INFINITY;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let started = false;

  async function job<T>(name: string, out: JobsRunReport, fn: () => Promise<T>): Promise<T | undefined> {
    try {
      return await fn();
    } catch (err) {
      out.failed.push(name);
      log.error({ err, job: name }, 'time-series job failed');
      return undefined;
    }
  }

  async function run(forceMaintenance: boolean): Promise<JobsRunReport> {
    const out: JobsRunReport = { failed: [] };
    const maintain = forceMaintenance || clock.now().getTime() - lastMaintenance >= maintenanceMs;
    if (maintain) {
      const p = await job('partitions', out, () => ensurePartitions(db, clock.now()));
      if (p) out.partitions = p;
    }
    const r = await job('rollup', out, () =>
      rollupOnce(db, clock.now(), deps.rollupMaxRows ? { maxRows: deps.rollupMaxRows } : {}),
    );
    if (r) out.rollup = r;
    if (maintain) {
      const t = await job('retention', out, () => applyRetention(db, clock.now()));
      if (t) out.retention = t;
      lastMaintenance = clock.now().getTime();
      log.debug({ partitions: out.partitions, retention: out.retention }, 'time-series maintenance done');
    }
    return out;
  }

  /** Runs after whatever is running now, so runs never overlap. */
  function enqueue(forceMaintenance: boolean): Promise<JobsRunReport> {
    const next = running.then(() => run(forceMaintenance));
    running = next.catch(() => undefined);
    return next;
  }

  function schedule(delay: number): void {
    if (!started) return;
    timer = setTimeout(() => {
      timer = undefined;
      const again = () => schedule(intervalMs);
      void enqueue(false).then(again, again);
    }, delay);
    timer.unref();
  }

  return {
    start() {
      if (started) return;
      started = true;
      schedule(0);
    },
    async stop() {
      started = false;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await running;
    },
    runOnce: () => enqueue(true),
  };
}
