// The job runner: runOnce does partitions, rollups and retention; the timer runs rollups; errors
// are logged, never thrown; stop() waits for the run in progress.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backends } from '../../test/helpers/backends.ts';
import { fixedClock, type Logger } from '../kernel/index.ts';
import type { Db } from '../storage/index.ts';
import { createTimeseriesJobs } from './jobs.ts';
import { ATTR, insertReadings, migrateAll } from './test-support.ts';

function recordingLog(): Logger & { errors: { job: unknown; err: unknown }[] } {
  const errors: { job: unknown; err: unknown }[] = [];
  const log = {
    errors,
    info: () => undefined,
    warn: () => undefined,
    debug: () => undefined,
    error: (obj: object | string) => {
      if (typeof obj === 'object') errors.push(obj as { job: unknown; err: unknown });
    },
    child: () => log,
  };
  return log;
}

for (const backend of await backends()) {
  describe(`time-series jobs on ${backend.name}`, { skip: backend.skip }, () => {
    it('runOnce creates partitions, rolls up and applies retention', async () => {
      const db = await backend.open();
      try {
        await migrateAll(db);
        const clock = fixedClock('2031-04-10T12:00:00.000Z');
        await insertReadings(db, [
          {
            entityId: 'urn:e:1',
            attr: ATTR('t'),
            value: 4,
            observedAt: '2031-04-10T11:00:10Z',
            createdAt: '2031-04-10T11:00:11Z',
          },
          {
            entityId: 'urn:e:1',
            attr: ATTR('t'),
            value: 6,
            observedAt: '2031-04-10T11:00:20Z',
            createdAt: '2031-04-10T11:00:21Z',
          },
          {
            entityId: 'urn:e:1',
            attr: ATTR('t'),
            value: 9,
            personal: true,
            createdAt: '2031-02-01T00:00:00Z',
          },
        ]);
        const log = recordingLog();
        const jobs = createTimeseriesJobs({ db, clock, log });
        const r = await jobs.runOnce();
        assert.deepEqual(r.failed, []);
        assert.deepEqual(r.partitions?.created, [
          'temporal_instances_y2031m02',
          'temporal_instances_y2031m04',
          'temporal_instances_y2031m05',
          'temporal_instances_y2031m06',
        ]);
        assert.equal(r.partitions?.moved, 3);
        assert.deepEqual([r.rollup?.rows, r.rollup?.caughtUp], [3, true]);
        assert.deepEqual(r.retention?.deleted, [{ tenant: 'hanam', dataClass: 'personal', rows: 1 }]);
        const agg = await db.query(
          `SELECT count, sum, min, max, last FROM timeseries_rollups WHERE resolution = '1m' AND bucket = '2031-04-10T11:00:00Z'`,
        );
        assert.deepEqual(agg.rows, [{ count: 2, sum: 10, min: 4, max: 6, last: 6 }]);
        assert.deepEqual(log.errors, []);
      } finally {
        await db.close();
      }
    });

    it('runs rollups on its timer and stops cleanly', async () => {
      const db = await backend.open();
      try {
        await migrateAll(db);
        const clock = fixedClock('2031-04-10T12:00:00.000Z');
        const jobs = createTimeseriesJobs({ db, clock, log: recordingLog(), intervalMs: 5 });
        jobs.start();
        await insertReadings(db, [
          {
            entityId: 'urn:e:1',
            attr: ATTR('t'),
            value: 1,
            observedAt: '2031-04-10T12:00:00Z',
            createdAt: '2031-04-10T12:00:00Z',
          },
        ]);
        clock.advance(10_000);
        // wait for a timer run to pick the reading up (polling the outcome, bounded)
        let n = 0;
        for (let i = 0; i < 400 && n === 0; i++) {
          await new Promise((r) => setTimeout(r, 10));
          n = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM timeseries_rollups')).rows[0]!.n;
        }
        assert.equal(n, 2); // one 1m and one 1h bucket
        await jobs.stop();
        const wm = await db.query<{ at: string }>(`SELECT at::text AS at FROM timeseries_watermarks`);
        clock.advance(60_000);
        await new Promise((r) => setTimeout(r, 50));
        const wm2 = await db.query<{ at: string }>(`SELECT at::text AS at FROM timeseries_watermarks`);
        assert.equal(wm2.rows[0]!.at, wm.rows[0]!.at); // nothing runs after stop()
      } finally {
        await db.close();
      }
    });
  });
}

describe('time-series jobs without a database', () => {
  it('logs failures and keeps going', async () => {
    const failing: Db = {
      kind: 'embedded',
      query: () => Promise.reject(new Error('database down')),
      tx: () => Promise.reject(new Error('database down')),
      ping: () => Promise.resolve(false),
      close: () => Promise.resolve(),
    };
    const log = recordingLog();
    const jobs = createTimeseriesJobs({ db: failing, clock: fixedClock('2031-01-01T00:00:00Z'), log });
    const r = await jobs.runOnce();
    assert.deepEqual(r.failed, ['partitions', 'rollup', 'retention']);
    assert.deepEqual(
      log.errors.map((e) => [e.job, (e.err as Error).message]),
      [
        ['partitions', 'database down'],
        ['rollup', 'database down'],
        ['retention', 'database down'],
      ],
    );
    jobs.start();
    await jobs.stop();
  });
});
