// Ingestion and processing in separate processes: an ingest node (DOSI_ROLE=ingest: devices in,
// readings and entity changes out on the bus) and a processing node (DOSI_ROLE=process: NGSI-LD
// subscriptions fed from the bus), sharing PostgreSQL and NATS JetStream.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import mqtt from 'mqtt';
import { PG_URL } from './helpers/backends.ts';
import { dropServerSchema } from '../src/storage/adapters.ts';
import { startDosi } from './helpers/processes.ts';
import { startReceiver } from './helpers/notify-receiver.ts';
import { connect } from '@nats-io/transport-node';

const NATS_URL = process.env.DOSI_TEST_NATS_URL ?? 'nats://127.0.0.1:4222';

async function natsReachable(): Promise<string | false> {
  try {
    const nc = await connect({ servers: NATS_URL, timeout: 2000, reconnect: false });
    await nc.close();
    return false;
  } catch (err) {
    if (process.env.CI === 'true')
      throw new Error(`CI=true but NATS at ${NATS_URL} is unreachable: ${(err as Error).message}`);
    return `NATS at ${NATS_URL} unreachable; set DOSI_TEST_NATS_URL`;
  }
}

describe(
  'two dosi processes over NATS JetStream and PostgreSQL',
  { skip: await natsReachable(), timeout: 180_000 },
  () => {
    const cleanups: (() => Promise<unknown>)[] = [];
    after(async () => {
      for (const c of cleanups.reverse()) await c().catch(() => undefined);
    });

    test('a reading published to the ingest node reaches a subscription served by the processing node, once', async () => {
      const schema = `t_${randomBytes(6).toString('hex')}`;
      cleanups.push(() => dropServerSchema(PG_URL, schema));
      const stream = `T${randomBytes(4).toString('hex')}`;
      const shared = {
        DOSI_AUTH: 'none',
        DOSI_DATABASE_URL: PG_URL,
        DOSI_DATABASE_SCHEMA: schema,
        DOSI_NATS_URL: NATS_URL,
        DOSI_NATS_STREAM: stream,
        DOSI_NATS_PREFIX: stream.toLowerCase(),
      };
      const ingest = await startDosi({ ...shared, DOSI_ROLE: 'ingest' });
      cleanups.push(() => ingest.kill('SIGTERM'));
      const processing = await startDosi({ ...shared, DOSI_ROLE: 'process', DOSI_MQTT: 'false' });
      cleanups.push(() => processing.kill('SIGTERM'));
      const receiver = await startReceiver();
      cleanups.push(() => receiver.close());

      const h = { 'content-type': 'application/json', 'ngsild-tenant': 'hanam' };
      const post = async (node: typeof ingest, path: string, body: unknown) => {
        const r = await fetch(`${node.url}${path}`, {
          method: 'POST',
          headers: h,
          body: JSON.stringify(body),
        });
        const text = await r.text();
        assert.equal(r.status, 201, text);
        return text ? (JSON.parse(text) as unknown) : undefined;
      };
      await post(ingest, '/api/v1/device-profiles', {
        id: 'bin',
        name: 'bin',
        entityType: 'WasteContainer',
        reportingIntervalSec: 600,
        attributes: [{ key: 'fill', attr: 'fillingLevel', type: 'number', unitCode: 'P1', min: 0, max: 100 }],
      });
      const { secret, device } = (await post(ingest, '/api/v1/devices', {
        id: 'bin-1',
        profileId: 'bin',
      })) as {
        secret: string;
        device: { entityId: string };
      };
      // the subscription lives on the processing node's API (same database)
      const sub = await fetch(`${processing.url}/ngsi-ld/v1/subscriptions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'ngsild-tenant': 'hanam' },
        body: JSON.stringify({
          type: 'Subscription',
          entities: [{ type: 'WasteContainer' }],
          watchedAttributes: ['fillingLevel'],
          q: 'fillingLevel>80',
          notification: {
            endpoint: { uri: `${receiver.url}/notify`, accept: 'application/json' },
            format: 'keyValues',
          },
        }),
      });
      assert.equal(sub.status, 201, await sub.text());

      const c = await mqtt.connectAsync(`mqtt://127.0.0.1:${ingest.mqttPort}`, {
        username: 'bin-1@hanam',
        password: secret,
      });
      await c.publishAsync('dosi/hanam/bin-1/attrs', JSON.stringify({ fill: 40 }), { qos: 1 });
      await c.publishAsync('dosi/hanam/bin-1/attrs', JSON.stringify({ fill: 91.5 }), { qos: 1 });
      await c.endAsync();

      const got = await receiver.waitFor((r) => JSON.stringify(r.body).includes('91.5'), 20_000);
      const body = got.body as { data: { id: string; fillingLevel: number }[] };
      assert.equal(body.data[0]!.id, device.entityId);
      assert.equal(body.data[0]!.fillingLevel, 91.5);
      // no second delivery: only the processing node processes, and only the 91.5 reading matches q
      await new Promise((r) => setTimeout(r, 1500));
      assert.equal(
        receiver.received.filter((r) => JSON.stringify(r.body).includes('fillingLevel')).length,
        1,
      );
    });
  },
);
