// One contract suite for both event buses: the in-process bus always, NATS JetStream at
// DOSI_TEST_NATS_URL (default nats://127.0.0.1:4222) when reachable. With CI=true NATS is mandatory.
// Every NATS test uses its own stream and subject prefix (the bus maps `dosi.` to the prefix), so
// parallel runs on one server do not see each other's events; the streams are deleted afterwards.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { silentLogger } from '../kernel/logger.ts';
import { createBus, createMemoryBus, createNatsBus } from './index.ts';
import type { Bus, BusMeta, BusSubscription } from './types.ts';

const NATS_URL = process.env.DOSI_TEST_NATS_URL ?? 'nats://127.0.0.1:4222';
/** Short retry delays keep the failure tests quick. */
const RETRY_BASE_MS = 10;

async function natsProblem(): Promise<string | undefined> {
  try {
    const nc = await connect({ servers: NATS_URL, timeout: 3_000, maxReconnectAttempts: 0 });
    try {
      await (await jetstreamManager(nc)).getAccountInfo();
    } finally {
      await nc.close();
    }
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

const problem = await natsProblem();
if (problem && process.env.CI === 'true')
  throw new Error(`CI=true but NATS JetStream at ${NATS_URL} is unreachable: ${problem}`);

interface Harness {
  bus: Bus;
  /** Another bus on the same event store: a second process for NATS, the same bus in memory. */
  peer(): Promise<Bus>;
  cleanup(): Promise<void>;
}

interface Impl {
  name: 'memory' | 'nats';
  skip: string | false;
  open(): Promise<Harness>;
}

const streamsToDelete: string[] = [];
/** Every NATS bus a test opened; closed at the end even when a test failed half-way. */
const natsBuses: Bus[] = [];
after(async () => {
  await Promise.all(natsBuses.map((b) => b.close().catch(() => undefined)));
  if (streamsToDelete.length === 0) return;
  const nc = await connect({ servers: NATS_URL });
  const jsm = await jetstreamManager(nc);
  await Promise.all(streamsToDelete.map((s) => jsm.streams.delete(s).catch(() => false)));
  await nc.close();
});

async function openNats(stream: string, prefix: string): Promise<Bus> {
  const bus = await createNatsBus({
    url: NATS_URL,
    log: silentLogger,
    stream,
    prefix,
    retryBaseMs: RETRY_BASE_MS,
    pullExpiresMs: 1_000,
  });
  natsBuses.push(bus);
  return bus;
}

const impls: Impl[] = [
  {
    name: 'memory',
    skip: false,
    async open() {
      const bus = createMemoryBus({ log: silentLogger, retryBaseMs: RETRY_BASE_MS });
      return { bus, peer: () => Promise.resolve(bus), cleanup: () => bus.close() };
    },
  },
  {
    name: 'nats',
    skip: problem ? `NATS JetStream at ${NATS_URL} unreachable (${problem}); set DOSI_TEST_NATS_URL` : false,
    async open() {
      const id = randomBytes(5).toString('hex');
      const stream = `TEST_${id}`;
      const prefix = `test_${id}`;
      streamsToDelete.push(stream);
      const buses = [await openNats(stream, prefix)];
      return {
        bus: buses[0]!,
        async peer() {
          const b = await openNats(stream, prefix);
          buses.push(b);
          return b;
        },
        async cleanup() {
          await Promise.all(buses.map((b) => b.close()));
        },
      };
    },
  },
];

interface Got {
  data: { i: number };
  meta: BusMeta;
}

function collector() {
  const got: Got[] = [];
  return {
    got,
    handler: async (data: unknown, meta: BusMeta) => {
      got.push({ data: data as { i: number }, meta });
    },
  };
}

async function waitFor(cond: () => boolean, what: string, ms = 15_000): Promise<void> {
  const until = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > until) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Gives stray (duplicate or extra) deliveries a chance to show up before counting exactly. */
const settle = (ms = 300) => new Promise((r) => setTimeout(r, ms));

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

for (const impl of impls) {
  describe(`event bus contract: ${impl.name}`, { skip: impl.skip }, () => {
    async function withBus(fn: (h: Harness) => Promise<void>): Promise<void> {
      const h = await impl.open();
      try {
        await fn(h);
      } finally {
        await h.cleanup();
      }
    }

    it('delivers 1,000 events in publish order to plain and durable subscriptions', () =>
      withBus(async ({ bus }) => {
        const plain = collector();
        const durable = collector();
        await bus.subscribe('dosi.order.>', plain.handler);
        await bus.subscribe('dosi.order.>', durable.handler, { durable: 'order' });
        for (const i of range(1000)) await bus.publish(`dosi.order.t${i % 3}`, { i }, `o-${i}`);
        await waitFor(() => plain.got.length >= 1000 && durable.got.length >= 1000, '1,000 events');
        for (const c of [plain, durable]) {
          assert.deepEqual(
            c.got.map((g) => g.data.i),
            range(1000),
          );
          assert.deepEqual(
            c.got.map((g) => g.meta.id),
            range(1000).map((i) => `o-${i}`),
          );
          assert.deepEqual(
            c.got.slice(0, 3).map((g) => g.meta.subject),
            ['dosi.order.t0', 'dosi.order.t1', 'dosi.order.t2'],
          );
          assert.ok(c.got.every((g) => g.meta.deliveryCount === 1));
        }
      }));

    it('filters by `*` and `>` wildcards', () =>
      withBus(async ({ bus }) => {
        const patterns = [
          'dosi.reading.>',
          'dosi.entity.*.create',
          'dosi.*.t1.*',
          '>',
          'dosi.device.t2.online',
        ] as const;
        const cs = patterns.map(() => collector());
        for (const [k, p] of patterns.entries()) await bus.subscribe(p, cs[k]!.handler);
        const published = [
          'dosi.reading.t1.AirQuality',
          'dosi.reading.t2.Parking.extra',
          'dosi.entity.t1.create',
          'dosi.entity.t2.update',
          'dosi.device.t1.offline',
          'dosi.device.t2.online',
        ];
        for (const [i, s] of published.entries()) await bus.publish(s, { i }, `w-${i}`);
        const want: number[][] = [[0, 1], [2], [0, 2, 4], [0, 1, 2, 3, 4, 5], [5]];
        await waitFor(() => cs.every((c, k) => c.got.length >= want[k]!.length), 'wildcard deliveries');
        await settle();
        for (const [k, c] of cs.entries())
          assert.deepEqual(
            c.got.map((g) => g.data.i),
            want[k],
            patterns[k],
          );
        assert.deepEqual(
          cs[3]!.got.map((g) => g.meta.subject),
          published,
        );
      }));

    it('a durable subscription resumes after close without losing or repeating acked events', () =>
      withBus(async ({ bus }) => {
        const first: number[] = [];
        let closing: Promise<void> | undefined;
        let sub: BusSubscription | undefined;
        sub = await bus.subscribe(
          'dosi.resume.>',
          async (data) => {
            first.push((data as { i: number }).i);
            // Stop right after the 50th event, from inside the handler (no 51st may start).
            if (first.length === 50) closing = sub!.close();
          },
          { durable: 'resume' },
        );
        await bus.publishMany(
          range(100).map((i) => ({ subject: 'dosi.resume.x', data: { i }, id: `r-${i}` })),
        );
        await waitFor(() => closing !== undefined, '50 events before closing');
        // Inside the handler close() cannot wait for that handler; from outside it waits for all.
        await closing;
        await sub.close();
        assert.deepEqual(first, range(50));

        const second = collector();
        sub = await bus.subscribe('dosi.resume.>', second.handler, { durable: 'resume' });
        await waitFor(() => second.got.length >= 50, 'the remaining 50 events');
        await settle();
        assert.deepEqual(
          second.got.map((g) => g.data.i),
          range(100).slice(50),
        );
        await sub.close();
      }));

    it('subscriptions sharing a durable name share the work', () =>
      withBus(async (h) => {
        const bus = h.bus;
        const other = await h.peer();
        const a = collector();
        const b = collector();
        const slow = (h: (d: unknown, m: BusMeta) => Promise<void>) => async (d: unknown, m: BusMeta) => {
          await new Promise((r) => setTimeout(r, 1));
          await h(d, m);
        };
        await bus.subscribe('dosi.work.>', slow(a.handler), { durable: 'workers' });
        await other.subscribe('dosi.work.>', slow(b.handler), { durable: 'workers' });
        const n = 600;
        await bus.publishMany(range(n).map((i) => ({ subject: 'dosi.work.job', data: { i }, id: `w-${i}` })));
        await waitFor(() => a.got.length + b.got.length >= n, 'all shared events');
        await settle();
        const all = [...a.got, ...b.got].map((g) => g.data.i).sort((x, y) => x - y);
        assert.equal(a.got.length + b.got.length, n);
        assert.deepEqual(all, range(n));
        assert.ok(a.got.length > 0 && b.got.length > 0, `both worked: ${a.got.length} + ${b.got.length}`);
      }));

    for (const durable of [undefined, 'retry']) {
      it(`redelivers an event whose handler threw, with deliveryCount 2 (${durable ? 'durable' : 'plain'})`, () =>
        withBus(async ({ bus }) => {
          const seen: { i: number; n: number }[] = [];
          let thrown = false;
          await bus.subscribe(
            'dosi.retry.>',
            async (data, meta) => {
              const { i } = data as { i: number };
              seen.push({ i, n: meta.deliveryCount });
              if (i === 1 && !thrown) {
                thrown = true;
                throw new Error('transient');
              }
            },
            durable ? { durable } : {},
          );
          for (const i of range(3)) await bus.publish('dosi.retry.x', { i }, `t-${i}`);
          await waitFor(() => seen.length >= 4, 'the redelivery');
          await settle();
          assert.equal(seen.length, 4);
          const ones = seen.filter((s) => s.i === 1).map((s) => s.n);
          assert.deepEqual(ones, [1, 2]);
          assert.deepEqual(
            seen.filter((s) => s.i !== 1),
            [
              { i: 0, n: 1 },
              { i: 2, n: 1 },
            ],
          );
        }));
    }

    it('gives up on a plain subscription after 5 failed deliveries and goes on', () =>
      withBus(async ({ bus }) => {
        const counts: number[] = [];
        const ok: number[] = [];
        await bus.subscribe('dosi.poison.>', async (data, meta) => {
          const { i } = data as { i: number };
          if (i === 0) {
            counts.push(meta.deliveryCount);
            throw new Error('poison');
          }
          ok.push(i);
        });
        await bus.publish('dosi.poison.x', { i: 0 }, 'p-0');
        await bus.publish('dosi.poison.x', { i: 1 }, 'p-1');
        await waitFor(() => ok.length >= 1, 'the event after the poison one');
        await settle();
        assert.deepEqual(counts, [1, 2, 3, 4, 5]);
        assert.deepEqual(ok, [1]);
      }));

    it(`handles a duplicate event id (${impl.name === 'nats' ? 'stored once' : 'no de-duplication in memory'})`, () =>
      withBus(async ({ bus }) => {
        const c = collector();
        await bus.subscribe('dosi.dup.>', c.handler);
        await bus.publish('dosi.dup.x', { i: 1 }, 'same-id');
        await bus.publish('dosi.dup.x', { i: 2 }, 'same-id');
        await bus.publishMany([{ subject: 'dosi.dup.x', data: { i: 3 }, id: 'same-id' }]);
        await bus.publish('dosi.dup.end', { i: 99 }, 'sentinel');
        await waitFor(() => c.got.some((g) => g.data.i === 99), 'the sentinel');
        const delivered = c.got.filter((g) => g.meta.id === 'same-id').map((g) => g.data.i);
        assert.deepEqual(delivered, impl.name === 'nats' ? [1] : [1, 2, 3]);
      }));

    it('publishMany of 10,000 events completes and all are delivered in order', () =>
      withBus(async ({ bus }) => {
        let count = 0;
        let inOrder = true;
        await bus.subscribe('dosi.bulk.>', async (data) => {
          if ((data as { i: number }).i !== count) inOrder = false;
          count++;
        });
        const n = 10_000;
        await bus.publishMany(
          range(n).map((i) => ({ subject: `dosi.bulk.t${i % 10}`, data: { i, v: i * 0.5 }, id: `b-${i}` })),
        );
        await waitFor(() => count >= n, '10,000 events', 60_000);
        await settle(100);
        assert.equal(count, n);
        assert.equal(inOrder, true);
      }));

    it('hands every subscriber its own JSON copy of the data', () =>
      withBus(async ({ bus }) => {
        const a = collector();
        const b = collector();
        await bus.subscribe('dosi.copy.>', async (data, meta) => {
          (data as { i: number }).i = -1;
          await a.handler(data, meta);
        });
        await bus.subscribe('dosi.copy.>', b.handler);
        const at = new Date('2024-05-01T00:00:00.000Z');
        await bus.publish('dosi.copy.x', { i: 7, at, gone: undefined }, 'c-1');
        await waitFor(() => a.got.length === 1 && b.got.length === 1, 'both copies');
        assert.deepEqual(a.got[0]!.data, { i: -1, at: '2024-05-01T00:00:00.000Z' });
        assert.deepEqual(b.got[0]!.data, { i: 7, at: '2024-05-01T00:00:00.000Z' });
      }));

    it('close() waits for the handler in flight', () =>
      withBus(async ({ bus }) => {
        let started = 0;
        let finished = 0;
        await bus.subscribe('dosi.drain.>', async () => {
          started++;
          await new Promise((r) => setTimeout(r, 100));
          finished++;
        });
        await bus.publish('dosi.drain.x', { i: 0 }, 'd-0');
        await waitFor(() => started === 1, 'the handler to start');
        await bus.close();
        assert.equal(finished, 1);
        await assert.rejects(bus.publish('dosi.drain.x', { i: 1 }, 'd-1'), /closed/);
      }));

    for (const durable of [undefined, 'batches']) {
      const kind = durable ? 'durable' : 'plain';
      it(`subscribeBatch hands waiting events over in order, at most maxBatch at once (${kind})`, () =>
        withBus(async ({ bus }) => {
          const sizes: number[] = [];
          const got: number[] = [];
          await bus.subscribeBatch(
            'dosi.batch.>',
            async (events) => {
              sizes.push(events.length);
              // A slow handler lets the next events queue up behind it.
              await new Promise((r) => setTimeout(r, 20));
              got.push(...events.map((e) => (e.data as { i: number }).i));
              assert.ok(events.every((e) => e.meta.deliveryCount === 1 && e.meta.subject === 'dosi.batch.x'));
            },
            { maxBatch: 50, ...(durable ? { durable } : {}) },
          );
          await bus.publishMany(
            range(500).map((i) => ({ subject: 'dosi.batch.x', data: { i }, id: `bt-${i}` })),
          );
          await waitFor(() => got.length >= 500, '500 batched events');
          await settle();
          assert.deepEqual(got, range(500));
          assert.ok(Math.max(...sizes) <= 50, `batch sizes ${sizes.join(',')}`);
          assert.ok(Math.max(...sizes) > 1, `events waited but came one by one: ${sizes.join(',')}`);
        }));

      it(`a batch whose handler threw is redelivered whole, and then acknowledged (${kind})`, () =>
        withBus(async ({ bus }) => {
          const calls: { i: number; n: number }[][] = [];
          let thrown = false;
          let gate!: () => void;
          const opened = new Promise<void>((r) => (gate = r));
          await bus.subscribeBatch(
            'dosi.batchfail.>',
            async (events) => {
              // The first call waits until every event is published, so one batch holds several.
              await opened;
              calls.push(events.map((e) => ({ i: (e.data as { i: number }).i, n: e.meta.deliveryCount })));
              if (!thrown && events.some((e) => (e.data as { i: number }).i === 3)) {
                thrown = true;
                throw new Error('transient');
              }
            },
            { maxBatch: 100, ...(durable ? { durable } : {}) },
          );
          await bus.publishMany(
            range(10).map((i) => ({ subject: 'dosi.batchfail.x', data: { i }, id: `bf-${i}` })),
          );
          gate();
          const ok = () => calls.filter((b) => b !== failedCall()).flat();
          const failedCall = () => calls.find((b) => b.some((c) => c.i === 3 && c.n === 1));
          await waitFor(() => ok().length >= 10, 'every event handled once successfully');
          await settle();
          const failed = failedCall()!;
          assert.ok(failed.length > 1, `the failed batch held ${failed.length} events`);
          // Every event of the failed batch came again with deliveryCount 2; none was lost or repeated.
          assert.deepEqual(
            ok()
              .filter((c) => c.n === 2)
              .map((c) => c.i),
            failed.map((c) => c.i),
          );
          assert.deepEqual(
            ok()
              .map((c) => c.i)
              .sort((x, y) => x - y),
            range(10),
          );
        }));
    }

    it('rejects subjects and patterns outside the dosi root', () =>
      withBus(async ({ bus }) => {
        await assert.rejects(bus.publish('other.x', {}, 'x'), /invalid bus subject/);
        await assert.rejects(bus.publish('dosi.*', {}, 'x'), /invalid bus subject/);
        await assert.rejects(
          bus.publishMany([{ subject: 'dosi', data: {}, id: 'x' }]),
          /invalid bus subject/,
        );
        await assert.rejects(
          bus.subscribe('other.>', async () => undefined),
          /invalid bus pattern/,
        );
      }));
  });
}

describe('memory bus specifics', () => {
  it('publish waits for queue space instead of growing without bound', async () => {
    const bus = createMemoryBus({ log: silentLogger, queueCapacity: 10 });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const got: number[] = [];
    await bus.subscribe('dosi.bp.>', async (data) => {
      await gate;
      got.push((data as { i: number }).i);
    });
    // One event is taken by the (blocked) handler, ten fill the queue; the next publish must wait.
    for (const i of range(11)) await bus.publish('dosi.bp.x', { i }, `bp-${i}`);
    let resolved = false;
    const blocked = bus.publish('dosi.bp.x', { i: 11 }, 'bp-11').then(() => (resolved = true));
    await settle(50);
    assert.equal(resolved, false);
    release();
    await blocked;
    assert.equal(resolved, true);
    await waitFor(() => got.length === 12, 'all 12 events');
    assert.deepEqual(got, range(12));
    await bus.close();
  });

  it('a handler can publish into its own full queue without deadlocking', async () => {
    const bus = createMemoryBus({ log: silentLogger, queueCapacity: 2 });
    const got: number[] = [];
    await bus.subscribe('dosi.loop.>', async (data) => {
      const { i } = data as { i: number };
      got.push(i);
      if (i < 20) await bus.publish('dosi.loop.x', { i: i + 1 }, `l-${i + 1}`);
    });
    await bus.publish('dosi.loop.x', { i: 0 }, 'l-0');
    await waitFor(() => got.length === 21, 'the chain of 21 events');
    assert.deepEqual(got, range(21));
    await bus.close();
  });

  it('close() works off events already queued', async () => {
    const bus = createMemoryBus({ log: silentLogger });
    let count = 0;
    await bus.subscribe('dosi.q.>', async () => {
      await new Promise((r) => setImmediate(r));
      count++;
    });
    await bus.publishMany(range(500).map((i) => ({ subject: 'dosi.q.x', data: { i }, id: `q-${i}` })));
    await bus.close();
    assert.equal(count, 500);
  });
});

describe('createBus', () => {
  it('returns the in-process bus without a NATS URL', async () => {
    for (const natsUrl of [undefined, '']) {
      const bus = await createBus({ natsUrl, log: silentLogger });
      assert.equal(bus.kind, 'memory');
      await bus.close();
    }
  });

  it('names DOSI_NATS_URL and the URL when NATS cannot be reached', async () => {
    // A port that was free a moment ago: nothing listens there.
    const port = await new Promise<number>((resolve) => {
      const srv = createServer().listen(0, '127.0.0.1', () => {
        const addr = srv.address();
        srv.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0));
      });
    });
    const url = `nats://user:secret@127.0.0.1:${port}`;
    await assert.rejects(createBus({ natsUrl: url, log: silentLogger }), (err: Error) => {
      assert.match(err.message, /DOSI_NATS_URL/);
      assert.match(err.message, new RegExp(`nats://\\*\\*\\*@127\\.0\\.0\\.1:${port}`));
      assert.doesNotMatch(err.message, /secret/);
      return true;
    });
  });
});

describe('NATS bus specifics', { skip: impls[1]!.skip }, () => {
  it('a durable consumer resumes on a new connection, as after a restart', async () => {
    const id = randomBytes(5).toString('hex');
    const stream = `TEST_${id}`;
    const prefix = `test_${id}`;
    streamsToDelete.push(stream);
    const first = await openNats(stream, prefix);
    await first.publishMany(range(40).map((i) => ({ subject: 'dosi.restart.x', data: { i }, id: `s-${i}` })));
    const a: number[] = [];
    await first.subscribe(
      'dosi.restart.>',
      async (data) => {
        a.push((data as { i: number }).i);
      },
      { durable: 'restart' },
    );
    await waitFor(() => a.length >= 40, 'the history for a new durable');
    await first.close();
    // Published while no process consumed.
    const pub = await openNats(stream, prefix);
    await pub.publishMany(
      range(20).map((k) => ({ subject: 'dosi.restart.x', data: { i: 40 + k }, id: `s-${40 + k}` })),
    );
    const second = await openNats(stream, prefix);
    const b: number[] = [];
    await second.subscribe(
      'dosi.restart.>',
      async (data) => {
        b.push((data as { i: number }).i);
      },
      { durable: 'restart' },
    );
    await waitFor(() => b.length >= 20, 'the events published meanwhile');
    await settle();
    assert.deepEqual(a, range(40));
    assert.deepEqual(b, range(60).slice(40));
    await Promise.all([pub.close(), second.close()]);
  });

  it('a plain subscription sees only events published after it started', async () => {
    const id = randomBytes(5).toString('hex');
    const stream = `TEST_${id}`;
    streamsToDelete.push(stream);
    const bus = await openNats(stream, `test_${id}`);
    await bus.publish('dosi.new.x', { i: 0 }, 'n-0');
    const got: number[] = [];
    await bus.subscribe('dosi.new.>', async (data) => {
      got.push((data as { i: number }).i);
    });
    await bus.publish('dosi.new.x', { i: 1 }, 'n-1');
    await waitFor(() => got.length >= 1, 'the new event');
    await settle();
    assert.deepEqual(got, [1]);
    await bus.close();
  });
});
