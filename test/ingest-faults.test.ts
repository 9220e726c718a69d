// Faults on the real path, with real processes: dosi killed with SIGKILL while tens of thousands of
// QoS 1 messages are being published, the external broker restarted, PostgreSQL unreachable for a
// while. Every acknowledged message must be stored exactly once (counted and compared), and what
// was refused must be in the dead-letter store. Runs on the embedded stack (aedes + PGlite) and on
// Mosquitto + PostgreSQL + NATS JetStream.
//
// DOSI_FAULT_MESSAGES sets N (default 50,000).
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import mqtt from 'mqtt';
import pg from 'pg';
import { PG_URL } from './helpers/backends.ts';
import { dropServerSchema, openEmbeddedDb } from '../src/storage/adapters.ts';
import { hashDeviceSecret, mosquittoAclFile, mosquittoPasswordFile } from '../src/devices/index.ts';
import {
  MOSQUITTO_BIN,
  startDosi,
  startMosquitto,
  startProxy,
  waitFor,
  type DosiProcess,
} from './helpers/processes.ts';

const run = promisify(execFile);
const N = Number(process.env.DOSI_FAULT_MESSAGES ?? 50_000);
const NATS_URL = process.env.DOSI_TEST_NATS_URL ?? 'nats://127.0.0.1:4222';
const HAS_MOSQUITTO = MOSQUITTO_BIN.some((b) => existsSync(b));
const CI = process.env.CI === 'true';

const PROFILE = {
  id: 'counter',
  name: 'sequence counter',
  entityType: 'Counter',
  reportingIntervalSec: 60,
  attributes: [{ key: 'seq', attr: 'seq', type: 'integer', min: 0 }],
};

async function api(dosi: DosiProcess, path: string, body: unknown): Promise<unknown> {
  const r = await fetch(`${dosi.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'ngsild-tenant': 'hanam' },
    body: JSON.stringify(body),
  });
  const text = await r.text();
  assert.ok(r.status === 201 || r.status === 409, `${path}: ${r.status} ${text}`);
  return JSON.parse(text) as unknown;
}

async function provisionCounter(dosi: DosiProcess, id: string): Promise<string> {
  await api(dosi, '/api/v1/device-profiles', PROFILE);
  const created = (await api(dosi, '/api/v1/devices', { id, profileId: 'counter' })) as { secret: string };
  return created.secret;
}

/**
 * Publishes seq from..to-1 with QoS 1, at most `window` unacknowledged at a time, through any
 * disconnection (mqtt.js keeps unacknowledged messages and resends them after reconnecting).
 */
function publisher(url: string, username: string, password: string, topic: string) {
  const acked = new Set<number>();
  const client = mqtt.connect(url, {
    username,
    password,
    clientId: `pub-${randomBytes(4).toString('hex')}`,
    reconnectPeriod: 200,
    connectTimeout: 5000,
    clean: true,
  });
  let errors = 0;
  client.on('error', () => errors++);
  return {
    acked,
    get errors() {
      return errors;
    },
    async send(from: number, to: number, window = 500, onProgress?: (acked: number) => void): Promise<void> {
      let next = from;
      let inflight = 0;
      if (from >= to) return;
      await new Promise<void>((resolve) => {
        const pump = () => {
          while (inflight < window && next < to) {
            const seq = next++;
            inflight++;
            client.publish(topic, JSON.stringify({ seq }), { qos: 1 }, (err) => {
              inflight--;
              if (!err) acked.add(seq);
              onProgress?.(acked.size);
              if (next >= to && inflight === 0) resolve();
              else pump();
            });
          }
        };
        pump();
      });
    },
    close: () => client.endAsync(true),
  };
}

interface SeqCounts {
  rows: number;
  distinct: number;
  duplicated: number;
  missing: number[];
}

async function countSeqs(
  query: (sql: string) => Promise<{ rows: { seq: number; n: string }[] }>,
  acked: Set<number>,
): Promise<SeqCounts> {
  const r = await query(
    `SELECT (instance->>'value')::int AS seq, count(*) AS n FROM temporal_instances
      WHERE attr = 'https://uri.etsi.org/ngsi-ld/default-context/seq' GROUP BY 1`,
  );
  const counts = new Map(r.rows.map((x) => [x.seq, Number(x.n)]));
  let rows = 0;
  let duplicated = 0;
  for (const n of counts.values()) {
    rows += n;
    if (n > 1) duplicated++;
  }
  const missing = [...acked].filter((s) => !counts.has(s)).slice(0, 20);
  return { rows, distinct: counts.size, duplicated, missing };
}

describe('ingestion faults', { timeout: 600_000 }, () => {
  const cleanups: (() => Promise<void>)[] = [];
  after(async () => {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
  });

  test(`embedded stack: SIGKILL while ${N} QoS 1 messages are published; every acknowledged one is stored exactly once`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dosi-kill-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    const env = { DOSI_DATA_DIR: dir, DOSI_AUTH: 'none' };
    let dosi = await startDosi(env);
    cleanups.push(() => dosi.kill('SIGKILL'));
    const secret = await provisionCounter(dosi, 'c-1');
    const pub = publisher(`mqtt://127.0.0.1:${dosi.mqttPort}`, 'c-1@hanam', secret, 'dosi/hanam/c-1/attrs');
    cleanups.push(() => pub.close());
    let killed = false;
    const restarted = (async () => {
      await waitFor(async () => pub.acked.size >= N / 3, 300_000, 'a third acknowledged');
      await dosi.kill('SIGKILL');
      killed = true;
      dosi = await startDosi(env, { httpPort: dosi.httpPort, mqttPort: dosi.mqttPort });
    })();
    await pub.send(0, N);
    await restarted;
    assert.ok(killed);
    assert.equal(pub.acked.size, N, 'every message was acknowledged in the end');
    await dosi.kill('SIGTERM');
    const db = await openEmbeddedDb({ dataDir: join(dir, 'pg') });
    try {
      const c = await countSeqs((sql) => db.query(sql), pub.acked);
      assert.deepEqual(c.missing, [], 'acknowledged but not stored');
      assert.equal(c.duplicated, 0, 'stored more than once');
      assert.equal(c.distinct, N);
      assert.equal(c.rows, N);
    } finally {
      await db.close();
    }
  });

  test(
    `Mosquitto + PostgreSQL + NATS: SIGKILL of dosi and a broker restart mid-stream; nothing acknowledged is lost`,
    { skip: !HAS_MOSQUITTO && !CI && 'mosquitto is not installed (apt-get install mosquitto)' },
    async (t) => {
      const schema = `t_${randomBytes(6).toString('hex')}`;
      cleanups.push(() => dropServerSchema(PG_URL, schema));
      const ingestPassword = randomBytes(12).toString('hex');
      const dir = mkdtempSync(join(tmpdir(), 'dosi-mosq-'));
      cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
      const ingest = { username: 'dosi-ingest', hash: hashDeviceSecret(ingestPassword) };
      writeFileSync(join(dir, 'passwd'), mosquittoPasswordFile([], ingest));
      writeFileSync(join(dir, 'acl'), mosquittoAclFile([], ingest.username));
      let broker = await startMosquitto({ dir });
      cleanups.push(() => broker.stop());
      const stream = `T${randomBytes(4).toString('hex')}`;
      const env = {
        DOSI_AUTH: 'none',
        DOSI_DATABASE_URL: PG_URL,
        DOSI_DATABASE_SCHEMA: schema,
        DOSI_NATS_URL: NATS_URL,
        DOSI_NATS_STREAM: stream,
        DOSI_NATS_PREFIX: stream.toLowerCase(),
        DOSI_MQTT_URL: `mqtt://dosi-ingest:${ingestPassword}@127.0.0.1:${broker.port}`,
        DOSI_MQTT_CLIENT_ID: `dosi-${schema}`,
      };
      let dosi = await startDosi(env);
      cleanups.push(() => dosi.kill('SIGKILL'));
      const secret = await provisionCounter(dosi, 'c-2');
      // the broker learns the device from dosi's export
      await run(
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
          env: {
            ...process.env,
            DOSI_DATABASE_URL: PG_URL,
            DOSI_DATABASE_SCHEMA: schema,
            DOSI_MQTT_INGEST_PASSWORD: ingestPassword,
            DOSI_LOG_LEVEL: 'warn',
          },
          cwd: join(import.meta.dirname, '..'),
        },
      );
      broker.reload();
      await new Promise((r) => setTimeout(r, 300));
      const pub = publisher(`mqtt://127.0.0.1:${broker.port}`, 'c-2@hanam', secret, 'dosi/hanam/c-2/attrs');
      cleanups.push(() => pub.close());
      const pool = new pg.Pool({ connectionString: PG_URL, options: `-c search_path=${schema}`, max: 2 });
      cleanups.push(() => pool.end());
      const query = (sql: string) => pool.query<{ seq: number; n: string }>(sql);

      // phase 1: dosi killed while messages flow; the broker keeps them for dosi's persistent session
      const killer = (async () => {
        await waitFor(async () => pub.acked.size >= N / 3, 300_000, 'a third acknowledged');
        await dosi.kill('SIGKILL');
        await new Promise((r) => setTimeout(r, 1000));
        dosi = await startDosi(env, { httpPort: dosi.httpPort });
      })();
      await pub.send(0, N);
      await killer;
      await waitFor(
        async () => (await countSeqs(query, pub.acked)).distinct >= N,
        300_000,
        'all messages stored',
      );
      const c1 = await countSeqs(query, pub.acked);
      assert.deepEqual(c1.missing, []);
      assert.equal(c1.duplicated, 0, 'stored more than once after SIGKILL');
      assert.equal(c1.rows, N);

      // phase 2: the broker restarts mid-stream; publishers and dosi reconnect by themselves
      await t.test('broker restart mid-stream: nothing acknowledged is lost', async (t) => {
        const M = Math.round(N / 5);
        const restarter = (async () => {
          await waitFor(async () => pub.acked.size >= N + M / 3, 300_000, 'phase 2 under way');
          broker = await broker.restart();
        })();
        await pub.send(N, N + M);
        await restarter;
        await waitFor(
          async () => (await countSeqs(query, pub.acked)).distinct >= N + M,
          120_000,
          'phase 2 stored',
        ).catch(async (err: unknown) => {
          const c = await countSeqs(query, pub.acked);
          throw new Error(`${(err as Error).message}: ${JSON.stringify(c)}\n${dosi.log().slice(-3000)}`);
        });
        const c2 = await countSeqs(query, pub.acked);
        assert.deepEqual(c2.missing, [], 'acknowledged by the broker but never stored');
        // Between a publisher and the broker QoS 1 is at-least-once: a publisher that lost the broker's
        // PUBACK in the restart resends, and the broker forwards both copies as new messages. dosi cannot
        // tell them apart from two readings; the count is printed, not asserted.
        t.diagnostic(`broker restart: ${c2.duplicated} of ${M} messages arrived twice from their publisher`);
      });

      // refused messages are explained by the dead-letter store
      const bad = mqtt.connect(`mqtt://127.0.0.1:${broker.port}`, {
        username: 'c-2@hanam',
        password: secret,
        reconnectPeriod: 0,
      });
      await new Promise<void>((r) => bad.once('connect', () => r()));
      await bad.publishAsync('dosi/hanam/c-2/attrs', '{"seq": -1}', { qos: 1 });
      await bad.publishAsync('dosi/hanam/c-2/attrs', 'garbage', { qos: 1 });
      await bad.endAsync();
      await waitFor(
        async () =>
          Number(
            (
              await pool.query<{ n: string }>(
                `SELECT count(*) AS n FROM dead_letters WHERE device_id = 'c-2'`,
              )
            ).rows[0]!.n,
          ) === 2,
        30_000,
        'two dead letters',
      );
      const reasons = (
        await pool.query<{ reason: string }>(
          `SELECT reason FROM dead_letters WHERE device_id = 'c-2' ORDER BY id`,
        )
      ).rows.map((x) => x.reason);
      assert.deepEqual(reasons, ['out_of_range', 'not_json']);
    },
  );

  test('PostgreSQL unreachable for 3 s mid-stream: dosi waits, reconnects, and stores every acknowledged message once', async () => {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    cleanups.push(() => dropServerSchema(PG_URL, schema));
    const target = new URL(PG_URL);
    const proxy = await startProxy({ host: target.hostname, port: Number(target.port || 5432) });
    cleanups.push(() => proxy.close());
    const viaProxy = new URL(PG_URL);
    viaProxy.port = String(proxy.port);
    const dosi = await startDosi({
      DOSI_AUTH: 'none',
      DOSI_DATABASE_URL: viaProxy.toString(),
      DOSI_DATABASE_SCHEMA: schema,
    });
    cleanups.push(() => dosi.kill('SIGKILL'));
    const secret = await provisionCounter(dosi, 'c-3');
    const pub = publisher(`mqtt://127.0.0.1:${dosi.mqttPort}`, 'c-3@hanam', secret, 'dosi/hanam/c-3/attrs');
    cleanups.push(() => pub.close());
    const M = Math.round(N / 5);
    const outage = (async () => {
      await waitFor(async () => pub.acked.size >= M / 3, 300_000, 'a third acknowledged');
      proxy.cut();
      const before = pub.acked.size;
      await new Promise((r) => setTimeout(r, 3000));
      // nothing can be acknowledged while the database is away (acks follow commits)
      assert.ok(pub.acked.size - before <= 2000, `acks during the outage: ${pub.acked.size - before}`);
      proxy.heal();
    })();
    await pub.send(0, M);
    await outage;
    assert.equal(pub.acked.size, M);
    const pool = new pg.Pool({ connectionString: PG_URL, options: `-c search_path=${schema}`, max: 1 });
    cleanups.push(() => pool.end());
    const c = await countSeqs((sql) => pool.query(sql), pub.acked);
    assert.deepEqual(c.missing, []);
    assert.equal(c.duplicated, 0);
    assert.equal(c.rows, M);
    assert.ok(dosi.child.exitCode === null, 'dosi is still running');
  });
});
