// The target index must hand an observation exactly the rules a scan of every rule would pick
// (target matches and the observation can change the rule), in the rules' order.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { buildRuleIndex, relevant, type IndexedObservation } from './rule-index.ts';
import { matchesTarget } from './target.ts';
import { rule } from './test-support.ts';
import type { Condition, Rule, RuleTarget } from './types.ts';

const ids = ['urn:ngsi-ld:Bin:1', 'urn:ngsi-ld:Bin:2', 'urn:ngsi-ld:Room:1', 'urn:ngsi-ld:Room:22'];
const types = ['Bin', 'Room'];
const attrs = ['fill', 'temperature', 'motion'];

const threshold = (attr: string): Condition => ({ type: 'threshold', attr, op: '>', value: 1 });
const conditions: Condition[] = [
  threshold('fill'),
  threshold('temperature'),
  { type: 'inactivity', windows: [{ start: '08:00', end: '20:00' }], forSec: 60 },
  { type: 'inactivity', attr: 'motion', windows: [{ start: '08:00', end: '20:00' }], forSec: 60 },
  { type: 'deviceOffline' },
  { type: 'any', conditions: [threshold('fill'), threshold('temperature')] },
  {
    type: 'all',
    conditions: [
      threshold('motion'),
      { type: 'inactivity', windows: [{ start: '00:00', end: '12:00' }], forSec: 60 },
    ],
  },
  { type: 'geofence', trigger: 'exit', area: { type: 'Circle', center: [127, 37], radiusM: 10 } },
];

const target: fc.Arbitrary<RuleTarget> = fc
  .record(
    {
      entityType: fc.constantFrom(...types),
      entityIds: fc.uniqueArray(fc.constantFrom(...ids), { minLength: 1, maxLength: 3 }),
      idPattern: fc.constantFrom('urn:ngsi-ld:Room:.*', '.*:1', 'urn:ngsi-ld:Bin:[0-9]'),
    },
    { requiredKeys: [] },
  )
  .filter((t) => Object.keys(t).length > 0);

const observation: fc.Arbitrary<IndexedObservation> = fc.oneof(
  fc.record({
    kind: fc.constant('value' as const),
    entityId: fc.constantFrom(...ids),
    entityType: fc.constantFrom(...types),
    attr: fc.constantFrom(...attrs, 'location'),
    value: fc.constant(5),
    at: fc.constant('2026-01-01T00:00:00.000Z'),
  }),
  fc.record({
    kind: fc.constant('device' as const),
    entityId: fc.constantFrom(...ids),
    state: fc.constantFrom('online' as const, 'offline' as const),
    at: fc.constant('2026-01-01T00:00:00.000Z'),
  }),
  fc.record({
    kind: fc.constant('seen' as const),
    entityId: fc.constantFrom(...ids),
    at: fc.constant('2026-01-01T00:00:00.000Z'),
  }),
);

const rulesArb = fc
  .array(fc.tuple(target, fc.constantFrom(...conditions)), { maxLength: 25 })
  .map((list) =>
    list.map(([t, c], i) => rule(c, { id: `urn:dosi:rule:${String(i).padStart(3, '0')}`, target: t })),
  );

const scan = (rules: Rule[], obs: IndexedObservation, type: string | undefined) =>
  rules.filter((r) => matchesTarget(r.target, obs.entityId, type) && relevant(r, obs));

describe('rule index', () => {
  it('gives every observation exactly the rules a full scan picks, in order', () => {
    fc.assert(
      fc.property(
        rulesArb,
        observation,
        fc.option(fc.constantFrom(...types), { nil: undefined }),
        (rules, obs, type) => {
          const got = buildRuleIndex(rules).candidates(obs, type);
          assert.deepEqual(
            got.map((r) => r.id),
            scan(rules, obs, type).map((r) => r.id),
          );
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('a rule on ids, a type or an attribute gets only the matching observations', () => {
    const byId = rule(threshold('fill'), { id: 'r:id', target: { entityIds: [ids[0]!] } });
    const byType = rule(threshold('temperature'), { id: 'r:type', target: { entityType: 'Room' } });
    const both = rule(threshold('fill'), { id: 'r:both', target: { entityType: 'Bin', idPattern: '.*:2' } });
    const idx = buildRuleIndex([byId, byType, both]);
    const value = (entityId: string, attr: string): IndexedObservation => ({
      kind: 'value',
      entityId,
      entityType: '',
      attr,
      value: 1,
      at: '2026-01-01T00:00:00.000Z',
    });
    const names = (obs: IndexedObservation, type?: string) => idx.candidates(obs, type).map((r) => r.id);
    assert.deepEqual(names(value(ids[0]!, 'fill'), 'Bin'), ['r:id']);
    assert.deepEqual(names(value(ids[0]!, 'temperature'), 'Bin'), []);
    assert.deepEqual(names(value(ids[1]!, 'fill'), 'Bin'), ['r:both']);
    assert.deepEqual(names(value(ids[1]!, 'fill'), 'Room'), []);
    assert.deepEqual(names(value(ids[2]!, 'temperature'), 'Room'), ['r:type']);
    assert.deepEqual(names(value(ids[2]!, 'temperature')), []);
    assert.deepEqual(names({ kind: 'seen', entityId: ids[2]!, at: '2026-01-01T00:00:00.000Z' }, 'Room'), []);
    assert.equal(idx.byId.get('r:type'), byType);
  });
});
