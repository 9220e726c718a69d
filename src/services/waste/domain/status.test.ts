import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { deriveStatus } from './status.ts';
import { wasteRules } from './rules.ts';

describe('bin status and rules', () => {
  it('burning wins over dropped, dropped over lid open', () => {
    assert.equal(deriveStatus({}), 'ok');
    assert.equal(deriveStatus({ lidOpen: 1 }), 'lidOpen');
    assert.equal(deriveStatus({ lidOpen: 1, tiltAngle: 80 }), 'dropped');
    assert.equal(deriveStatus({ lidOpen: 1, tiltAngle: 80, temperature: 61 }), 'burning');
    assert.equal(deriveStatus({ temperature: 59.9, status: 'moved' }), 'moved');
  });

  it('the overflow rule follows the threshold and every rule targets WasteContainer', () => {
    const r = wasteRules(0.75);
    assert.equal(r['waste-overflow'].condition.value, 0.75);
    assert.equal(r['waste-fire'].condition.value, 60);
    assert.deepEqual(
      Object.values(r).map((x) => [x.subCategory, x.target.entityType]),
      [
        ['waste-overflow', 'WasteContainer'],
        ['waste-fire', 'WasteContainer'],
        ['waste-tilt', 'WasteContainer'],
        ['waste-lid', 'WasteContainer'],
      ],
    );
  });
});
