import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { learn } from './fill-rate.ts';
import { predictCrossing, selectDue, willCrossBefore } from './forecast.ts';
import { HOUR_MS } from './seoul-week.ts';
import { emptyModel, type RateModel } from './types.ts';

const MON0 = Date.parse('2026-03-01T15:00:00Z'); // Monday 00:00 Seoul
const iso = (ms: number) => new Date(ms).toISOString();

/** A model whose every slot is `rate`, except `peak` slots (hour of day) at `peakRate`. */
function model(rate: number, peak: number[] = [], peakRate = rate): RateModel {
  const m = emptyModel();
  m.slots = m.slots.map((_, i) => (peak.includes(i % 24) ? peakRate : rate));
  m.mean = rate;
  return m;
}

describe('time to threshold', () => {
  it('a constant rate crosses after (threshold − fill) / rate hours', () => {
    const at = predictCrossing(model(0.02), 0.4, MON0, 0.8);
    assert.equal(at, MON0 + 20 * HOUR_MS);
  });

  it('interpolates inside the hour and starts mid-hour', () => {
    const start = MON0 + 30 * 60_000;
    const at = predictCrossing(model(0.1), 0.5, start, 0.8);
    assert.ok(at !== null && Math.abs(at - (start + 3 * HOUR_MS)) < 1);
  });

  it('follows the hour-of-week profile: an evening peak brings the crossing forward', () => {
    const flat = predictCrossing(model(0.01), 0.5, MON0 + 12 * HOUR_MS, 0.8);
    const peaky = predictCrossing(model(0.01, [18, 19, 20], 0.08), 0.5, MON0 + 12 * HOUR_MS, 0.8);
    assert.equal(flat, MON0 + 42 * HOUR_MS);
    // 12:00–18:00 gives 0.06 (→ 0.56), 18:00–21:00 gives 0.24 → crosses at exactly 21:00.
    assert.ok(peaky !== null && Math.abs(peaky - (MON0 + 21 * HOUR_MS)) < 1);
  });

  it('a bin already at its threshold is due now; one that never fills has no time', () => {
    assert.equal(predictCrossing(model(0.01), 0.85, MON0, 0.8), MON0);
    assert.equal(predictCrossing(model(0), 0.1, MON0, 0.8), null);
  });

  it('a model learned from one day forecasts with the mean for unseen hours', () => {
    const m = learn(emptyModel(), { at: iso(MON0), fill: 0 }, { at: iso(MON0 + 10 * HOUR_MS), fill: 0.1 });
    assert.equal(predictCrossing(m, 0.1, MON0 + 10 * HOUR_MS, 0.8), MON0 + 80 * HOUR_MS);
  });

  it('will it cross before the end of a shift', () => {
    const m = model(0.05);
    assert.equal(willCrossBefore(m, 0.5, MON0, 0.8, MON0 + 6 * HOUR_MS), true);
    assert.equal(willCrossBefore(m, 0.5, MON0, 0.8, MON0 + 5.9 * HOUR_MS), false);
  });
});

describe('due selection', () => {
  it('keeps bins predicted by `before`, soonest first, ties by id', () => {
    const bins = [
      { id: 'c', predictedFullAt: iso(MON0 + 3 * HOUR_MS) },
      { id: 'a', predictedFullAt: null },
      { id: 'b', predictedFullAt: iso(MON0 + HOUR_MS) },
      { id: 'e', predictedFullAt: iso(MON0 + 3 * HOUR_MS) },
      { id: 'd', predictedFullAt: iso(MON0 + 9 * HOUR_MS) },
    ];
    assert.deepEqual(
      selectDue(bins, MON0 + 3 * HOUR_MS).map((b) => b.id),
      ['b', 'c', 'e'],
    );
  });
});
