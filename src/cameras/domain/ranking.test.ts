import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventScore, rankCameras, type ScoredEvent } from './ranking.ts';

const NOW = new Date('2026-12-03T10:00:00Z');
const MIN = 60_000;
const ago = (min: number) => new Date(NOW.getTime() - min * MIN).toISOString();
const ev = (cameraId: string, type: ScoredEvent['type'], min: number, confidence = 1): ScoredEvent => ({
  cameraId,
  type,
  confidence,
  observedAt: ago(min),
});
const opts = { now: NOW, halfLifeMs: 10 * MIN };

test('an event loses half its score per half-life', () => {
  assert.equal(eventScore(ev('a', 'fire', 0), opts), 10);
  assert.equal(eventScore(ev('a', 'fire', 10), opts), 5);
  assert.equal(eventScore(ev('a', 'fire', 20), opts), 2.5);
  assert.equal(eventScore(ev('a', 'person', 0, 0.5), opts), 0.5);
  assert.equal(eventScore({ ...ev('a', 'fire', 0), observedAt: ago(-5) }, opts), 10, 'future = now');
});

test('fire outranks many people; old events fade; ties by id; limit', () => {
  const events = [
    ev('people', 'person', 0),
    ev('people', 'person', 1),
    ev('people', 'person', 2),
    ev('fire', 'fire', 5, 0.9),
    ev('old-fire', 'fire', 120),
    ev('b-car', 'vehicle', 0),
    ev('a-car', 'vehicle', 0),
  ];
  const r = rankCameras(events, opts);
  assert.deepEqual(
    r.map((c) => c.cameraId),
    ['fire', 'people', 'a-car', 'b-car', 'old-fire'],
  );
  assert.equal(r[1]!.events, 3);
  assert.equal(r[1]!.lastAt, ago(0));
  assert.equal(r[0]!.top, 'fire');
  assert.ok(Math.abs(r[0]!.score - 9 / Math.SQRT2) < 1e-9);
  assert.equal(rankCameras(events, { ...opts, limit: 2 }).length, 2);
});

test('custom weights change the order; zero-weight cameras drop out', () => {
  const events = [ev('p', 'person', 0), ev('f', 'fire', 0)];
  const weights = { person: 20, vehicle: 0, fire: 1, smoke: 1, fall: 1, loitering: 1, crowd: 1 };
  assert.deepEqual(
    rankCameras(events, { ...opts, weights }).map((c) => c.cameraId),
    ['p', 'f'],
  );
  assert.deepEqual(rankCameras([ev('v', 'vehicle', 0)], { ...opts, weights }), []);
});
