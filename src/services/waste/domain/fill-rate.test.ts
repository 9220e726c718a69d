import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RATE_DEFAULTS, learn, meanRateAhead, rateAt } from './fill-rate.ts';
import { HOUR_MS, hourOfWeek } from './seoul-week.ts';
import { emptyModel, type RateModel } from './types.ts';

// 2026-03-02 is a Monday; 00:00 Seoul = 2026-03-01T15:00Z.
const MON0 = Date.parse('2026-03-01T15:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

/** Fills with `perHour(hourOfWeek)` for `weeks` weeks, one learning step per hour. */
function train(perHour: (h: number) => number, weeks: number): RateModel {
  let m = emptyModel();
  let fill = 0;
  for (let t = MON0; t < MON0 + weeks * 168 * HOUR_MS; t += HOUR_MS) {
    const next = fill + perHour(hourOfWeek(t));
    m = learn(m, { at: iso(t), fill }, { at: iso(t + HOUR_MS), fill: next });
    fill = next > 1 ? 0 : next;
  }
  return m;
}

describe('hour of week in Asia/Seoul', () => {
  it('Monday 00:00 Seoul is slot 0, Sunday 23:00 is 167', () => {
    assert.equal(hourOfWeek(MON0), 0);
    assert.equal(hourOfWeek(MON0 - HOUR_MS), 167);
    assert.equal(hourOfWeek(MON0 + 19 * HOUR_MS), 19);
    assert.equal(hourOfWeek(MON0 + (5 * 24 + 12) * HOUR_MS), 132); // Saturday noon
  });
});

describe('fill-rate model', () => {
  it('learns evening peaks and weekend differences per hour of week', () => {
    const pattern = (h: number) => {
      const hod = h % 24;
      const weekend = h >= 120;
      return (hod >= 18 && hod < 21 ? 0.04 : 0.005) * (weekend ? 2 : 1);
    };
    const m = train(pattern, 3);
    const mon19 = MON0 + 19 * HOUR_MS;
    const mon03 = MON0 + 3 * HOUR_MS;
    const sat19 = MON0 + (5 * 24 + 19) * HOUR_MS;
    assert.ok(Math.abs(rateAt(m, mon19) - 0.04) < 1e-9);
    assert.ok(Math.abs(rateAt(m, mon03) - 0.005) < 1e-9);
    assert.ok(Math.abs(rateAt(m, sat19) - 0.08) < 1e-9);
    assert.equal(m.slots.filter((s) => s !== null).length, 168);
    assert.ok(Math.abs(m.hours - 3 * 168) < 1e-9);
  });

  it('smooths noisy increments toward the true rate', () => {
    let seed = 7;
    const uniform = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648) * 2 - 1;
    const m = train(() => 0.01 + uniform() * 0.004, 4);
    // Every slot stays within the noise band; the mean over 672 hours is much closer.
    for (let h = 0; h < 168; h++) assert.ok(Math.abs(rateAt(m, MON0 + h * HOUR_MS) - 0.01) <= 0.004);
    assert.ok(Math.abs((m.mean ?? 0) - 0.01) < 0.002);
  });

  it('falls back to the bin mean for an unseen hour, then to the city default', () => {
    assert.equal(rateAt(emptyModel(), MON0), RATE_DEFAULTS.cityDefault);
    // One learned interval Monday 09:00–11:00: those two slots and the mean know 0.02/h.
    const m = learn(
      emptyModel(),
      { at: iso(MON0 + 9 * HOUR_MS), fill: 0.1 },
      { at: iso(MON0 + 11 * HOUR_MS), fill: 0.14 },
    );
    assert.ok(Math.abs(rateAt(m, MON0 + 9.5 * HOUR_MS) - 0.02) < 1e-12);
    assert.equal(m.slots.filter((s) => s !== null).length, 2);
    assert.ok(Math.abs(rateAt(m, MON0 + 40 * HOUR_MS) - 0.02) < 1e-12); // mean
  });

  it('clamps a big fall (compaction, partial pick-up) and never forecasts a negative rate', () => {
    const m = learn(emptyModel(), { at: iso(MON0), fill: 0.9 }, { at: iso(MON0 + HOUR_MS), fill: 0.5 });
    assert.equal(m.slots[0], RATE_DEFAULTS.minRate);
    assert.equal(rateAt(m, MON0), 0);
    assert.equal(meanRateAhead(m, MON0, 24), 0);
  });
});
