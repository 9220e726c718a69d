import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fromChange, fromDeviceState, fromReading } from './observations.ts';

const BASE = 'https://uri.etsi.org/ngsi-ld/default-context/';
const terms = {
  expandTerm: (t: string) => BASE + t,
  compactIri: (i: string) => (i.startsWith(BASE) ? i.slice(BASE.length) : i),
};

describe('bus events → observations', () => {
  it('a reading gives one observation per value, at its observedAt', () => {
    const obs = fromReading({
      tenant: 'hanam',
      deviceId: 'd1',
      entityId: 'urn:ngsi-ld:Bin:1',
      entityType: 'Bin',
      values: [
        { attr: 'fill', value: 80, observedAt: '2026-03-02T00:00:00.000Z' },
        { attr: 'temp', value: 12, observedAt: '2026-03-02T00:00:01.000Z' },
      ],
      receivedAt: '2026-03-02T00:00:02.000Z',
      storedAt: '2026-03-02T00:00:02.000Z',
      transport: 'http',
    });
    assert.deepEqual(
      obs.map((o) => [
        o.tenant,
        o.entityType,
        o.obs.kind === 'value' && o.obs.attr,
        o.obs.kind === 'value' && o.obs.at,
      ]),
      [
        ['hanam', 'Bin', 'fill', '2026-03-02T00:00:00.000Z'],
        ['hanam', 'Bin', 'temp', '2026-03-02T00:00:01.000Z'],
      ],
    );
  });

  it('an entity change compacts type and attribute names and takes the default instance', () => {
    const obs = fromChange(
      {
        tenant: 'hanam',
        kind: 'update',
        attrs: [`${BASE}location`, `${BASE}owner`, `${BASE}gone`],
        at: '2026-03-02T00:00:05.000Z',
        after: {
          id: 'urn:ngsi-ld:Person:1',
          types: [`${BASE}Person`],
          attrs: {
            [`${BASE}location`]: [
              { type: 'GeoProperty', value: { type: 'Point', coordinates: [1, 2] }, datasetId: 'urn:x' },
              { type: 'GeoProperty', value: { type: 'Point', coordinates: [127, 37] } },
            ],
            [`${BASE}owner`]: [
              { type: 'Relationship', object: 'urn:ngsi-ld:Person:2', observedAt: '2026-03-01T00:00:00Z' },
            ],
          },
        },
      },
      terms,
    );
    assert.deepEqual(
      obs.map((o) => (o.obs.kind === 'value' ? [o.entityType, o.obs.attr, o.obs.value, o.obs.at] : [])),
      [
        ['Person', 'location', { type: 'Point', coordinates: [127, 37] }, '2026-03-02T00:00:05.000Z'],
        ['Person', 'owner', 'urn:ngsi-ld:Person:2', '2026-03-01T00:00:00Z'],
      ],
    );
    assert.deepEqual(fromChange({ tenant: 'hanam', kind: 'delete', attrs: [], at: '' }, terms), []);
  });

  it('a device state carries the entity type looked up for it; malformed events give nothing', () => {
    const o = fromDeviceState(
      {
        tenant: 'hanam',
        deviceId: 'd1',
        entityId: 'urn:e',
        state: 'offline',
        lastSeenAt: null,
        at: '2026-03-02T00:00:00Z',
      },
      'Bin',
    );
    assert.deepEqual(o, {
      tenant: 'hanam',
      entityType: 'Bin',
      obs: {
        kind: 'device',
        entityId: 'urn:e',
        entityType: 'Bin',
        state: 'offline',
        at: '2026-03-02T00:00:00Z',
      },
    });
    assert.equal(fromDeviceState({ tenant: 'hanam', state: 'weird' } as never, undefined), undefined);
    assert.deepEqual(fromReading({} as never), []);
  });
});
