import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rateAt } from './fill-rate.ts';
import { predictCrossing } from './forecast.ts';
import { HOUR_MS } from './seoul-week.ts';
import { observe, rateSinceEmptying } from './track.ts';
import { emptyTrack, type BinTrack } from './types.ts';

const T0 = Date.parse('2026-03-01T15:00:00Z'); // Monday 00:00 Seoul
const at = (min: number) => new Date(T0 + min * 60_000).toISOString();

describe('bin track', () => {
  it('readings every 10 minutes with ±1 % noise learn the hourly rate, not the noise', () => {
    let t: BinTrack = emptyTrack();
    for (let m = 0; m <= 24 * 60; m += 10) {
      const noise = ((m / 10) % 3) - 1; // −1, 0, +1 percent, repeating
      t = observe(t, { at: at(m), fill: 0.05 + (0.015 * m) / 60 + noise * 0.01 }).track;
    }
    assert.equal(t.model.hours, 24);
    for (let h = 0; h < 24; h++) {
      const r = rateAt(t.model, T0 + h * HOUR_MS);
      assert.ok(Math.abs(r - 0.015) < 0.021, `hour ${h}: ${r}`);
    }
    assert.ok(Math.abs((t.model.mean ?? 0) - 0.015) < 0.004, `mean ${t.model.mean}`);
    assert.ok(Math.abs((rateSinceEmptying(t) ?? 0) - 0.015) < 0.002);
    // From 0.41 at Tuesday 00:00, the 0.8 threshold is about 26 h away.
    const full = predictCrossing(t.model, 0.41, T0 + 24 * HOUR_MS, 0.8);
    assert.ok(full !== null && Math.abs(full - (T0 + 50 * HOUR_MS)) < 4 * HOUR_MS);
  });

  it('a silence longer than a day re-anchors without learning', () => {
    let t = observe(emptyTrack(), { at: at(0), fill: 0.1 }).track;
    t = observe(t, { at: at(60 * 30), fill: 0.7 }).track;
    assert.equal(t.model.hours, 0);
    assert.equal(t.anchor?.at, at(60 * 30));
    t = observe(t, { at: at(60 * 31), fill: 0.72 }).track;
    assert.equal(t.model.hours, 1);
    assert.ok(Math.abs((t.model.mean ?? 0) - 0.02) < 1e-9);
  });

  it('learning waits for an hour of readings', () => {
    let t = observe(emptyTrack(), { at: at(0), fill: 0.1 }).track;
    t = observe(t, { at: at(30), fill: 0.2 }).track;
    assert.equal(t.model.hours, 0);
    t = observe(t, { at: at(60), fill: 0.3 }).track;
    assert.equal(t.model.hours, 1);
    assert.equal(t.recent.length, 3);
  });
});
