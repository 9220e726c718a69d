import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkDetection } from './detection.ts';

const OK = { type: 'fire', confidence: 0.93, observedAt: '2026-12-03T19:00:00+09:00' };

test('a valid detection is normalised to UTC', () => {
  const r = checkDetection({ ...OK, bbox: [0.1, 0.2, 0.3, 0.4], count: 2, snapshot: 'https://x/y.jpg' });
  assert.deepEqual(r, {
    ok: true,
    value: {
      type: 'fire',
      confidence: 0.93,
      observedAt: '2026-12-03T10:00:00.000Z',
      bbox: [0.1, 0.2, 0.3, 0.4],
      count: 2,
      snapshot: 'https://x/y.jpg',
    },
  });
});

test('each bad field is named', () => {
  const cases: [unknown, RegExp][] = [
    [[], /JSON object/],
    [{ ...OK, type: 'ufo' }, /^\/type must be one of person, vehicle/],
    [{ ...OK, confidence: 1.2 }, /^\/confidence .* \(got 1.2\)/],
    [{ ...OK, confidence: '0.5' }, /^\/confidence/],
    [{ ...OK, observedAt: 'yesterday' }, /^\/observedAt/],
    [{ ...OK, observedAt: '2026-12-03T10:00:00' }, /^\/observedAt/],
    [{ ...OK, bbox: [0, 0, 2, 1] }, /^\/bbox/],
    [{ ...OK, count: -1 }, /^\/count/],
    [{ ...OK, snapshot: 'file:///etc/passwd' }, /^\/snapshot/],
    [{ ...OK, colour: 'red' }, /unknown member \/colour/],
  ];
  for (const [body, re] of cases) {
    const r = checkDetection(body);
    assert.equal(r.ok, false, JSON.stringify(body));
    if (!r.ok) assert.match(r.detail, re);
  }
});
