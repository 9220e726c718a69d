// Fuzz of the device input paths: ≥ 10,000 random and malformed payloads over MQTT and HTTP on each
// storage engine. Nothing may crash, no 5xx; every message ends up either stored or in the
// dead-letter store with a reason — counted exactly, message by message.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import mqtt from 'mqtt';
import { backends } from './helpers/backends.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { REJECT_REASONS } from '../src/ingest/types.ts';

const PER_TRANSPORT = Number(process.env.DOSI_FUZZ_MESSAGES ?? 5000);

const PROFILE = {
  id: 'fuzz',
  name: 'fuzz target',
  entityType: 'FuzzSensor',
  reportingIntervalSec: 60,
  attributes: [
    { key: 'seq', attr: 'seq', type: 'integer', min: 0 },
    { key: 'fill', attr: 'fillingLevel', type: 'number', unitCode: 'P1', min: 0, max: 100 },
    { key: 'on', attr: 'on', type: 'boolean' },
    { key: 'mode', attr: 'mode', type: 'string', enum: ['auto', 'manual'] },
    { key: 'pos', attr: 'location', type: 'point' },
  ],
};

const anyValue = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.constantFrom(0, 50, 100, -1, 101, 1e308, -0),
  fc.boolean(),
  fc.string(),
  fc.constantFrom('auto', 'manual', 'AUTO'),
  fc.constant(null),
  fc.array(fc.double(), { maxLength: 3 }),
  fc.record({ lat: fc.double(), lon: fc.double() }),
  fc.jsonValue({ maxDepth: 2 }),
);

const valid = fc.record(
  {
    fill: fc.double({ min: 0, max: 100, noNaN: true }),
    on: fc.boolean(),
    mode: fc.constantFrom('auto', 'manual'),
    pos: fc.tuple(
      fc.double({ min: 126, max: 128, noNaN: true }),
      fc.double({ min: 36, max: 38, noNaN: true }),
    ),
  },
  { requiredKeys: [] },
);

/** Objects that carry their sequence number: stored or refused, the seq tells which message it was. */
const fuzzed = fc.record(
  {
    fill: anyValue,
    on: anyValue,
    mode: anyValue,
    pos: anyValue,
    ts: fc.oneof(
      fc.constant('2026-11-22T09:00:00+09:00'),
      fc.string(),
      fc.integer(),
      fc.constant('2099-01-01T00:00:00Z'),
    ),
    extra: anyValue,
  },
  { requiredKeys: [] },
);
const tagged = fc.oneof(valid, fuzzed);

/** Payloads that can never be a reading of this profile (no seq, or not a JSON object at all). */
const garbage = fc.oneof(
  fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
  fc.string().map((s) => Buffer.from(s)),
  fc
    .jsonValue({ maxDepth: 3 })
    .filter((v) => typeof v !== 'object' || v === null)
    .map((v) => Buffer.from(JSON.stringify(v))),
  fc
    .constantFrom('{', '{"seq":', '[]', '[[]]', '{}', '\u0000', '\uFEFF{}', 'null')
    .map((s) => Buffer.from(s)),
  fc.constant(Buffer.from([0xff, 0xfe, 0x00])),
);

function messages(n: number, seed: number): { payload: Buffer; seq: number | null }[] {
  const out: { payload: Buffer; seq: number | null }[] = [];
  const tags = fc.sample(tagged, { numRuns: Math.ceil(n / 2), seed });
  const junk = fc.sample(garbage, { numRuns: Math.floor(n / 2), seed: seed + 1 });
  tags.forEach((t, i) => out.push({ payload: Buffer.from(JSON.stringify({ ...t, seq: i })), seq: i }));
  for (const j of junk) out.push({ payload: j, seq: null });
  return out;
}

async function outcomeBySeq(app: TestApp, deviceId: string, entityId: string) {
  const db = app.platform.db;
  const stored = await db.query<{ seq: number }>(
    `SELECT DISTINCT (instance->>'value')::int AS seq FROM temporal_instances
      WHERE tenant = 'hanam' AND entity_id = $1 AND attr = 'https://uri.etsi.org/ngsi-ld/default-context/seq'`,
    [entityId],
  );
  const dead = await db.query<{ reason: string; payload: Buffer }>(
    `SELECT reason, payload FROM dead_letters WHERE tenant = 'hanam' AND device_id = $1`,
    [deviceId],
  );
  return { stored: stored.rows.map((r) => r.seq), dead: dead.rows };
}

function seqOf(payload: Buffer): number | null {
  try {
    const v = JSON.parse(payload.toString('utf8')) as { seq?: unknown };
    return typeof v.seq === 'number' ? v.seq : null;
  } catch {
    return null;
  }
}

function checkAccounting(
  msgs: { payload: Buffer; seq: number | null }[],
  o: Awaited<ReturnType<typeof outcomeBySeq>>,
) {
  const tagged = msgs.filter((m) => m.seq !== null).length;
  const junk = msgs.length - tagged;
  const deadTagged = o.dead.map((d) => seqOf(d.payload)).filter((s) => s !== null);
  const storedSet = new Set(o.stored);
  // every tagged message exactly once: stored xor refused
  assert.equal(o.stored.length + deadTagged.length, tagged, 'tagged: stored + refused = sent');
  for (const s of deadTagged) assert.ok(!storedSet.has(s), `seq ${s} both stored and refused`);
  // every junk message refused
  assert.equal(o.dead.length - deadTagged.length, junk, 'every malformed payload is a dead letter');
  for (const d of o.dead) assert.ok((REJECT_REASONS as readonly string[]).includes(d.reason), d.reason);
  // the fuzz really exercised both outcomes
  assert.ok(o.stored.length > 0 && deadTagged.length > 0);
}

for (const backend of await backends()) {
  describe(`ingestion fuzz (${backend.name})`, { skip: backend.skip, timeout: 300_000 }, () => {
    let app: TestApp;
    const device = { mqtt: { secret: '', entityId: '' }, http: { secret: '', entityId: '' } };
    before(async () => {
      app = await startTestApp(backend);
      const h = { 'content-type': 'application/json' };
      assert.equal(
        (
          await app.fetch('/api/v1/device-profiles', {
            method: 'POST',
            headers: h,
            body: JSON.stringify(PROFILE),
          })
        ).status,
        201,
      );
      for (const id of ['mqtt', 'http'] as const) {
        const r = await app.fetch('/api/v1/devices', {
          method: 'POST',
          headers: h,
          body: JSON.stringify({ id: `fz-${id}`, profileId: 'fuzz' }),
        });
        const b = (await r.json()) as { secret: string; device: { entityId: string } };
        device[id] = { secret: b.secret, entityId: b.device.entityId };
      }
    });
    after(async () => app?.close());

    test(`${PER_TRANSPORT} fuzzed MQTT payloads: all acknowledged, each stored or a dead letter`, async () => {
      const msgs = messages(PER_TRANSPORT, 42);
      const c = await mqtt.connectAsync(`mqtt://127.0.0.1:${app.platform.ingestion!.mqttPort}`, {
        username: 'fz-mqtt@hanam',
        password: device.mqtt.secret,
        reconnectPeriod: 0,
      });
      let closed = false;
      c.on('close', () => (closed = true));
      const window = 200;
      for (let i = 0; i < msgs.length; i += window)
        await Promise.all(
          msgs
            .slice(i, i + window)
            .map((m) => c.publishAsync('dosi/hanam/fz-mqtt/attrs', m.payload, { qos: 1 })),
        );
      assert.equal(closed, false, 'bad payloads never cost the device its connection');
      await c.endAsync();
      checkAccounting(msgs, await outcomeBySeq(app, 'fz-mqtt', device.mqtt.entityId));
    });

    test(`${PER_TRANSPORT} fuzzed HTTP requests: only 201/400, never a 5xx, each stored or a dead letter`, async () => {
      const msgs = messages(PER_TRANSPORT, 7);
      const types = [
        'application/json',
        'text/plain',
        'application/octet-stream',
        'application/x-www-form-urlencoded',
        '',
      ];
      const statuses = new Map<number, number>();
      const conc = 8;
      for (let i = 0; i < msgs.length; i += conc) {
        await Promise.all(
          msgs.slice(i, i + conc).map(async (m, k) => {
            const ct = types[(i + k) % types.length]!;
            const r = await fetch(`${app.url}/api/v1/ingest/hanam/fz-http`, {
              method: 'POST',
              body: m.payload,
              headers: { 'x-device-key': device.http.secret, ...(ct ? { 'content-type': ct } : {}) },
            });
            await r.arrayBuffer();
            statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
          }),
        );
      }
      assert.deepEqual(
        [...statuses.keys()].filter((s) => s !== 201 && s !== 400),
        [],
        JSON.stringify([...statuses]),
      );
      checkAccounting(msgs, await outcomeBySeq(app, 'fz-http', device.http.entityId));
      assert.equal((await fetch(`${app.url}/healthz`)).status, 200);
    });
  });
}
