// Device ingestion end to end on both storage engines: provisioning through the API, readings over
// MQTT (mqtt.js and the stock mosquitto_pub) and HTTP, validation into the dead-letter store,
// topic ACLs, replay, LoRaWAN webhooks, and the readings visible through NGSI-LD and temporal APIs.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync } from 'node:fs';
import mqtt from 'mqtt';
import { backends } from './helpers/backends.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { waitFor } from './helpers/processes.ts';

const run = promisify(execFile);
const HAS_MOSQUITTO_PUB = existsSync('/usr/bin/mosquitto_pub');

const PROFILE = {
  id: 'bin-v1',
  name: '음식물 수거함 / food waste bin',
  entityType: 'WasteContainer',
  reportingIntervalSec: 600,
  attributes: [
    { key: 'fill', attr: 'fillingLevel', type: 'number', unitCode: 'P1', min: 0, max: 100 },
    { key: 'temp', attr: 'temperature', type: 'number', unitCode: 'CEL', min: -40, max: 85 },
    { key: 'seq', attr: 'seq', type: 'integer' },
  ],
};

async function provision(
  app: TestApp,
  id: string,
  tenant = 'hanam',
): Promise<{ secret: string; entityId: string }> {
  let r = await app.fetch('/api/v1/device-profiles', {
    method: 'POST',
    body: JSON.stringify(PROFILE),
    headers: { 'content-type': 'application/json' },
    tenant,
  });
  assert.ok(r.status === 201 || r.status === 409, `profile: ${r.status} ${await r.text()}`);
  r = await app.fetch('/api/v1/devices', {
    method: 'POST',
    body: JSON.stringify({ id, profileId: 'bin-v1', name: `수거함 ${id}`, location: [127.2148, 37.5393] }),
    headers: { 'content-type': 'application/json' },
    tenant,
  });
  const text = await r.text();
  assert.equal(r.status, 201, text);
  const body = JSON.parse(text) as { secret: string; device: { entityId: string } };
  return { secret: body.secret, entityId: body.device.entityId };
}

async function entity(app: TestApp, id: string, tenant = 'hanam'): Promise<Record<string, unknown>> {
  const r = await app.fetch(`/ngsi-ld/v1/entities/${encodeURIComponent(id)}?options=keyValues`, { tenant });
  assert.equal(r.status, 200);
  return (await r.json()) as Record<string, unknown>;
}

async function deadLetters(
  app: TestApp,
  q = '',
  tenant = 'hanam',
): Promise<
  { id: string; reason: string; detail: string; deviceId: string | null; payloadText: string | null }[]
> {
  const r = await app.fetch(`/api/v1/dead-letters${q}`, { tenant });
  assert.equal(r.status, 200);
  return (await r.json()) as never;
}

function connectDevice(app: TestApp, id: string, secret: string, tenant = 'hanam') {
  const port = app.platform.ingestion!.mqttPort;
  assert.ok(port);
  return mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, {
    username: `${id}@${tenant}`,
    password: secret,
    reconnectPeriod: 0,
    clientId: `${id}-${Math.random()}`,
  });
}

for (const backend of await backends()) {
  describe(`ingestion (${backend.name})`, { skip: backend.skip }, () => {
    let app: TestApp;
    before(async () => {
      app = await startTestApp(backend);
    });
    after(async () => app?.close());

    test('an MQTT QoS 1 reading updates the entity and its history; PUBACK comes after the commit', async () => {
      const { secret, entityId } = await provision(app, 'bin-0001');
      const c = await connectDevice(app, 'bin-0001', secret);
      await c.publishAsync(
        'dosi/hanam/bin-0001/attrs',
        JSON.stringify({ fill: 42.5, temp: 12, ts: '2026-11-22T09:00:00+09:00' }),
        { qos: 1 },
      );
      // acknowledged ⇒ already stored: no waiting needed
      const e = await entity(app, entityId);
      assert.equal(e.fillingLevel, 42.5);
      assert.equal(e.temperature, 12);
      const full = (await (
        await app.fetch(`/ngsi-ld/v1/entities/${encodeURIComponent(entityId)}?attrs=fillingLevel`)
      ).json()) as { fillingLevel: { observedAt: string; unitCode: string } };
      assert.equal(full.fillingLevel.observedAt, '2026-11-22T00:00:00.000Z');
      assert.equal(full.fillingLevel.unitCode, 'P1');
      await c.publishAsync(
        'dosi/hanam/bin-0001/attrs',
        JSON.stringify({ fill: 43, ts: '2026-11-22T09:10:00+09:00' }),
        { qos: 1 },
      );
      const h = await app.fetch(
        `/ngsi-ld/v1/temporal/entities/${encodeURIComponent(entityId)}?attrs=fillingLevel&options=temporalValues`,
      );
      assert.equal(h.status, 200);
      const hist = (await h.json()) as { fillingLevel: { values: [number, string][] } };
      assert.deepEqual(
        hist.fillingLevel.values.map((v) => v[0]),
        [42.5, 43],
      );
      await c.endAsync();
    });

    test(
      'stock mosquitto_pub with the device credentials updates the entity',
      { skip: !HAS_MOSQUITTO_PUB && 'mosquitto-clients not installed (apt-get install mosquitto-clients)' },
      async () => {
        const { secret, entityId } = await provision(app, 'bin-0002');
        await run('mosquitto_pub', [
          '-h',
          '127.0.0.1',
          '-p',
          String(app.platform.ingestion!.mqttPort),
          '-u',
          'bin-0002@hanam',
          '-P',
          secret,
          '-q',
          '1',
          '-t',
          'dosi/hanam/bin-0002/attrs',
          '-m',
          '{"fill": 77}',
        ]);
        assert.equal((await entity(app, entityId)).fillingLevel, 77);
        // a wrong password is refused at CONNECT (exit code ≠ 0) and kept as a dead letter
        await assert.rejects(
          run('mosquitto_pub', [
            '-h',
            '127.0.0.1',
            '-p',
            String(app.platform.ingestion!.mqttPort),
            '-u',
            'bin-0002@hanam',
            '-P',
            'wrong',
            '-q',
            '1',
            '-t',
            'dosi/hanam/bin-0002/attrs',
            '-m',
            '{"fill": 1}',
          ]),
        );
        const dl = await deadLetters(app, '?reason=bad_credentials&deviceId=bin-0002');
        assert.equal(dl.length, 1);
        assert.equal((await entity(app, entityId)).fillingLevel, 77);
      },
    );

    test('bad readings are acknowledged, kept with a precise reason, and replayable', async () => {
      const { secret, entityId } = await provision(app, 'bin-0003');
      const c = await connectDevice(app, 'bin-0003', secret);
      const bad = [
        'not json',
        '{"fill": "high"}',
        '{"fill": 140}',
        '{"colour": "red"}',
        '[]',
        '{"seq": 1.5}',
      ];
      for (const m of bad) await c.publishAsync('dosi/hanam/bin-0003/attrs', m, { qos: 1 });
      await c.endAsync();
      const dl = await deadLetters(app, '?deviceId=bin-0003');
      assert.deepEqual(dl.map((d) => d.reason).reverse(), [
        'not_json',
        'wrong_type',
        'out_of_range',
        'unknown_key',
        'bad_payload',
        'wrong_type',
      ]);
      assert.equal(dl.at(-1)!.payloadText, 'not json');
      assert.match(dl.find((d) => d.reason === 'out_of_range')!.detail, /fill/);
      const stats = (await (await app.fetch('/api/v1/dead-letters/stats')).json()) as Record<string, number>;
      assert.ok((stats.wrong_type ?? 0) >= 2);
      // the entity was not touched
      assert.equal((await entity(app, entityId)).fillingLevel, undefined);
      // widen the profile's range, replay the out-of-range letter: it is stored now
      const put = await app.fetch('/api/v1/device-profiles/bin-v1', {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          ...PROFILE,
          attributes: PROFILE.attributes.map((a) => (a.key === 'fill' ? { ...a, max: 200 } : a)),
        }),
      });
      assert.equal(put.status, 200, await put.text());
      const letter = dl.find((d) => d.reason === 'out_of_range')!;
      const rr = await app.fetch(`/api/v1/dead-letters/${letter.id}/replay`, { method: 'POST' });
      assert.equal(rr.status, 200);
      assert.deepEqual(await rr.json(), { ok: true, stored: 1 });
      await waitFor(async () => (await entity(app, entityId)).fillingLevel === 140, 5000, 'replayed value');
      const again = (await (await app.fetch(`/api/v1/dead-letters/${letter.id}`)).json()) as {
        replayedAt: string | null;
        replayResult: string;
      };
      assert.ok(again.replayedAt);
      assert.match(again.replayResult, /stored 1/);
      const metrics = await (await fetch(`${app.url}/metrics`)).text();
      assert.match(metrics, /dosi_ingest_rejected_total\{reason="out_of_range"\} [1-9]/);
    });

    test("a device publishing to another device's or tenant's topic is refused and disconnected", async () => {
      const a = await provision(app, 'bin-0004');
      const b = await provision(app, 'bin-0005');
      const c = await connectDevice(app, 'bin-0004', a.secret);
      const closed = new Promise<void>((r) => c.once('close', () => r()));
      c.publish('dosi/hanam/bin-0005/attrs', '{"fill": 1}', { qos: 1 });
      await closed;
      const c2 = await connectDevice(app, 'bin-0004', a.secret);
      const closed2 = new Promise<void>((r) => c2.once('close', () => r()));
      c2.publish('dosi/goyang/bin-0004/attrs', '{"fill": 2}', { qos: 1 });
      await closed2;
      c.end(true);
      c2.end(true);
      const dl = await deadLetters(app, '?reason=wrong_topic&deviceId=bin-0004');
      assert.equal(dl.length, 2);
      assert.equal((await entity(app, b.entityId)).fillingLevel, undefined);
      // subscribing to another device's commands is refused (SUBACK 0x80), its own is granted
      const c3 = await connectDevice(app, 'bin-0004', a.secret);
      const granted = await c3.subscribeAsync('dosi/hanam/bin-0004/cmd', { qos: 1 });
      assert.deepEqual(
        granted.map((g) => g.qos),
        [1],
      );
      await assert.rejects(c3.subscribeAsync('dosi/hanam/bin-0005/cmd', { qos: 1 }), /Subscribe error/);
      await assert.rejects(c3.subscribeAsync('dosi/#', { qos: 1 }), /Subscribe error/);
      await c3.endAsync();
    });

    test('HTTP readings: 201 when stored, 400 + dead letter when refused, 401 without the secret, idempotent retries', async () => {
      const { secret, entityId } = await provision(app, 'bin-0006');
      const post = (body: string, headers: Record<string, string> = {}) =>
        fetch(`${app.url}/api/v1/ingest/hanam/bin-0006`, {
          method: 'POST',
          body,
          headers: { 'content-type': 'application/json', 'x-device-key': secret, ...headers },
        });
      let r = await post('{"fill": 10}');
      assert.equal(r.status, 201);
      assert.deepEqual(await r.json(), { stored: 1, duplicate: false, entityId });
      r = await post('{"fill": 11}', { 'idempotency-key': 'k-1' });
      assert.equal(r.status, 201);
      r = await post('{"fill": 11}', { 'idempotency-key': 'k-1' });
      assert.equal(r.status, 200);
      assert.deepEqual(await r.json(), { stored: 0, duplicate: true, entityId });
      r = await post('{"fill": -5}');
      assert.equal(r.status, 400);
      const p = (await r.json()) as { code: string; detail: string };
      assert.equal(p.code, 'DOSI_ERR_INGEST_REJECTED');
      assert.match(p.detail, /out_of_range/);
      r = await post('{"fill": 12}', { 'x-device-key': 'nope' });
      assert.equal(r.status, 401);
      r = await fetch(`${app.url}/api/v1/ingest/hanam/ghost`, {
        method: 'POST',
        body: '{}',
        headers: { 'x-device-key': 'x' },
      });
      assert.equal(r.status, 401);
      assert.equal((await entity(app, entityId)).fillingLevel, 11);
      const reasons = (await deadLetters(app, '?deviceId=bin-0006')).map((d) => d.reason).sort();
      assert.deepEqual(reasons, ['bad_credentials', 'out_of_range']);
      assert.equal((await deadLetters(app, '?deviceId=ghost&reason=unknown_device')).length, 1);
      const temporal = (await (
        await app.fetch(
          `/ngsi-ld/v1/temporal/entities/${encodeURIComponent(entityId)}?attrs=fillingLevel&options=temporalValues`,
        )
      ).json()) as { fillingLevel: { values: unknown[] } };
      assert.equal(temporal.fillingLevel.values.length, 2, 'the retry was not stored twice');
    });

    test('a command goes out on …/cmd and its result on …/cmdexe is recorded', async () => {
      const { secret } = await provision(app, 'bin-0007');
      const c = await connectDevice(app, 'bin-0007', secret);
      await c.subscribeAsync('dosi/hanam/bin-0007/cmd', { qos: 1 });
      const got = new Promise<{ id: string; name: string; params: unknown }>((r) =>
        c.once('message', (_t, m) => r(JSON.parse(m.toString()) as never)),
      );
      const sent = await app.fetch('/api/v1/devices/bin-0007/commands', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'compact', params: { level: 2 } }),
      });
      assert.equal(sent.status, 202, await sent.text());
      const cmd = await got;
      assert.equal(cmd.name, 'compact');
      assert.deepEqual(cmd.params, { level: 2 });
      await c.publishAsync(
        'dosi/hanam/bin-0007/cmdexe',
        JSON.stringify({ id: cmd.id, status: 'ok', result: { done: true } }),
        { qos: 1 },
      );
      const list = (await (await app.fetch('/api/v1/devices/bin-0007/commands')).json()) as {
        id: string;
        status: string;
        result: unknown;
      }[];
      assert.equal(list[0]!.id, cmd.id);
      assert.equal(list[0]!.status, 'ok');
      assert.deepEqual(list[0]!.result, { done: true });
      await c.endAsync();
    });

    test('LoRaWAN: ChirpStack v4 and TTS v3 uplinks decoded by the profile codec', async () => {
      const prof = {
        id: 'lora-bin',
        name: 'LoRaWAN bin',
        entityType: 'WasteContainer',
        reportingIntervalSec: 3600,
        attributes: [
          { key: 'fill', attr: 'fillingLevel', type: 'number', unitCode: 'P1', min: 0, max: 100 },
          { key: 'temp', attr: 'temperature', type: 'number', unitCode: 'CEL', min: -40, max: 85 },
        ],
        codec: {
          fields: [
            { name: 'fill', offset: 0, type: 'u8' },
            { name: 'temp', offset: 1, type: 'i16be', scale: 0.1 },
          ],
        },
      };
      let r = await app.fetch('/api/v1/device-profiles', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(prof),
      });
      assert.equal(r.status, 201, await r.text());
      r = await app.fetch('/api/v1/devices', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ id: 'lora-1', profileId: 'lora-bin', devEui: '0011223344556677' }),
      });
      const created = await r.text();
      assert.equal(r.status, 201, created);
      const entityId = (JSON.parse(created) as { device: { entityId: string } }).device.entityId;
      const bytes = Buffer.from([55, 0xff, 0x9c]); // 55 %, -10.0 °C
      const cs = {
        deduplicationId: '3a5e0c6e-1f0e-4d7a-9d61-1c2b3a4d5e6f',
        time: '2026-11-22T01:00:00.000Z',
        deviceInfo: {
          tenantId: 't',
          tenantName: 'Hanam',
          applicationId: 'a',
          applicationName: 'bins',
          deviceProfileId: 'p',
          deviceProfileName: 'bin',
          deviceName: 'lora-1',
          devEui: '0011223344556677',
          tags: {},
        },
        devAddr: '01020304',
        adr: true,
        dr: 5,
        fCnt: 7,
        fPort: 2,
        confirmed: false,
        data: bytes.toString('base64'),
        rxInfo: [],
        txInfo: { frequency: 922100000 },
      };
      r = await app.fetch('/api/v1/ingest/hanam/lorawan/chirpstack?event=up', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(cs),
      });
      assert.equal(r.status, 201, await r.text());
      let e = await entity(app, entityId);
      assert.equal(e.fillingLevel, 55);
      assert.equal(e.temperature, -10);
      // the same uplink again (a webhook retry) is not stored twice
      r = await app.fetch('/api/v1/ingest/hanam/lorawan/chirpstack?event=up', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(cs),
      });
      assert.equal(r.status, 200);
      // other ChirpStack events are acknowledged and ignored
      r = await app.fetch('/api/v1/ingest/hanam/lorawan/chirpstack?event=join', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      assert.equal(r.status, 204);
      const tts = {
        end_device_ids: {
          device_id: 'lora-1',
          application_ids: { application_id: 'bins' },
          dev_eui: '0011223344556677',
          dev_addr: '01020304',
        },
        correlation_ids: [],
        received_at: '2026-11-22T02:00:00.123Z',
        uplink_message: {
          f_port: 2,
          f_cnt: 8,
          frm_payload: Buffer.from([60, 0x00, 0x64]).toString('base64'),
          rx_metadata: [],
          settings: {},
          received_at: '2026-11-22T02:00:00.100Z',
        },
      };
      r = await app.fetch('/api/v1/ingest/hanam/lorawan/tts', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(tts),
      });
      assert.equal(r.status, 201, await r.text());
      e = await entity(app, entityId);
      assert.equal(e.fillingLevel, 60);
      assert.equal(e.temperature, 10);
      // an unknown DevEUI is a dead letter
      r = await app.fetch('/api/v1/ingest/hanam/lorawan/tts', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          ...tts,
          end_device_ids: { ...tts.end_device_ids, dev_eui: 'ffffffffffffffff' },
        }),
      });
      assert.equal(r.status, 400);
      assert.equal(
        (await deadLetters(app, '?reason=unknown_device')).filter((d) =>
          d.detail.includes('ffffffffffffffff'),
        ).length,
        1,
      );
      // a viewer may not post uplinks
      r = await app.fetch('/api/v1/ingest/hanam/lorawan/tts', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(tts),
        role: 'viewer',
      });
      assert.equal(r.status, 403);
    });
  });
}
