import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildNotification, NGSI_LD_NULL, type NotificationInput } from './notification.ts';
import { NOW, NS, TERMS, bin, sub } from './test-support.ts';

const CTX = 'https://example.org/ctx.jsonld';
const base = (s: ReturnType<typeof sub>, change: NotificationInput['change']): NotificationInput => ({
  sub: s,
  change,
  tenant: 'hanam',
  terms: TERMS,
  context: [CTX],
  linkUrl: CTX,
  id: 'urn:ngsi-ld:Notification:n1',
  now: NOW,
});
const upd = {
  kind: 'update' as const,
  before: bin(0.5),
  after: bin(0.9),
  attrs: [`${NS}fillingLevel`],
  at: NOW,
};

describe('buildNotification', () => {
  test('normalized, compacted, restricted to notification.attributes, JSON with a Link header', () => {
    const s = sub({
      entities: [{ type: 'WasteContainer' }],
      notification: {
        endpoint: { uri: 'http://r/n', receiverInfo: [{ key: 'X-Auth', value: 'k' }] },
        attributes: ['fillingLevel'],
      },
    });
    const { payload, delivery } = buildNotification(base(s, upd));
    assert.deepEqual(payload, {
      id: 'urn:ngsi-ld:Notification:n1',
      type: 'Notification',
      subscriptionId: 'urn:ngsi-ld:Subscription:s1',
      notifiedAt: NOW,
      data: [
        {
          id: 'urn:ngsi-ld:WasteContainer:1',
          type: 'WasteContainer',
          fillingLevel: { type: 'Property', value: 0.9 },
        },
      ],
    });
    assert.deepEqual(delivery.headers, {
      'X-Auth': 'k',
      'Content-Type': 'application/json',
      Link: `<${CTX}>; rel="http://www.w3.org/ns/json-ld#context"; type="application/ld+json"`,
      'NGSILD-Tenant': 'hanam',
    });
  });

  test('keyValues in JSON-LD carries @context in the notification and each entity', () => {
    const s = sub({
      entities: [{ type: 'WasteContainer' }],
      notification: { endpoint: { uri: 'http://r/n', accept: 'application/ld+json' }, format: 'keyValues' },
    });
    const { payload, delivery } = buildNotification(base(s, upd));
    assert.deepEqual(payload['@context'], [CTX]);
    assert.deepEqual(payload.data[0], {
      id: 'urn:ngsi-ld:WasteContainer:1',
      type: 'WasteContainer',
      fillingLevel: 0.9,
      status: 'full',
      location: { type: 'Point', coordinates: [127.2, 37.5] },
      '@context': [CTX],
    });
    assert.equal(delivery.headers.Link, undefined);
    assert.equal(delivery.headers['Content-Type'], 'application/ld+json');
  });

  test('showChanges adds the previous value; deleted attributes carry the NGSI-LD Null', () => {
    const after = bin(0.9);
    delete after.attrs[`${NS}status`];
    const s = sub({
      entities: [{ type: 'WasteContainer' }],
      notification: { endpoint: { uri: 'http://r/n' }, showChanges: true },
    });
    const { payload } = buildNotification(
      base(s, { ...upd, after, attrs: [`${NS}fillingLevel`, `${NS}status`] }),
    );
    const e = payload.data[0] as Record<string, any>;
    assert.deepEqual(e.fillingLevel, { type: 'Property', value: 0.9, previousValue: 0.5 });
    assert.deepEqual(e.status, {
      type: 'Property',
      value: NGSI_LD_NULL,
      deletedAt: NOW,
      previousValue: 'ok',
    });
  });

  test('a deleted entity is its id, type and deletion time', () => {
    const s = sub({ entities: [{ type: 'WasteContainer' }], notificationTrigger: ['entityDeleted'] });
    const { payload } = buildNotification(
      base(s, { kind: 'delete', before: bin(0.5), after: undefined, attrs: [], at: NOW }),
    );
    assert.deepEqual(payload.data, [
      { id: 'urn:ngsi-ld:WasteContainer:1', type: 'WasteContainer', deletedAt: NOW },
    ]);
  });
});
