import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { TermMapper } from '../ngsi/terms.ts';
import type { InstanceRow, TemporalResult } from './temporal-model.ts';
import { formatInstanceId, parseInstanceId } from './temporal-model.ts';
import { renderTemporal, type TemporalRenderOptions } from './temporal-render.ts';

const NS = 'https://ex.org/';
const terms: TermMapper = {
  expandTerm: (t) => NS + t,
  compactIri: (i) => (i.startsWith(NS) ? i.slice(NS.length) : i),
};
const opts = (o: Partial<TemporalRenderOptions> = {}): TemporalRenderOptions => ({
  format: 'normalized',
  sysAttrs: false,
  ...o,
});

const row = (
  attr: string,
  n: number,
  value: unknown,
  time: string,
  extra: Partial<InstanceRow> = {},
): InstanceRow => ({
  entityId: 'urn:ngsi-ld:Bin:1',
  attr: NS + attr,
  instanceId: n,
  datasetId: undefined,
  time,
  createdAt: '2026-01-01T05:00:00.000Z',
  modifiedAt: '2026-01-01T06:00:00.000Z',
  instance: { type: 'Property', value, observedAt: time, createdAt: 'x', modifiedAt: 'y' },
  ...extra,
});

const result: TemporalResult = {
  kind: 'instances',
  heads: [
    { id: 'urn:ngsi-ld:Bin:1', types: [NS + 'Bin'] },
    { id: 'urn:ngsi-ld:Bin:2', types: [NS + 'Bin'] },
  ],
  rows: [
    row('fill', 1, 0.5, '2026-01-01T00:00:00.000Z'),
    row('fill', 2, 0.75, '2026-01-01T01:00:00.000Z'),
    row('owner', 3, undefined, '2026-01-01T00:00:00.000Z', {
      instance: { type: 'Relationship', object: 'urn:x:o', observedAt: '2026-01-01T00:00:00.000Z' },
    }),
  ],
};

describe('renderTemporal', () => {
  test('normalized: arrays of instances with instanceId; sysAttrs from the history rows', () => {
    const [e1, e2] = renderTemporal(result, terms, opts({ sysAttrs: true }));
    assert.deepEqual(e1, {
      id: 'urn:ngsi-ld:Bin:1',
      type: 'Bin',
      fill: [
        {
          type: 'Property',
          value: 0.5,
          observedAt: '2026-01-01T00:00:00.000Z',
          instanceId: 'urn:ngsi-ld:attribute:instance:1',
          createdAt: '2026-01-01T05:00:00.000Z',
          modifiedAt: '2026-01-01T06:00:00.000Z',
        },
        {
          type: 'Property',
          value: 0.75,
          observedAt: '2026-01-01T01:00:00.000Z',
          instanceId: 'urn:ngsi-ld:attribute:instance:2',
          createdAt: '2026-01-01T05:00:00.000Z',
          modifiedAt: '2026-01-01T06:00:00.000Z',
        },
      ],
      owner: [
        {
          type: 'Relationship',
          object: 'urn:x:o',
          observedAt: '2026-01-01T00:00:00.000Z',
          instanceId: 'urn:ngsi-ld:attribute:instance:3',
          createdAt: '2026-01-01T05:00:00.000Z',
          modifiedAt: '2026-01-01T06:00:00.000Z',
        },
      ],
    });
    assert.deepEqual(e2, { id: 'urn:ngsi-ld:Bin:2', type: 'Bin' });
  });

  test('temporalValues: [value, time] pairs, objects for relationships; pick and omit apply', () => {
    const [e1] = renderTemporal(
      result,
      terms,
      opts({ format: 'temporalValues', drop: new Set([NS + 'owner']) }),
    );
    assert.deepEqual(e1, {
      id: 'urn:ngsi-ld:Bin:1',
      type: 'Bin',
      fill: {
        type: 'Property',
        values: [
          [0.5, '2026-01-01T00:00:00.000Z'],
          [0.75, '2026-01-01T01:00:00.000Z'],
        ],
      },
    });
    const [picked] = renderTemporal(
      result,
      terms,
      opts({ format: 'temporalValues', keep: new Set([NS + 'owner']), keepType: false }),
    );
    assert.deepEqual(picked, {
      id: 'urn:ngsi-ld:Bin:1',
      owner: { type: 'Relationship', objects: [['urn:x:o', '2026-01-01T00:00:00.000Z']] },
    });
  });

  test('temporalValues with several datasetIds gives one object per dataset', () => {
    const r: TemporalResult = {
      kind: 'instances',
      heads: [{ id: 'urn:ngsi-ld:Bin:1', types: [NS + 'Bin'] }],
      rows: [row('t', 1, 1, 'T1'), row('t', 2, 2, 'T2', { datasetId: 'urn:ds:b' })],
    };
    r.rows[1]!.instance.datasetId = 'urn:ds:b';
    const [e] = renderTemporal(r, terms, opts({ format: 'temporalValues' }));
    assert.deepEqual(e!.t, [
      { type: 'Property', values: [[1, 'T1']] },
      { type: 'Property', datasetId: 'urn:ds:b', values: [[2, 'T2']] },
    ]);
  });

  test('concise instances drop the type', () => {
    const [e1] = renderTemporal(result, terms, opts({ format: 'concise' }));
    assert.deepEqual(e1!.fill, [
      { value: 0.5, observedAt: '2026-01-01T00:00:00.000Z', instanceId: 'urn:ngsi-ld:attribute:instance:1' },
      { value: 0.75, observedAt: '2026-01-01T01:00:00.000Z', instanceId: 'urn:ngsi-ld:attribute:instance:2' },
    ]);
  });

  test('aggregated: [value, startAt, endAt] per method', () => {
    const r: TemporalResult = {
      kind: 'aggregated',
      heads: [{ id: 'urn:ngsi-ld:Bin:1', types: [NS + 'Bin'] }],
      methods: ['sum', 'max'],
      buckets: [
        { startAt: 'A', endAt: 'B' },
        { startAt: 'B', endAt: 'C' },
      ],
      rows: [
        {
          entityId: 'urn:ngsi-ld:Bin:1',
          attr: NS + 'fill',
          datasetId: undefined,
          type: 'Property',
          bucket: 0,
          values: { sum: 3, max: 2 },
        },
        {
          entityId: 'urn:ngsi-ld:Bin:1',
          attr: NS + 'fill',
          datasetId: undefined,
          type: 'Property',
          bucket: 1,
          values: { sum: 5, max: null },
        },
      ],
    };
    assert.deepEqual(renderTemporal(r, terms, opts({ format: 'aggregatedValues' })), [
      {
        id: 'urn:ngsi-ld:Bin:1',
        type: 'Bin',
        fill: {
          type: 'Property',
          sum: [
            [3, 'A', 'B'],
            [5, 'B', 'C'],
          ],
          max: [
            [2, 'A', 'B'],
            [null, 'B', 'C'],
          ],
        },
      },
    ]);
  });

  test('instance ids round-trip and foreign ones are refused', () => {
    assert.equal(formatInstanceId(42), 'urn:ngsi-ld:attribute:instance:42');
    assert.equal(parseInstanceId('urn:ngsi-ld:attribute:instance:42'), 42);
    assert.equal(parseInstanceId('urn:ngsi-ld:attribute:instance:0'), undefined);
    assert.equal(parseInstanceId('urn:ngsi-ld:attribute:instance:4x'), undefined);
    assert.equal(parseInstanceId('urn:other:42'), undefined);
  });
});
