import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { changeTriggers, matches } from './match.ts';
import { NOW, NS, TERMS, bin, sub } from './test-support.ts';
import type { Change } from './types.ts';

const ctx = { now: NOW, expand: (t: string) => TERMS.expandTerm(t) };
const FILL = `${NS}fillingLevel`;
const STATUS = `${NS}status`;
const update = (before: number, after: number, attrs = [FILL]): Change => ({
  kind: 'update',
  before: bin(before),
  after: bin(after),
  attrs,
  at: NOW,
});
const create: Change = {
  kind: 'create',
  before: undefined,
  after: bin(0.5),
  attrs: [FILL, STATUS, `${NS}location`],
  at: NOW,
};
const del: Change = {
  kind: 'delete',
  before: bin(0.5),
  after: undefined,
  attrs: [FILL, STATUS, `${NS}location`],
  at: NOW,
};

describe('changeTriggers', () => {
  test('create raises entityCreated and attributeCreated; delete entityDeleted', () => {
    assert.deepEqual([...changeTriggers(create).keys()].sort(), ['attributeCreated', 'entityCreated']);
    assert.deepEqual([...changeTriggers(del).keys()], ['entityDeleted']);
  });

  test('update tells created, updated and deleted attributes apart', () => {
    const after = bin(0.9);
    delete after.attrs[STATUS];
    after.attrs[`${NS}temperature`] = [{ type: 'Property', value: 3 }];
    after.attrs[FILL]?.push({ type: 'Property', value: 1, datasetId: 'urn:ds:2' });
    const t = changeTriggers({
      kind: 'update',
      before: bin(0.5),
      after,
      attrs: [FILL, STATUS, `${NS}temperature`],
      at: NOW,
    });
    assert.deepEqual([...(t.get('attributeCreated') ?? [])].sort(), [FILL, `${NS}temperature`]);
    assert.deepEqual([...(t.get('attributeUpdated') ?? [])], [FILL]);
    assert.deepEqual([...(t.get('attributeDeleted') ?? [])], [STATUS]);
    assert.equal(t.get('entityUpdated')?.size, 3);
  });
});

describe('matches', () => {
  test('entity selector: type, id and idPattern', () => {
    assert.equal(matches(sub({ entities: [{ type: 'WasteContainer' }] }), {}, update(0.1, 0.2), ctx), true);
    assert.equal(matches(sub({ entities: [{ type: 'Bin' }] }), {}, update(0.1, 0.2), ctx), false);
    assert.equal(
      matches(
        sub({ entities: [{ type: 'Bin|WasteContainer', idPattern: ':1$' }] }),
        {},
        update(0.1, 0.2),
        ctx,
      ),
      true,
    );
    assert.equal(
      matches(
        sub({ entities: [{ type: 'WasteContainer', id: 'urn:ngsi-ld:WasteContainer:2' }] }),
        {},
        update(0.1, 0.2),
        ctx,
      ),
      false,
    );
  });

  test('watchedAttributes must meet the attributes written', () => {
    const s = sub({ entities: [{ type: 'WasteContainer' }], watchedAttributes: ['status'] });
    assert.equal(matches(s, {}, update(0.1, 0.2), ctx), false);
    assert.equal(matches(s, {}, update(0.1, 0.9, [FILL, STATUS]), ctx), true);
    assert.equal(matches(sub({ watchedAttributes: ['fillingLevel'] }), {}, update(0.1, 0.2), ctx), true);
  });

  test('notificationTrigger: the default ignores deletions; entityDeleted hears them', () => {
    assert.equal(matches(sub({ entities: [{ type: 'WasteContainer' }] }), {}, del, ctx), false);
    assert.equal(matches(sub({ entities: [{ type: 'WasteContainer' }] }), {}, create, ctx), true);
    assert.equal(
      matches(
        sub({ entities: [{ type: 'WasteContainer' }], notificationTrigger: ['entityDeleted'] }),
        {},
        del,
        ctx,
      ),
      true,
    );
    assert.equal(
      matches(
        sub({ entities: [{ type: 'WasteContainer' }], notificationTrigger: ['entityCreated'] }),
        {},
        update(0.1, 0.2),
        ctx,
      ),
      false,
    );
  });

  test('q is evaluated on the entity after the change (before it, for a deletion)', () => {
    const s = sub({
      entities: [{ type: 'WasteContainer' }],
      q: 'fillingLevel>0.8',
      notificationTrigger: ['attributeUpdated', 'entityDeleted'],
    });
    assert.equal(matches(s, {}, update(0.1, 0.9), ctx), true);
    assert.equal(matches(s, {}, update(0.9, 0.5), ctx), false);
    assert.equal(matches(s, {}, del, ctx), false);
  });

  test('geoQ and scopeQ', () => {
    const near = { georel: 'near;maxDistance==1000', geometry: 'Point', coordinates: [127.201, 37.501] };
    assert.equal(
      matches(sub({ entities: [{ type: 'WasteContainer' }], geoQ: near }), {}, update(0.1, 0.2), ctx),
      true,
    );
    assert.equal(
      matches(
        sub({ entities: [{ type: 'WasteContainer' }], geoQ: { ...near, coordinates: [127.3, 37.5] } }),
        {},
        update(0.1, 0.2),
        ctx,
      ),
      false,
    );
    const scoped: Change = { ...update(0.1, 0.2), after: bin(0.2, { scope: ['/Hanam/Misa'] }) };
    assert.equal(
      matches(sub({ entities: [{ type: 'WasteContainer' }], scopeQ: '/Hanam/#' }), {}, scoped, ctx),
      true,
    );
    assert.equal(
      matches(sub({ entities: [{ type: 'WasteContainer' }], scopeQ: '/Goyang' }), {}, scoped, ctx),
      false,
    );
  });

  test('isActive, expiresAt and throttling', () => {
    const s = sub({
      entities: [{ type: 'WasteContainer' }],
      throttling: 10,
      expiresAt: '2026-06-01T00:00:00Z',
    });
    assert.equal(matches({ ...s, isActive: false }, {}, update(0.1, 0.2), ctx), false);
    assert.equal(matches(s, {}, update(0.1, 0.2), { ...ctx, now: '2026-06-02T00:00:00Z' }), false);
    assert.equal(matches(s, { lastTriggered: '2026-04-30T23:59:55Z' }, update(0.1, 0.2), ctx), false);
    assert.equal(matches(s, { lastTriggered: '2026-04-30T23:59:50Z' }, update(0.1, 0.2), ctx), true);
  });
});
