import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DosiError } from '../../kernel/index.ts';
import { validateRule, type KnownAttributes } from './validate.ts';

const known: KnownAttributes = {
  tenant: 'hanam',
  attrs: new Map([
    ['temperature', 'number'],
    ['motion', 'boolean'],
    ['location', 'point'],
    ['status', 'string'],
  ]),
};

const base = {
  name: '고온 / high temperature',
  severity: 'major',
  category: 'environment',
  target: { entityType: 'Sensor' },
  condition: { type: 'threshold', attr: 'temperature', op: '>', value: 30 },
};

function code(body: unknown, k: KnownAttributes | null = known): string {
  try {
    validateRule(body, k ?? undefined);
  } catch (e) {
    assert.ok(e instanceof DosiError, String(e));
    return e.code;
  }
  return 'OK';
}

const ring = (pts: number[][]) => ({
  type: 'geofence',
  trigger: 'exit',
  area: { type: 'Polygon', coordinates: [pts] },
});

describe('validateRule', () => {
  it('accepts a valid rule and keeps only known members', () => {
    const r = validateRule({ ...base, extra: 1 }, known);
    assert.deepEqual(r, {
      ...base,
      condition: { type: 'threshold', attr: 'temperature', op: '>', value: 30 },
    });
  });

  it('refuses unknown condition types, also nested', () => {
    assert.equal(code({ ...base, condition: { type: 'magic' } }), 'DOSI_ERR_RULE_UNKNOWN_TYPE');
    assert.equal(
      code({ ...base, condition: { type: 'all', conditions: [base.condition, { type: 'nope' }] } }),
      'DOSI_ERR_RULE_UNKNOWN_TYPE',
    );
  });

  it('refuses unknown attributes and attributes of the wrong kind', () => {
    assert.equal(
      code({ ...base, condition: { ...base.condition, attr: 'humidity' } }),
      'DOSI_ERR_RULE_UNKNOWN_ATTRIBUTE',
    );
    assert.equal(
      code({ ...base, condition: { ...base.condition, attr: 'status' } }),
      'DOSI_ERR_RULE_ATTRIBUTE_TYPE',
    );
    assert.equal(code({ ...base, condition: { ...base.condition, attr: 'humidity' } }, null), 'OK');
    assert.equal(
      code({
        ...base,
        condition: {
          type: 'geofence',
          attr: 'temperature',
          trigger: 'exit',
          area: { type: 'Circle', center: [127, 37], radiusM: 10 },
        },
      }),
      'DOSI_ERR_RULE_ATTRIBUTE_TYPE',
    );
  });

  it('refuses bad polygons: unclosed, too few positions, self-intersecting, out of range', () => {
    const ok = [
      [127, 37],
      [127.1, 37],
      [127.1, 37.1],
      [127, 37.1],
      [127, 37],
    ];
    assert.equal(code({ ...base, condition: ring(ok) }), 'OK');
    assert.equal(code({ ...base, condition: ring(ok.slice(0, 4)) }), 'DOSI_ERR_RULE_BAD_AREA');
    assert.equal(
      code({
        ...base,
        condition: ring([
          [127, 37],
          [127.1, 37],
          [127, 37],
        ]),
      }),
      'DOSI_ERR_RULE_BAD_AREA',
    );
    const bowtie = [
      [127, 37],
      [127.1, 37.1],
      [127.1, 37],
      [127, 37.1],
      [127, 37],
    ];
    assert.equal(code({ ...base, condition: ring(bowtie) }), 'DOSI_ERR_RULE_BAD_AREA');
    assert.equal(
      code({ ...base, condition: ring(ok.map(([x, y]) => [x! + 100, y!])) }),
      'DOSI_ERR_RULE_BAD_AREA',
    );
    assert.equal(
      code({
        ...base,
        condition: {
          type: 'geofence',
          trigger: 'enter',
          area: { type: 'Circle', center: [127, 37], radiusM: -1 },
        },
      }),
      'DOSI_ERR_RULE_BAD_AREA',
    );
  });

  it('refuses impossible windows and durations', () => {
    const inact = (windows: unknown, forSec: unknown) => ({
      ...base,
      condition: { type: 'inactivity', attr: 'motion', windows, forSec },
    });
    assert.equal(code(inact([{ start: '08:00', end: '20:00' }], 6 * 3600)), 'OK');
    assert.equal(code(inact([{ start: '22:00', end: '06:00' }], 6 * 3600)), 'OK');
    assert.equal(code(inact([{ start: '08:00', end: '08:00' }], 3600)), 'DOSI_ERR_RULE_BAD_WINDOW');
    assert.equal(code(inact([{ start: '08:00', end: '12:00' }], 5 * 3600)), 'DOSI_ERR_RULE_BAD_WINDOW');
    assert.equal(code(inact([{ start: '8:00', end: '12:00' }], 3600)), 'DOSI_ERR_RULE_BAD_WINDOW');
    assert.equal(code(inact([{ start: '08:00', end: '12:00' }], -5)), 'DOSI_ERR_RULE_BAD_WINDOW');
    assert.equal(code({ ...base, condition: { ...base.condition, forSec: -1 } }), 'DOSI_ERR_RULE_BAD_WINDOW');
    assert.equal(
      code({ ...base, condition: { type: 'rateOfChange', attr: 'temperature', windowSec: 0, delta: 1 } }),
      'DOSI_ERR_RULE_BAD_WINDOW',
    );
  });

  it('refuses bad targets and bad top-level members', () => {
    assert.equal(code({ ...base, target: {} }), 'DOSI_ERR_RULE_BAD_TARGET');
    assert.equal(code({ ...base, target: { idPattern: '(' } }), 'DOSI_ERR_RULE_BAD_TARGET');
    assert.equal(code({ ...base, severity: 'huge' }), 'DOSI_ERR_RULE_INVALID');
    assert.equal(code({ ...base, category: 'rule-failure' }), 'DOSI_ERR_RULE_INVALID');
    assert.equal(code({ ...base, name: '' }), 'DOSI_ERR_RULE_INVALID');
  });
});
