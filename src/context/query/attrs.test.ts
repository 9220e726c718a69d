import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseAttrList, QuerySyntaxError } from './index.ts';

describe('parseAttrList', () => {
  it('leaves an absent list absent', () => {
    assert.equal(parseAttrList(undefined), undefined);
  });

  it('splits, trims and de-duplicates names, IRIs included', () => {
    assert.deepEqual(parseAttrList('temperature, id,type,https://ex.org/ns#speed,ex:x,temperature'), [
      'temperature',
      'id',
      'type',
      'https://ex.org/ns#speed',
      'ex:x',
    ]);
    assert.deepEqual(parseAttrList('온도'), ['온도']);
  });

  for (const bad of ['', 'a,', ',a', 'a,,b', 'a b', 'a;b', 'a"b', '1a', 'a[b]', 'a.b']) {
    it(`rejects ${JSON.stringify(bad)}`, () => {
      assert.throws(() => parseAttrList(bad), QuerySyntaxError);
    });
  }
});
