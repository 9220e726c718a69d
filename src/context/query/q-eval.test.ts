import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { StoredEntity } from '../model.ts';
import { evaluateQ, parseQ } from './index.ts';
import { EDGE_CASES, expandTerm, SAMPLE_CASES, SAMPLE_ENTITY } from './test-support.ts';

const entityWith = (attrs: StoredEntity['attrs']): StoredEntity => ({ ...SAMPLE_ENTITY, attrs });

describe('evaluateQ on the sample entity', () => {
  for (const [q, expected] of SAMPLE_CASES) {
    it(`${q} → ${expected}`, () => {
      assert.equal(evaluateQ(parseQ(q), SAMPLE_ENTITY, expandTerm), expected);
    });
  }
});

describe('evaluateQ edge cases', () => {
  it('compares strings by code point, not UTF-16 unit', () => {
    const e = entityWith({ [expandTerm('a')]: [{ type: 'Property', value: '\uE000' }] });
    // U+E000 < U+1F600 by code point, though its UTF-16 unit is above the surrogate 0xD83D.
    assert.equal(evaluateQ(parseQ('a<"😀"'), e, expandTerm), true);
    assert.equal(evaluateQ(parseQ('a>"😀"'), e, expandTerm), false);
  });

  it('does not read inherited object members as attributes or keys', () => {
    const e = entityWith({ [expandTerm('a')]: [{ type: 'Property', value: {} }] });
    assert.equal(
      evaluateQ(parseQ('https://ex.org/constructor'), e, (t) => t),
      false,
    );
    assert.equal(evaluateQ(parseQ('a[toString]'), e, expandTerm), false);
  });

  it('treats an attribute with no instances as absent', () => {
    const e = entityWith({ [expandTerm('a')]: [] });
    assert.equal(evaluateQ(parseQ('a'), e, expandTerm), false);
    assert.equal(evaluateQ(parseQ('!a'), e, expandTerm), true);
  });

  it('holds a negated term false when the target value is missing', () => {
    const e = entityWith({ [expandTerm('a')]: [{ type: 'Property', value: { k: 1 } }] });
    assert.equal(evaluateQ(parseQ('a[m]!=1'), e, expandTerm), false);
    assert.equal(evaluateQ(parseQ('a[k]!=2'), e, expandTerm), true);
  });

  it('prefers a sub-attribute over a compound key of the same name', () => {
    const e = entityWith({
      [expandTerm('a')]: [
        { type: 'Property', value: { s: 1 }, [expandTerm('s')]: { type: 'Property', value: 2 } },
      ],
    });
    assert.equal(evaluateQ(parseQ('a.s==2'), e, expandTerm), true);
    assert.equal(evaluateQ(parseQ('a.s==1'), e, expandTerm), false);
    assert.equal(evaluateQ(parseQ('a[s]==1'), e, expandTerm), true);
  });

  it('matches a multi-instance attribute when any instance matches', () => {
    const e = entityWith({
      [expandTerm('a')]: [
        { type: 'Property', value: 1, datasetId: 'urn:d:1' },
        { type: 'Property', value: 7, datasetId: 'urn:d:2' },
      ],
    });
    assert.equal(evaluateQ(parseQ('a>5'), e, expandTerm), true);
    assert.equal(evaluateQ(parseQ('a!=1'), e, expandTerm), true);
    assert.equal(evaluateQ(parseQ('a==2..6'), e, expandTerm), false);
  });
});

describe('evaluateQ corner cases shared with the SQL test', () => {
  for (const [q, attrs, expected] of EDGE_CASES) {
    it(`${q} on ${JSON.stringify(attrs)} → ${expected}`, () => {
      assert.equal(evaluateQ(parseQ(q), entityWith(attrs), expandTerm), expected);
    });
  }
});
