import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DosiError } from '../../../kernel/index.ts';
import { applyFragment, validateSubscription } from './validate.ts';
import { NOW, NS, TERMS, sub } from './test-support.ts';

const input = {
  terms: TERMS,
  now: NOW,
  context: undefined,
  newId: () => 'urn:ngsi-ld:Subscription:generated',
};
const endpoint = { uri: 'http://127.0.0.1:9/n' };

function rejects(body: unknown, detail: RegExp, status = 400): void {
  assert.throws(
    () => validateSubscription(body, input),
    (err: unknown) => err instanceof DosiError && err.status === status && detail.test(err.message),
  );
}

describe('validateSubscription', () => {
  test('fills defaults, generates the id and expands names', () => {
    const s = validateSubscription(
      {
        type: 'Subscription',
        entities: [{ type: 'WasteContainer|Bin' }],
        watchedAttributes: ['fillingLevel'],
        notification: { endpoint, attributes: ['status'] },
      },
      input,
    );
    assert.equal(s.id, 'urn:ngsi-ld:Subscription:generated');
    assert.deepEqual(s.notificationTrigger, ['attributeCreated', 'attributeUpdated']);
    assert.equal(s.isActive, true);
    assert.deepEqual(s.entities, [
      {
        type: {
          kind: 'or',
          items: [
            { kind: 'type', name: `${NS}WasteContainer` },
            { kind: 'type', name: `${NS}Bin` },
          ],
        },
      },
    ]);
    assert.deepEqual(s.watchedAttributes, [`${NS}fillingLevel`]);
    assert.deepEqual(s.notification, {
      format: 'normalized',
      showChanges: false,
      sysAttrs: false,
      endpoint: { uri: endpoint.uri, accept: 'application/json' },
      attributes: [`${NS}status`],
    });
    assert.equal(s.createdAt, NOW);
  });

  test('keeps geoQ with the geoproperty expanded and parsed coordinates', () => {
    const s = sub({
      entities: [{ type: 'T' }],
      geoQ: {
        georel: 'near;maxDistance==100',
        geometry: 'Point',
        coordinates: '[127.2,37.5]',
        geoproperty: 'position',
      },
    });
    assert.deepEqual(s.geoQ, {
      georel: 'near;maxDistance==100',
      geometry: 'Point',
      coordinates: [127.2, 37.5],
      geoproperty: `${NS}position`,
    });
  });

  test('rejects invalid bodies with the member at fault', () => {
    rejects([], /JSON object/);
    rejects(
      { type: 'Sub', entities: [{ type: 'T' }], notification: { endpoint } },
      /type must be "Subscription"/,
    );
    rejects(
      { type: 'Subscription', id: 'not a uri', entities: [{ type: 'T' }], notification: { endpoint } },
      /subscription id must be a URI/,
    );
    rejects({ type: 'Subscription', entities: [{ type: 'T' }] }, /notification is required/);
    rejects(
      { type: 'Subscription', entities: [{ type: 'T' }], notification: {} },
      /notification.endpoint is required/,
    );
    rejects(
      { type: 'Subscription', entities: [{ type: 'T' }], notification: { endpoint: { uri: 'ftp://x/y' } } },
      /http:\/\/, https:\/\/, mqtt/,
    );
    rejects(
      {
        type: 'Subscription',
        entities: [{ type: 'T' }],
        notification: { endpoint: { uri: 'mqtt://broker:1883' } },
      },
      /no topic/,
    );
    rejects(
      {
        type: 'Subscription',
        entities: [{ type: 'T' }],
        notification: { endpoint: { uri: 'mqtt://broker/a/#' } },
      },
      /wildcards/,
    );
    rejects(
      {
        type: 'Subscription',
        entities: [{ type: 'T' }],
        notification: { endpoint: { ...endpoint, accept: 'text/plain' } },
      },
      /accept/,
    );
    rejects(
      {
        type: 'Subscription',
        entities: [{ type: 'T' }],
        notification: { endpoint: { ...endpoint, receiverInfo: [{ key: 'bad header', value: 'x' }] } },
      },
      /header name/,
    );
    rejects(
      {
        type: 'Subscription',
        entities: [{ type: 'T' }],
        notification: { endpoint: { ...endpoint, notifierInfo: [{ key: 'MQTT-QoS', value: '3' }] } },
      },
      /MQTT-QoS/,
    );
    rejects(
      { type: 'Subscription', entities: [{ type: 'T' }], notification: { endpoint, format: 'xml' } },
      /notification.format/,
    );
    rejects({ type: 'Subscription', notification: { endpoint } }, /entities or watchedAttributes/);
    rejects(
      { type: 'Subscription', entities: [{ id: 'urn:x:1' }], notification: { endpoint } },
      /entities\[0\].type is required/,
    );
    rejects(
      { type: 'Subscription', entities: [{ type: 'T', idPattern: '(' }], notification: { endpoint } },
      /idPattern/,
    );
    rejects(
      { type: 'Subscription', entities: [{ type: 'T' }], q: 'a>>1', notification: { endpoint } },
      /^q: /,
    );
    rejects(
      {
        type: 'Subscription',
        entities: [{ type: 'T' }],
        geoQ: { georel: 'near;maxDistance==10', geometry: 'Polygon', coordinates: [] },
        notification: { endpoint },
      },
      /geoQ/,
    );
    rejects(
      {
        type: 'Subscription',
        entities: [{ type: 'T' }],
        expiresAt: '2020-01-01T00:00:00Z',
        notification: { endpoint },
      },
      /not in the future/,
    );
    rejects(
      { type: 'Subscription', entities: [{ type: 'T' }], throttling: -1, notification: { endpoint } },
      /throttling/,
    );
    rejects(
      {
        type: 'Subscription',
        entities: [{ type: 'T' }],
        notificationTrigger: ['entityChanged'],
        notification: { endpoint },
      },
      /unknown trigger/,
    );
    rejects(
      { type: 'Subscription', watchedAttributes: [], notification: { endpoint } },
      /watchedAttributes must be a non-empty array/,
    );
    rejects(
      { type: 'Subscription', entities: [{ type: 'T' }], scopeQ: 'nope', notification: { endpoint } },
      /scopeQ/,
    );
  });

  test('periodic notifications and geo+json answer OperationNotSupported (422)', () => {
    rejects(
      { type: 'Subscription', entities: [{ type: 'T' }], timeInterval: 10, notification: { endpoint } },
      /timeInterval/,
      422,
    );
    rejects(
      {
        type: 'Subscription',
        entities: [{ type: 'T' }],
        notification: { endpoint: { ...endpoint, accept: 'application/geo+json' } },
      },
      /geo\+json/,
      422,
    );
  });
});

describe('applyFragment', () => {
  const base = sub({
    entities: [{ type: 'T' }],
    q: 'a>1',
    throttling: 5,
    notification: { endpoint, format: 'keyValues' },
  });
  const later = { ...input, now: '2026-05-02T00:00:00.000Z' };

  test('replaces the members given, removes those set to null, merges notification', () => {
    const s = applyFragment(
      base,
      { q: null, watchedAttributes: ['b'], isActive: false, notification: { attributes: ['c'] } },
      later,
    );
    assert.equal(s.q, undefined);
    assert.deepEqual(s.watchedAttributes, [`${NS}b`]);
    assert.equal(s.isActive, false);
    assert.equal(s.throttling, 5);
    assert.deepEqual(s.notification.attributes, [`${NS}c`]);
    assert.equal(s.notification.format, 'keyValues');
    assert.deepEqual(s.notification.endpoint, base.notification.endpoint);
    assert.equal(s.createdAt, NOW);
    assert.equal(s.modifiedAt, later.now);
  });

  test('refuses a different id and a fragment that leaves nothing to select', () => {
    assert.throws(
      () => applyFragment(base, { id: 'urn:ngsi-ld:Subscription:other' }, later),
      /cannot be changed/,
    );
    assert.throws(() => applyFragment(base, { entities: null }, later), /entities or watchedAttributes/);
  });
});
