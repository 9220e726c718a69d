import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DosiError } from '../../kernel/index.ts';
import type { TermMapper } from '../ngsi/terms.ts';
import { modifyInstance, temporalInstances } from './temporal-input.ts';

const NS = 'https://ex.org/';
const terms: TermMapper = { expandTerm: (t) => NS + t, compactIri: (i) => i.slice(NS.length) };
const NOW = '2026-02-01T00:00:00.000Z';

describe('temporalInstances (§4.5.9 input)', () => {
  test('every instance of every attribute, validated and expanded', () => {
    const items = temporalInstances(
      {
        id: 'urn:x:1',
        type: 'T',
        speed: [
          { type: 'Property', value: 10, observedAt: '2026-01-01T00:00:00Z' },
          { type: 'Property', value: 12, observedAt: '2026-01-01T01:00:00+01:00' },
        ],
        owner: { type: 'Relationship', object: 'urn:x:o', observedAt: '2026-01-01T00:00:00Z' },
      },
      terms,
      NOW,
    );
    assert.deepEqual(
      items.map((i) => [i.attr, i.instance.value ?? i.instance.object, i.instance.observedAt]),
      [
        [NS + 'speed', 10, '2026-01-01T00:00:00.000Z'],
        [NS + 'speed', 12, '2026-01-01T00:00:00.000Z'],
        [NS + 'owner', 'urn:x:o', '2026-01-01T00:00:00.000Z'],
      ],
    );
  });

  test('bad bodies are BadRequestData', () => {
    const bad = (body: unknown, re: RegExp) =>
      assert.throws(
        () => temporalInstances(body, terms, NOW),
        (e: unknown) => e instanceof DosiError && e.status === 400 && re.test(e.message),
      );
    bad([], /must be a JSON object/);
    bad({ id: 'urn:x:1', type: 'T' }, /no attribute instance/);
    bad({ speed: [] }, /speed has no instances/);
    bad({ speed: [5] }, /each instance of speed must be a JSON object/);
    bad({ speed: [{ type: 'Property', value: 1, observedAt: 'soon' }] }, /observedAt of speed/);
  });
});

describe('modifyInstance (§5.6.14)', () => {
  test('members sent replace the stored ones; observedAt, datasetId and createdAt stay', () => {
    const old = {
      type: 'Property' as const,
      value: 1,
      unitCode: 'C62',
      observedAt: 'T0',
      datasetId: 'urn:ds:1',
      createdAt: 'C',
      modifiedAt: 'M',
    };
    assert.deepEqual(
      modifyInstance(old, { type: 'Property', value: 2, createdAt: NOW, modifiedAt: NOW }, NOW),
      { ...old, value: 2, modifiedAt: NOW },
    );
    assert.deepEqual(
      modifyInstance(old, { type: 'Relationship', object: 'urn:x:1', observedAt: 'T1' }, NOW),
      {
        type: 'Relationship',
        object: 'urn:x:1',
        observedAt: 'T1',
        datasetId: 'urn:ds:1',
        createdAt: 'C',
        modifiedAt: NOW,
      },
    );
  });
});
