// npm run bench:ingest — sustained MQTT ingestion throughput and latency of dosi, each measured against
// the ceilings of its own parts in the same run, on two stacks:
//   embedded: dosi with PGlite in a temporary DOSI_DATA_DIR and its embedded aedes broker;
//   server:   a private Mosquitto + PostgreSQL (a fresh schema) + NATS JetStream (a fresh stream).
// For each stack:
//   (a) relay:   N publisher connections → broker → one QoS 1 subscriber, no dosi in the path (on the
//                embedded stack: dosi's own aedes, with dosi's service account on command topics,
//                which the broker forwards without any database work);
//   (b) copy:    rows identical to the ones dosi stores, into temporal_instances with every index,
//                2,000 rows per commit: the writer's INSERT … unnest and COPY;
//   (c) dosi:    N provisioned devices (own connection and credentials each) publish QoS 1 as fast as
//                acks allow (a window of in-flight messages per device) → validated → stored → bus;
//                acked, stored and bus rates over a steady window;
//   (d) latency: 5,000 msg/s offered; publish → PUBACK (embedded: the ack follows the commit) or
//                publish → reading seen on the bus (server: Mosquitto acks on receipt), p50/p99, and a
//                few samples read back through GET /ngsi-ld/v1/entities/{id}.
// Flags: --stack embedded|server|both (default both), --rate R (msg/s offered in (d), 5000), --devices N (200), --seconds S (10), --window W
// (50 in flight per device), --dosi-env KEY=VALUE (repeatable: extra environment of dosi, e.g.
// DOSI_ROLE=ingest), --dosi-node-options=… (NODE_OPTIONS of the dosi processes), --profile
// DIR (dosi runs under the V8 profiler; a .cpuprofile per dosi process is written to DIR when it
// exits: bench/lib/profile-summary.ts summarises it). The machine is shared by every process of the
// run (2 cores here), so each stage's CPU use per process is reported next to its rate.
// Progress goes to stderr; the last stdout line is one JSON object with the headline figures.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { hashDeviceSecret, mosquittoAclFile, mosquittoPasswordFile } from '../src/devices/index.ts';
import {
  startDosi,
  startMosquitto,
  type DosiProcess,
  type MosquittoProcess,
} from '../test/helpers/processes.ts';
import { cpuSeconds, groupCpu, pidsNamed } from './lib/cpu.ts';
import { embeddedCopyRates, serverCopyRates, type CopyRates } from './lib/copy-rate.ts';
import { entitySeq, provisionDevices, scrapeMetrics, type ProvisionedDevice } from './lib/dosi-api.ts';
import { connectFleet, type Fleet, type FleetDevice } from './lib/fleet.ts';
import { connectLite } from './lib/mqtt-lite.ts';
import { observeReadings, type NatsObserver } from './lib/nats-observer.ts';
import { percentile, startSampler, type Sampler } from './lib/sampler.ts';

const { values: flags } = parseArgs({
  options: {
    stack: { type: 'string', default: 'both' },
    devices: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '10' },
    window: { type: 'string', default: '50' },
    profile: { type: 'string' },
    'dosi-node-options': { type: 'string' },
    'dosi-env': { type: 'string', multiple: true },
    rate: { type: 'string', default: '5000' },
  },
});
const STACKS = flags.stack === 'both' ? ['embedded', 'server'] : [flags.stack];
if (!STACKS.every((s) => s === 'embedded' || s === 'server'))
  throw new Error('--stack must be embedded, server or both');
const N = Number(flags.devices);
const S = Number(flags.seconds);
const WINDOW = Number(flags.window);
const PROFILE_DIR = flags.profile ? resolve(flags.profile) : undefined;
if (PROFILE_DIR) mkdirSync(PROFILE_DIR, { recursive: true });
const PG_URL = process.env.DOSI_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const NATS_URL = process.env.DOSI_TEST_NATS_URL ?? 'nats://127.0.0.1:4222';
const GOAL = 5000;
const LATENCY_RATE = Number(flags.rate);
const SAMPLE_EVERY = 20;
/** Messages a broker may hold ahead of dosi (or of the relay subscriber) before publishers pause. */
const BACKLOG = 20_000;
/** dosi checks messages this soon after a (re)connection for resends (RESEND_WINDOW_MS in src/ingest/mqtt). */
const RESEND_WINDOW_MS = 15_000;
const ROOT = resolve(import.meta.dirname, '..');

const t00 = Date.now();
const log = (msg: string) => console.error(`[${((Date.now() - t00) / 1000).toFixed(1).padStart(6)}s] ${msg}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const r3 = (x: number) => Math.round(x * 1000) / 1000;
const r1 = (x: number) => Math.round(x * 10) / 10;

async function waitUntil(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) return false;
    await sleep(50);
  }
  return true;
}

// ---- (a) broker relay ----------------------------------------------------------------------------

interface RelayResult {
  relayMsgPerSec: number;
  publishAckedMsgPerSec: number;
}

async function measureRelay(o: {
  port: number;
  username: string;
  password: string;
  topic: (i: number) => string;
  filter: string;
}): Promise<RelayResult> {
  let received = 0;
  const subId = `bench-relay-sub-${randomBytes(3).toString('hex')}`;
  const creds = { host: '127.0.0.1', port: o.port, username: o.username, password: o.password };
  // A persistent session, like dosi's own on an external broker.
  const sub = await connectLite({ ...creds, clientId: subId, clean: false, onMessage: () => received++ });
  await sub.subscribe(o.filter, 1);
  const devices: FleetDevice[] = Array.from({ length: N }, (_, i) => ({
    id: `relay-${i}`,
    username: o.username,
    password: o.password,
    topic: o.topic(i),
  }));
  const fleet = await connectFleet('127.0.0.1', o.port, devices);
  const sampler = startSampler([async () => ({ received, acked: fleet.counters.acked })]);
  const t0 = Date.now();
  const load = fleet.closedLoop(WINDOW, () => fleet.counters.acked - received < BACKLOG);
  await sleep((S + 2) * 1000 + 300);
  load.stop();
  await sampler.stop();
  const from = t0 + 2000;
  const to = from + S * 1000;
  const result = {
    relayMsgPerSec: sampler.rate('received', from, to),
    publishAckedMsgPerSec: sampler.rate('acked', from, to),
  };
  await fleet.settle(10_000);
  await waitUntil(() => received >= fleet.counters.acked, 30_000);
  await fleet.close();
  await sub.close();
  // Ends the persistent session so the broker keeps nothing for it.
  await (await connectLite({ ...creds, clientId: subId, clean: true })).close();
  return result;
}

// ---- (c) + (d) dosi ------------------------------------------------------------------------------

interface Ends {
  dosi: DosiProcess;
  fleet: Fleet;
  devices: ProvisionedDevice[];
  /** When dosi's link to an external broker came up (server stack), for the resend window. */
  linkUpAt?: number;
  observer?: NatsObserver;
  cpuGroups: Record<string, () => number>;
}

/** Counters of this process and CPU times: cheap, sampled every 250 ms. */
function localProbe(e: Ends): () => Promise<Record<string, number>> {
  return async () => {
    const u = process.cpuUsage();
    const out: Record<string, number> = {
      acked: e.fleet.counters.acked,
      sent: e.fleet.counters.sent,
      'cpu.dosi': cpuSeconds(e.dosi.child.pid ?? 0),
      'cpu.bench': (u.user + u.system) / 1e6,
    };
    if (e.observer) out.bus = e.observer.count;
    for (const [k, f] of Object.entries(e.cpuGroups)) out[`cpu.${k}`] = f();
    return out;
  };
}

/** dosi's /metrics: answered late when dosi's event loop is busy, so it is sampled on its own. */
function metricsProbe(e: Ends): () => Promise<Record<string, number>> {
  return async () => {
    const m = await scrapeMetrics(e.dosi.url);
    return {
      stored: m.get('dosi_ingest_stored_total') ?? Number.NaN,
      batchSum: m.get('dosi_ingest_batch_size_sum') ?? Number.NaN,
      batchCount: m.get('dosi_ingest_batch_size_count') ?? Number.NaN,
      commitSum: m.get('dosi_ingest_commit_seconds_sum') ?? Number.NaN,
      queue: m.get('dosi_ingest_queue') ?? Number.NaN,
      lagP99: m.get('dosi_nodejs_eventloop_lag_p99_seconds') ?? Number.NaN,
    };
  };
}

function windowStats(s: Sampler, from: number, to: number, keys: string[]) {
  const secs = (to - from) / 1000;
  // /metrics samples must bracket the window, or the figures from them would be extrapolated.
  const scraped = s.covers('stored', from, to);
  const batches = s.delta('batchCount', from, to);
  const cpu: Record<string, number> = {};
  for (const k of keys) cpu[k] = r3(s.delta(`cpu.${k}`, from, to) / secs);
  return {
    seconds: r1(secs),
    ackedMsgPerSec: s.rate('acked', from, to),
    storedMsgPerSec: scraped ? s.rate('stored', from, to) : null,
    busMsgPerSec: Number.isNaN(s.at('bus', from)) ? null : s.rate('bus', from, to),
    batch: !scraped
      ? null
      : {
          commitsPerSec: r1(batches / secs),
          avgSize: Math.round(s.delta('batchSum', from, to) / Math.max(1, batches)),
          avgCommitMs: r1((s.delta('commitSum', from, to) / Math.max(1, batches)) * 1000),
          queueAtEnd: s.at('queue', to),
        },
    eventLoopLagP99Ms: r1(s.at('lagP99', to) * 1000),
    /** Cores used per process over the window (1 = one core busy all the time). */
    cpuCores: cpu,
  };
}

async function measureThroughput(e: Ends, stack: 'embedded' | 'server') {
  const bus = () => (e.observer ? e.observer.count : undefined);
  const sampler = startSampler([localProbe(e), metricsProbe(e)]);
  const base = { acked: e.fleet.counters.acked };
  const t0 = Date.now();
  // Embedded: the PUBACK follows the commit, nothing piles up. Server: Mosquitto acks on receipt, so
  // publishers pause while the broker holds more than BACKLOG messages dosi has not put on the bus.
  const gate =
    stack === 'server' ? () => e.fleet.counters.acked - base.acked - (bus() ?? 0) < BACKLOG : undefined;
  const load = e.fleet.closedLoop(WINDOW, gate);
  const resendEnd = (stack === 'embedded' ? e.fleet.connectedAt : (e.linkUpAt ?? 0)) + RESEND_WINDOW_MS;
  const steadyFrom = Math.max(t0 + 2000, resendEnd + 500);
  const steadyTo = steadyFrom + S * 1000;
  const earlyTo = Math.min(resendEnd, t0 + 2000 + S * 1000);
  log(
    `(c) load running; steady window starts ${((steadyFrom - t0) / 1000).toFixed(1)} s after load start` +
      (earlyTo - (t0 + 2000) >= 3000 ? ' (before it: messages inside the resend window)' : ''),
  );
  const progress = setInterval(() => {
    const c = e.fleet.counters;
    log(
      `    acked ${c.acked} sent ${c.sent} errors ${c.errors}${e.observer ? ` bus ${e.observer.count}` : ''}`,
    );
  }, 5000);
  await sleep(steadyTo - Date.now() + 300);
  // The window's end must be covered by a /metrics sample too (dosi may answer late under load).
  await waitUntil(() => sampler.covers('stored', steadyFrom, steadyTo), 30_000);
  load.stop();
  clearInterval(progress);
  await sampler.stop();
  const keys = ['dosi', 'bench', ...Object.keys(e.cpuGroups)];
  const steady = windowStats(sampler, steadyFrom, steadyTo, keys);
  const early = earlyTo - (t0 + 2000) >= 3000 ? windowStats(sampler, t0 + 2000, earlyTo, keys) : undefined;
  // Drain: every acknowledged message stored (and on the bus) before the next phase.
  await e.fleet.settle(60_000);
  const drained = e.observer
    ? await waitUntil(() => (e.observer?.count ?? 0) >= e.fleet.counters.acked - base.acked, 300_000)
    : true;
  if (!drained) log('    WARNING: bus did not catch up with acknowledged messages within 300 s');
  const finalMetrics = await scrapeMetrics(e.dosi.url);
  return {
    steady,
    ...(early ? { resendWindow: early } : {}),
    totals: {
      acked: e.fleet.counters.acked - base.acked,
      errors: e.fleet.counters.errors,
      stored: finalMetrics.get('dosi_ingest_stored_total') ?? null,
      bus: e.observer ? e.observer.count : null,
      rejected: [...finalMetrics.entries()]
        .filter(([k, v]) => k.startsWith('dosi_ingest_rejected_total') && v > 0)
        .map(([k, v]) => `${k}=${v}`),
    },
  };
}

async function measureLatency(e: Ends, stack: 'embedded' | 'server', busSamples: Map<string, number>) {
  const ack: number[] = [];
  const busLat: number[] = [];
  const checks: { ok: boolean; ms: number }[] = [];
  const byId = new Map(e.devices.map((d) => [d.id, d]));
  const startAcked = e.fleet.counters.acked;
  const startBus = e.observer?.count ?? 0;
  const t0 = Date.now();
  const from = t0 + 1000;
  const to = from + S * 1000;
  // Acknowledgements counted over the sampling window itself (not the ramp-up or the drain).
  const ackedAt: number[] = [];
  const marks = [from, to].map((t) => setTimeout(() => ackedAt.push(e.fleet.counters.acked), t - Date.now()));
  let checking = false;
  const check = (id: string, seq: number) => {
    if (checking || checks.length >= 10) return;
    const dev = byId.get(id);
    if (!dev) return;
    checking = true;
    const c0 = performance.now();
    void entitySeq(e.dosi.url, dev.entityId)
      .then((v) => checks.push({ ok: v !== undefined && v >= seq, ms: r1(performance.now() - c0) }))
      .finally(() => setTimeout(() => (checking = false), 300));
  };
  busSamples.clear();
  const run = e.fleet.fixedRate(LATENCY_RATE, WINDOW, SAMPLE_EVERY, (s) => {
    if (s.sentAt < from || s.sentAt > to) return;
    ack.push(s.ackMs);
    // Embedded: the PUBACK means committed, so the entity must show this seq (or a later one) now.
    if (stack === 'embedded') check(s.dev.id, s.seq);
  });
  // Server: latencies come from the bus observer (publish ts → reading on the bus).
  const busTick =
    stack === 'server'
      ? setInterval(() => {
          for (const [key, ms] of busSamples) {
            busSamples.delete(key);
            const [id, seqText, sentText] = key.split('|') as [string, string, string];
            const sent = Number(sentText);
            if (sent < from || sent > to) continue;
            busLat.push(ms);
            check(id, Number(seqText));
          }
        }, 20)
      : undefined;
  await sleep(to - Date.now() + 200);
  run.stop();
  for (const m of marks) clearTimeout(m);
  await e.fleet.settle(60_000);
  if (e.observer)
    await waitUntil(
      () => (e.observer?.count ?? 0) - startBus >= e.fleet.counters.acked - startAcked,
      120_000,
    );
  await sleep(200);
  if (busTick) clearInterval(busTick);
  await waitUntil(() => !checking, 5000);
  const lat = stack === 'embedded' ? ack : busLat;
  return {
    offeredMsgPerSec: LATENCY_RATE,
    achievedMsgPerSec: Math.round(((ackedAt[1] ?? 0) - (ackedAt[0] ?? 0)) / S),
    skipped: e.fleet.counters.skipped,
    samples: lat.length,
    measuredAs:
      stack === 'embedded' ? 'publish → PUBACK (sent after commit)' : 'publish → reading on NATS bus',
    p50Ms: r1(percentile(lat, 50)),
    p99Ms: r1(percentile(lat, 99)),
    maxMs: r1(percentile(lat, 100)),
    pubackP50Ms: r1(percentile(ack, 50)),
    pubackP99Ms: r1(percentile(ack, 99)),
    queryChecks: {
      done: checks.length,
      ok: checks.filter((c) => c.ok).length,
      getMs: checks.map((c) => c.ms),
    },
  };
}

async function stopDosi(dosi: DosiProcess): Promise<void> {
  const timer = setTimeout(() => dosi.child.kill('SIGKILL'), 30_000);
  await dosi.kill('SIGTERM');
  clearTimeout(timer);
}

/** Extra environment of the dosi processes (--dosi-env KEY=VALUE, repeatable), e.g. DOSI_ROLE=ingest. */
const EXTRA_ENV: Record<string, string> = Object.fromEntries(
  (flags['dosi-env'] ?? []).map((kv) => {
    const i = kv.indexOf('=');
    if (i <= 0) throw new Error(`--dosi-env takes KEY=VALUE, got ${kv}`);
    return [kv.slice(0, i), kv.slice(i + 1)];
  }),
);

// Node 20 refuses --cpu-prof in NODE_OPTIONS: a preloaded module drives the profiler instead.
const profileEnv = (): Record<string, string> => {
  const opts = [
    ...(PROFILE_DIR ? [`--import tsx --import ${join(ROOT, 'bench', 'lib', 'cpu-profile.ts')}`] : []),
    ...(flags['dosi-node-options'] ? [flags['dosi-node-options']] : []),
  ];
  return {
    ...(opts.length ? { NODE_OPTIONS: opts.join(' ') } : {}),
    ...(PROFILE_DIR ? { DOSI_BENCH_PROFILE_DIR: PROFILE_DIR } : {}),
    ...EXTRA_ENV,
  };
};

// ---- stacks --------------------------------------------------------------------------------------

async function embeddedStack() {
  const cleanups: (() => Promise<void>)[] = [];
  try {
    const dir = mkdtempSync(join(tmpdir(), 'dosi-bench-ingest-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));

    log(`embedded (b): PGlite insert/COPY rates into temporal_instances (${Math.max(2, S / 2)} s each)`);
    const copy = await embeddedCopyRates(join(dir, 'copy-pg'), Math.max(2, S / 2), N);
    log(`    ${JSON.stringify(copy)}`);

    const servicePassword = randomBytes(12).toString('hex');
    const dosi = await startDosi({
      DOSI_DATA_DIR: join(dir, 'data'),
      DOSI_AUTH: 'none',
      DOSI_MQTT_SERVICE_PASSWORD: servicePassword,
      DOSI_LOG_LEVEL: 'warn',
      ...profileEnv(),
    });
    cleanups.push(() => stopDosi(dosi));
    log(`embedded: dosi up (http ${dosi.httpPort}, mqtt ${dosi.mqttPort})`);

    log(`embedded (a): aedes relay, ${N} publishers → 1 QoS 1 subscriber (service account, command topics)`);
    const relay = await measureRelay({
      port: dosi.mqttPort,
      username: 'dosi-service',
      password: servicePassword,
      topic: (i) => `dosi/bench/relay-${i}/cmd`,
      filter: 'dosi/bench/+/cmd',
    });
    log(`    ${JSON.stringify(relay)}`);

    const devices = await provisionDevices(dosi.url, N);
    log(`embedded: ${N} devices provisioned`);
    const fleet = await connectFleet('127.0.0.1', dosi.mqttPort, devices);
    cleanups.push(() => fleet.close());
    const e: Ends = { dosi, fleet, devices, cpuGroups: {} };
    log(`embedded (c): ${N} devices, ${WINDOW} in flight each, as fast as PUBACKs allow`);
    const c = await measureThroughput(e, 'embedded');
    log(`    ${JSON.stringify(c)}`);
    log(`embedded (d): ${LATENCY_RATE} msg/s offered, 1 in ${SAMPLE_EVERY} sampled`);
    const d = await measureLatency(e, 'embedded', new Map());
    log(`    ${JSON.stringify(d)}`);
    return summarize('embedded', relay, copy, c, d);
  } finally {
    for (const f of cleanups.reverse()) await f().catch((err: unknown) => log(`cleanup: ${String(err)}`));
  }
}

async function serverStack() {
  const cleanups: (() => Promise<void>)[] = [];
  try {
    const id = randomBytes(4).toString('hex');
    const schema = `bench_ingest_${id}`;
    log(`server (b): PostgreSQL insert/COPY rates into temporal_instances (${Math.max(2, S / 2)} s each)`);
    const copy = await serverCopyRates(PG_URL, `${schema}_copy`, Math.max(2, S / 2), N);
    log(`    ${JSON.stringify(copy)}`);

    const dir = mkdtempSync(join(tmpdir(), 'dosi-bench-mosq-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    const ingestPassword = randomBytes(12).toString('hex');
    const relayPassword = randomBytes(12).toString('hex');
    const ingest = { username: 'dosi-ingest', hash: hashDeviceSecret(ingestPassword) };
    // The relay account sits in the same password and ACL files dosi's export writes later.
    writeFileSync(
      join(dir, 'passwd'),
      mosquittoPasswordFile([], ingest) + `bench-relay:${hashDeviceSecret(relayPassword)}\n`,
    );
    writeFileSync(
      join(dir, 'acl'),
      mosquittoAclFile([], ingest.username) + '\nuser bench-relay\ntopic readwrite bench/#\n',
    );
    const broker: MosquittoProcess = await startMosquitto({ dir });
    cleanups.push(() => broker.stop());
    log(`server: private mosquitto on ${broker.port}`);

    log(`server (a): Mosquitto relay, ${N} publishers → 1 QoS 1 subscriber`);
    const relay = await measureRelay({
      port: broker.port,
      username: 'bench-relay',
      password: relayPassword,
      topic: (i) => `bench/relay-${i}`,
      filter: 'bench/#',
    });
    log(`    ${JSON.stringify(relay)}`);

    const stream = `BENCH${id.toUpperCase()}`;
    const prefix = `bench${id}`;
    cleanups.push(async () => {
      const { dropServerSchema } = await import('../src/storage/adapters.ts');
      await dropServerSchema(PG_URL, schema);
    });
    const env = {
      DOSI_AUTH: 'none',
      DOSI_DATABASE_URL: PG_URL,
      DOSI_DATABASE_SCHEMA: schema,
      DOSI_NATS_URL: NATS_URL,
      DOSI_NATS_STREAM: stream,
      DOSI_NATS_PREFIX: prefix,
      DOSI_MQTT_URL: `mqtt://dosi-ingest:${ingestPassword}@127.0.0.1:${broker.port}`,
      DOSI_MQTT_CLIENT_ID: `dosi-${schema}`,
      DOSI_LOG_LEVEL: 'warn',
      ...profileEnv(),
    };
    const dosi = await startDosi(env);
    const linkUpAt = Date.now();
    cleanups.push(() => stopDosi(dosi));
    const busSamples = new Map<string, number>();
    const observer = await observeReadings(NATS_URL, stream, prefix, (r) => {
      if (r.seq % SAMPLE_EVERY === 0)
        busSamples.set(`${r.deviceId}|${r.seq}|${r.observedMs}`, Date.now() - r.observedMs);
    });
    cleanups.push(async () => {
      await observer.close();
      await observer.deleteStream();
    });
    log(`server: dosi up (http ${dosi.httpPort}), NATS stream ${stream}, schema ${schema}`);

    const devices = await provisionDevices(dosi.url, N);
    await promisify(execFile)(
      process.execPath,
      [
        '--import',
        'tsx',
        'src/cli.ts',
        'device',
        'mosquitto',
        '--passwd',
        join(dir, 'passwd'),
        '--acl',
        join(dir, 'acl'),
      ],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          DOSI_DATABASE_URL: PG_URL,
          DOSI_DATABASE_SCHEMA: schema,
          DOSI_MQTT_INGEST_PASSWORD: ingestPassword,
          DOSI_LOG_LEVEL: 'warn',
        },
      },
    );
    broker.reload();
    await sleep(500);
    log(`server: ${N} devices provisioned and exported to mosquitto`);
    const fleet = await connectFleet('127.0.0.1', broker.port, devices);
    cleanups.push(() => fleet.close());
    const brokerPid = broker.child.pid ?? 0;
    const e: Ends = {
      dosi,
      fleet,
      devices,
      linkUpAt,
      observer,
      cpuGroups: {
        mosquitto: () => cpuSeconds(brokerPid),
        postgres: groupCpu(() => pidsNamed('postgres')),
        nats: groupCpu(() => pidsNamed('nats-server')),
      },
    };
    log(`server (c): ${N} devices, ${WINDOW} in flight each, broker backlog capped at ${BACKLOG}`);
    const c = await measureThroughput(e, 'server');
    log(`    ${JSON.stringify(c)}`);
    log(`server (d): ${LATENCY_RATE} msg/s offered, 1 in ${SAMPLE_EVERY} sampled`);
    const d = await measureLatency(e, 'server', busSamples);
    log(`    ${JSON.stringify(d)}`);
    return summarize('server', relay, copy, c, d);
  } finally {
    for (const f of cleanups.reverse()) await f().catch((err: unknown) => log(`cleanup: ${String(err)}`));
  }
}

function summarize(
  stack: 'embedded' | 'server',
  relay: RelayResult,
  copy: CopyRates,
  c: Awaited<ReturnType<typeof measureThroughput>>,
  d: Awaited<ReturnType<typeof measureLatency>>,
) {
  // End to end: what reached the bus (server) or was committed, the in-process bus being fed in the
  // same step (embedded).
  const dosiMsgPerSec = c.steady.busMsgPerSec ?? c.steady.storedMsgPerSec ?? c.steady.ackedMsgPerSec;
  const copyRowsPerSec = copy.copyRowsPerSec ?? copy.insertRowsPerSec;
  const ratioToRelay = r3(dosiMsgPerSec / relay.relayMsgPerSec);
  const head = {
    relayMsgPerSec: relay.relayMsgPerSec,
    copyRowsPerSec,
    insertRowsPerSec: copy.insertRowsPerSec,
    dosiMsgPerSec,
    ackedMsgPerSec: c.steady.ackedMsgPerSec,
    storedMsgPerSec: c.steady.storedMsgPerSec,
    busMsgPerSec: c.steady.busMsgPerSec,
    ratioToRelay,
    ratioToCopy: r3(dosiMsgPerSec / copyRowsPerSec),
    p50Ms: d.p50Ms,
    p99Ms: d.p99Ms,
  };
  const goal =
    stack === 'embedded'
      ? { goalMsgPerSec: GOAL, meetsGoal: dosiMsgPerSec >= GOAL }
      : { goalRatioToRelay: 0.5, meetsGoal: ratioToRelay >= 0.5 };
  return {
    ...head,
    ...goal,
    detail: {
      relay,
      copy,
      throughput: c,
      latency: d,
    },
  };
}

const results: Record<string, unknown> = {};
for (const stack of STACKS) {
  log(`=== ${stack} stack: ${N} devices, ${S} s windows ===`);
  results[stack] = stack === 'embedded' ? await embeddedStack() : await serverStack();
  console.error(JSON.stringify(results[stack], null, 2));
}
const cpu = cpus();
const headline = Object.fromEntries(
  Object.entries(results).map(([k, v]) => {
    const { detail: _detail, ...rest } = v as { detail: unknown };
    return [k, rest];
  }),
);
console.log(
  JSON.stringify({
    bench: 'ingest',
    date: new Date().toISOString(),
    machine: { cpu: cpu[0]?.model ?? 'unknown', cores: cpu.length },
    devices: N,
    seconds: S,
    window: WINDOW,
    ...headline,
  }),
);
