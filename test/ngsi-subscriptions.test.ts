// NGSI-LD subscriptions and notifications contract: the same suite on PGlite and on the PostgreSQL
// server, over real HTTP, with real HTTP receivers and a real MQTT broker.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Aedes } from 'aedes';
import { connectAsync } from 'mqtt';
import { backends } from './helpers/backends.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { closedPort, startReceiver, type Receiver } from './helpers/notify-receiver.ts';
import type { DeliveryEvent } from '../src/context/subscriptions/index.ts';

const CORE = 'https://uri.etsi.org/ngsi-ld/errors/';
const send = (method: string, body: unknown, extra: Record<string, string> = {}) => ({
  method,
  headers: { 'content-type': 'application/json', ...extra },
  body: JSON.stringify(body),
});
const post = (body: unknown, extra: Record<string, string> = {}) => send('POST', body, extra);
const SUBS = '/ngsi-ld/v1/subscriptions';

for (const backend of await backends()) {
  describe(`NGSI-LD subscriptions on ${backend.name}`, { skip: backend.skip }, () => {
    let app: TestApp;
    let rx: Receiver;
    before(async () => {
      app = await startTestApp(backend, {
        DOSI_NOTIFY_BACKOFF_MS: '20',
        DOSI_NOTIFY_MAX_ATTEMPTS: '3',
        DOSI_NOTIFY_TIMEOUT_MS: '2000',
      });
      rx = await startReceiver();
    });
    after(async () => {
      await rx?.close();
      await app?.close();
    });

    /** Resolves with the n-th delivery outcome that satisfies pred (register before acting). */
    const outcome = (pred: (e: DeliveryEvent) => boolean, n = 1, timeoutMs = 8000) =>
      new Promise<DeliveryEvent>((resolve, reject) => {
        let seen = 0;
        const timer = setTimeout(() => {
          off();
          reject(new Error(`saw ${seen} of ${n} matching delivery outcomes`));
        }, timeoutMs);
        const off = app.platform.subscriptions.onOutcome((e) => {
          if (!pred(e) || ++seen < n) return;
          clearTimeout(timer);
          off();
          resolve(e);
        });
      });
    const subscribe = async (
      body: Record<string, unknown>,
      extra: Record<string, string> = {},
      tenant = 'hanam',
    ) => {
      const res = await app.fetch(SUBS, { ...post({ type: 'Subscription', ...body }, extra), tenant });
      assert.equal(res.status, 201, await res.clone().text());
      return decodeURIComponent((res.headers.get('location') ?? '').split('/').pop() ?? '');
    };
    const outboxOf = async (subscriptionId: string) =>
      (
        await app.platform.db.query<{
          state: string;
          attempts: number;
          last_error: string | null;
          tenant: string;
        }>(
          'SELECT state, attempts, last_error, tenant FROM notification_outbox WHERE subscription_id = $1 ORDER BY id',
          [subscriptionId],
        )
      ).rows;
    const patchAttrs = (id: string, body: unknown, extra: Record<string, string> = {}) =>
      app.fetch(`/ngsi-ld/v1/entities/${id}/attrs`, send('PATCH', body, extra));

    test('a matching update is notified with the subscriber context, format and headers', async () => {
      const hosted = await app.fetch('/ngsi-ld/v1/jsonldContexts', {
        method: 'POST',
        headers: { 'content-type': 'application/ld+json' },
        body: JSON.stringify({
          '@context': {
            Bin: 'https://smartdatamodels.org/dataModel.WasteManagement/WasteContainer',
            fill: 'https://smartdatamodels.org/dataModel.WasteManagement/fillingLevel',
          },
        }),
      });
      assert.equal(hosted.status, 201);
      const ctxUrl = `${app.url}${hosted.headers.get('location')}`;
      const link = `<${ctxUrl}>; rel="http://www.w3.org/ns/json-ld#context"; type="application/ld+json"`;
      const kv = await subscribe(
        {
          entities: [{ type: 'Bin' }],
          notification: {
            attributes: ['fill'],
            format: 'keyValues',
            endpoint: { uri: `${rx.url}/kv`, receiverInfo: [{ key: 'X-Dosi-Test', value: 'kv' }] },
          },
        },
        { link },
      );
      const ld = await subscribe(
        {
          entities: [{ type: 'Bin' }],
          watchedAttributes: ['fill'],
          notification: { endpoint: { uri: `${rx.url}/ld`, accept: 'application/ld+json' } },
        },
        { link },
      );
      const twoDelivered = outcome((e) => e.subscriptionId === kv && e.outcome === 'delivered', 2); // creation, then update
      assert.equal(
        (
          await app.fetch(
            '/ngsi-ld/v1/entities',
            post({ id: 'urn:ngsi-ld:Bin:n1', type: 'Bin', fill: 0.4, status: 'ok' }, { link }),
          )
        ).status,
        201,
      );
      assert.equal((await patchAttrs('urn:ngsi-ld:Bin:n1', { fill: 0.9 }, { link })).status, 204);

      const got = await rx.waitFor((r) => r.path === '/kv' && r.body.data[0].fill === 0.9);
      assert.equal(got.body.type, 'Notification');
      assert.equal(got.body.subscriptionId, kv);
      assert.match(got.body.id, /^urn:ngsi-ld:Notification:[0-9a-f-]{36}$/);
      assert.deepEqual(got.body.data, [{ id: 'urn:ngsi-ld:Bin:n1', type: 'Bin', fill: 0.9 }]);
      assert.equal(got.headers['content-type'], 'application/json');
      assert.ok(got.headers.link?.includes(ctxUrl), 'Link header names the subscriber context');
      assert.equal(got.headers['x-dosi-test'], 'kv');
      assert.equal(got.headers['ngsild-tenant'], 'hanam');

      const ldGot = await rx.waitFor((r) => r.path === '/ld' && r.body.data[0].fill?.value === 0.9);
      assert.equal(ldGot.headers['content-type'], 'application/ld+json');
      assert.deepEqual(ldGot.body.data[0]['@context'], [
        ctxUrl,
        'https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.8.jsonld',
      ]);
      assert.deepEqual(ldGot.body.data[0].fill, { type: 'Property', value: 0.9 });
      assert.equal(ldGot.body.subscriptionId, ld);

      await twoDelivered;
      const view = (await (
        await app.fetch(`${SUBS}/${encodeURIComponent(kv)}`, { headers: { link } })
      ).json()) as any;
      assert.deepEqual(view.entities, [{ type: 'Bin' }]);
      assert.deepEqual(view.notification.attributes, ['fill']);
      assert.equal(view.status, 'active');
      assert.equal(view.notification.status, 'ok');
      assert.equal(view.notification.timesSent, 2);
      assert.equal(view.notification.timesFailed, 0);
      assert.match(view.notification.lastSuccess, /^\d{4}-/);
      // Without the context the same subscription shows expanded names.
      const plain = (await (await app.fetch(`${SUBS}/${encodeURIComponent(kv)}`)).json()) as any;
      assert.deepEqual(plain.notification.attributes, [
        'https://smartdatamodels.org/dataModel.WasteManagement/fillingLevel',
      ]);
    });

    test('watchedAttributes and q decide what is notified', async () => {
      await app.fetch(
        '/ngsi-ld/v1/entities',
        post({ id: 'urn:ngsi-ld:Tank:w1', type: 'Tank', level: 0.1, temperature: 12 }),
      );
      const watched = await subscribe({
        entities: [{ type: 'Tank' }],
        watchedAttributes: ['temperature'],
        notification: { endpoint: { uri: `${rx.url}/watched` }, format: 'keyValues' },
      });
      const high = await subscribe({
        entities: [{ type: 'Tank' }],
        q: 'level>0.8',
        notification: { endpoint: { uri: `${rx.url}/q` }, format: 'keyValues' },
      });
      await patchAttrs('urn:ngsi-ld:Tank:w1', { level: 0.5 });
      await app.platform.subscriptions.settled();
      assert.deepEqual(await outboxOf(watched), [], 'level is not watched');
      assert.deepEqual(await outboxOf(high), [], 'level 0.5 fails q');
      await patchAttrs('urn:ngsi-ld:Tank:w1', { level: 0.95 });
      const q = await rx.waitFor((r) => r.path === '/q');
      assert.equal(q.body.data[0].level, 0.95);
      await patchAttrs('urn:ngsi-ld:Tank:w1', { temperature: 30 });
      const w = await rx.waitFor((r) => r.path === '/watched');
      assert.equal(w.body.data[0].temperature, 30);
      await app.platform.subscriptions.settled();
      assert.equal((await outboxOf(watched)).length, 1);
      assert.equal((await outboxOf(high)).length, 2, 'the temperature update still satisfies level>0.8');
    });

    test('a receiver answering 500 twice gets the notification on the third attempt', async () => {
      await app.fetch('/ngsi-ld/v1/entities', post({ id: 'urn:ngsi-ld:Pump:r1', type: 'Pump', speed: 1 }));
      const id = await subscribe({
        entities: [{ type: 'Pump' }],
        notification: { endpoint: { uri: `${rx.url}/flaky` } },
      });
      rx.respondWith([500, 500]);
      const delivered = outcome((e) => e.subscriptionId === id && e.outcome === 'delivered');
      await patchAttrs('urn:ngsi-ld:Pump:r1', { speed: 2 });
      assert.equal((await delivered).attempts, 3);
      assert.equal(rx.received.filter((r) => r.path === '/flaky').length, 3);
      const view = (await (await app.fetch(`${SUBS}/${encodeURIComponent(id)}`)).json()) as any;
      assert.equal(view.notification.timesSent, 3);
      assert.equal(view.notification.timesFailed, 2);
      assert.equal(view.notification.status, 'ok');
      assert.ok(view.notification.lastFailure && view.notification.lastSuccess);
      assert.ok(view.notification.lastSuccess >= view.notification.lastFailure);
      assert.deepEqual(
        (await outboxOf(id)).map((r) => [r.state, r.attempts]),
        [['delivered', 3]],
      );
    });

    test('an unreachable receiver ends failed in the outbox after the last attempt', async () => {
      await app.fetch(
        '/ngsi-ld/v1/entities',
        post({ id: 'urn:ngsi-ld:Valve:u1', type: 'Valve', open: false }),
      );
      const id = await subscribe({
        entities: [{ type: 'Valve' }],
        notification: { endpoint: { uri: `http://127.0.0.1:${await closedPort()}/gone` } },
      });
      const failed = outcome((e) => e.subscriptionId === id && e.outcome === 'failed');
      await patchAttrs('urn:ngsi-ld:Valve:u1', { open: true });
      assert.equal((await failed).attempts, 3);
      const [row] = await outboxOf(id);
      assert.equal(row?.state, 'failed');
      assert.equal(row?.attempts, 3);
      assert.ok(row?.last_error);
      const view = (await (await app.fetch(`${SUBS}/${encodeURIComponent(id)}`)).json()) as any;
      assert.equal(view.notification.status, 'failed');
      assert.equal(view.notification.timesFailed, 3);
    });

    test('tenants never see each other subscriptions or changes', async () => {
      const goyang = await subscribe(
        { entities: [{ type: 'Light' }], notification: { endpoint: { uri: `${rx.url}/goyang` } } },
        {},
        'goyang',
      );
      const hanam = await subscribe({
        entities: [{ type: 'Light' }],
        notification: { endpoint: { uri: `${rx.url}/hanam` } },
      });
      await app.fetch('/ngsi-ld/v1/entities', post({ id: 'urn:ngsi-ld:Light:t1', type: 'Light', on: true }));
      await rx.waitFor((r) => r.path === '/hanam');
      await app.platform.subscriptions.settled();
      assert.deepEqual(await outboxOf(goyang), []);
      assert.equal(
        (await app.fetch(`${SUBS}/${encodeURIComponent(hanam)}`, { tenant: 'goyang' })).status,
        404,
      );
      const list = (await (await app.fetch(SUBS, { tenant: 'goyang' })).json()) as any;
      assert.deepEqual(
        list.map((s: { id: string }) => s.id),
        [goyang],
      );
    });

    test('CRUD: 400 for invalid bodies, 409, 404, 422, list with count, PATCH and DELETE', async () => {
      const endpoint = { uri: `${rx.url}/crud` };
      const bad = async (body: unknown, status: number, detail: RegExp) => {
        const res = await app.fetch(SUBS, post(body));
        assert.equal(res.status, status);
        const p = (await res.json()) as any;
        assert.equal(p.type, `${CORE}${status === 422 ? 'OperationNotSupported' : 'BadRequestData'}`);
        assert.match(p.detail, detail);
      };
      await bad({ type: 'Subscription', entities: [{ type: 'T' }] }, 400, /notification is required/);
      await bad({ type: 'Subscription', notification: { endpoint } }, 400, /entities or watchedAttributes/);
      await bad(
        { type: 'Subscription', entities: [{ type: 'T' }], q: 'x>>', notification: { endpoint } },
        400,
        /^q: /,
      );
      await bad(
        { type: 'Subscription', entities: [{ type: 'T' }], notification: { endpoint: { uri: 'ftp://x/y' } } },
        400,
        /endpoint.uri/,
      );
      await bad(
        {
          type: 'Subscription',
          entities: [{ type: 'T' }],
          expiresAt: '2001-01-01T00:00:00Z',
          notification: { endpoint },
        },
        400,
        /future/,
      );
      await bad(
        { type: 'Subscription', entities: [{ type: 'T' }], timeInterval: 60, notification: { endpoint } },
        422,
        /timeInterval/,
      );

      const id = 'urn:ngsi-ld:Subscription:crud-1';
      await subscribe({ id, entities: [{ type: 'T' }], notification: { endpoint } });
      const dup = await app.fetch(
        SUBS,
        post({ id, type: 'Subscription', entities: [{ type: 'T' }], notification: { endpoint } }),
      );
      assert.equal(dup.status, 409);
      assert.equal((await app.fetch(`${SUBS}/urn:ngsi-ld:Subscription:none`)).status, 404);

      const patched = await app.fetch(
        `${SUBS}/${id}`,
        send('PATCH', { isActive: false, throttling: 30, notification: { format: 'concise' } }),
      );
      assert.equal(patched.status, 204);
      const view = (await (await app.fetch(`${SUBS}/${id}`)).json()) as any;
      assert.equal(view.status, 'paused');
      assert.equal(view.throttling, 30);
      assert.equal(view.notification.format, 'concise');
      assert.equal(view.notification.endpoint.uri, endpoint.uri);
      assert.equal((await app.fetch(`${SUBS}/${id}`, send('PATCH', { throttling: -1 }))).status, 400);

      const page = await app.fetch(`${SUBS}?limit=1&count=true`);
      assert.equal(page.status, 200);
      assert.ok(Number(page.headers.get('ngsild-results-count')) >= 2);
      assert.equal(((await page.json()) as any).length, 1);

      assert.equal((await app.fetch(`${SUBS}/${id}`, { method: 'DELETE' })).status, 204);
      assert.equal((await app.fetch(`${SUBS}/${id}`)).status, 404);
      assert.equal((await app.fetch(`${SUBS}/${id}`, { method: 'DELETE' })).status, 404);
    });

    test('MQTT: the notification is published to the topic of the endpoint as {metadata, body}', async () => {
      const broker = await Aedes.createBroker();
      const server: Server = createServer(broker.handle);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const port = (server.address() as AddressInfo).port;
      const client = await connectAsync(`mqtt://127.0.0.1:${port}`);
      try {
        await client.subscribeAsync('dosi/test/bins', { qos: 1 });
        const message = new Promise<any>((resolve) =>
          client.once('message', (_topic, payload) => resolve(JSON.parse(payload.toString('utf8')))),
        );
        await app.fetch('/ngsi-ld/v1/entities', post({ id: 'urn:ngsi-ld:Silo:m1', type: 'Silo', fill: 0.2 }));
        const id = await subscribe({
          entities: [{ type: 'Silo' }],
          notification: {
            format: 'keyValues',
            endpoint: {
              uri: `mqtt://127.0.0.1:${port}/dosi/test/bins`,
              receiverInfo: [{ key: 'X-Dosi-Test', value: 'mqtt' }],
            },
          },
        });
        await patchAttrs('urn:ngsi-ld:Silo:m1', { fill: 0.7 });
        const m = await message;
        assert.equal(m.metadata['Content-Type'], 'application/json');
        assert.match(m.metadata.Link, /ngsi-ld-core-context/);
        assert.equal(m.metadata['X-Dosi-Test'], 'mqtt');
        assert.equal(m.metadata['NGSILD-Tenant'], 'hanam');
        assert.equal(m.body.type, 'Notification');
        assert.equal(m.body.subscriptionId, id);
        assert.deepEqual(m.body.data, [{ id: 'urn:ngsi-ld:Silo:m1', type: 'Silo', fill: 0.7 }]);
      } finally {
        await client.endAsync();
        await app.platform.subscriptions.stop(); // closes the notifier's broker connection
        app.platform.subscriptions.start();
        await new Promise<void>((resolve) => broker.close(() => resolve()));
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    });
  });
}
