import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { detourDistance, solveVrp } from '../../vrp/index.ts';
import { DEFAULT_FLEET } from './domain/plan.ts';
import { simulateMonth, type SimBin } from './month-sim.ts';
import type { RouteSolverPort } from './ports.ts';

const solver: RouteSolverPort = {
  solve: async (p) =>
    solveVrp(
      {
        capacity: p.capacity,
        demands: p.demands,
        points: p.points,
        distance: detourDistance(p.detourFactor),
      },
      { maxVehicles: p.maxVehicles, timeLimitMs: p.timeLimitMs, seed: p.seed },
    ),
};
const DEPOT: [number, number] = [127.2149, 37.5392];
/** Bins on a 1 km grid filling `perDay` of their volume a day, evenly over the hours. */
const bins = (perDay: number[]): SimBin[] =>
  perDay.map((d, i) => ({
    id: `b${i}`,
    name: null,
    location: [DEPOT[0] + 0.011 * (i % 5), DEPOT[1] + 0.009 * Math.floor(i / 5)],
    capacityL: 120,
    threshold: 0.8,
    growth: (a, b) => (d * (b - a)) / 86_400_000,
  }));
const START = Date.parse('2026-03-01T15:00:00Z'); // 2026-03-02 00:00 Seoul

describe('month simulation of collection policies', () => {
  it('slow bins are collected less often when planned; the daily round overflows nothing either', async () => {
    const city = bins([...Array(8).fill(0.25), ...Array(4).fill(0.9)]);
    const o = {
      bins: city,
      depot: DEPOT,
      fleet: DEFAULT_FLEET,
      startMs: START,
      days: 7,
      seed: 1,
      timeLimitMs: 50,
    };
    const r = await simulateMonth(solver, o);
    assert.equal(r.fixed.collections, 12 * 7);
    // Fast bins daily (28), slow bins about every third day (8 × 7 ÷ 3 ≈ 19, at most 8 × 3 = 24).
    assert.ok(
      r.planned.collections >= 28 + 16 && r.planned.collections <= 28 + 24,
      `${r.planned.collections}`,
    );
    assert.equal(r.fixed.overflowEvents, 0);
    assert.equal(r.planned.overflowEvents, 0);
    assert.equal(r.planned.unservedBinShifts, 0);
    assert.ok(r.planned.avgFillAtCollection! > r.fixed.avgFillAtCollection! + 0.1);
    assert.ok(r.saving.collections! > 0.3, `saving ${r.saving.collections}`);
    assert.ok(r.planned.distanceKm < r.fixed.distanceKm);
    assert.ok(r.fixed.distanceKm > 0);
    // The same seed gives the same month.
    const again = await simulateMonth(solver, o);
    assert.deepEqual({ ...again, elapsedMs: 0 }, { ...r, elapsedMs: 0 });
  });

  it('a bin filling more than its volume a day overflows under both policies, once a day after each round', async () => {
    const r = await simulateMonth(solver, {
      bins: bins([1.5, 0.2]),
      depot: DEPOT,
      fleet: DEFAULT_FLEET,
      startMs: START,
      days: 5,
      seed: 2,
      timeLimitMs: 50,
    });
    // Emptied at 05:00, full again at 21:00: overflowing when the month starts, then once each day.
    assert.equal(r.fixed.overflowEvents, 6);
    assert.equal(r.planned.overflowEvents, 6);
    // Hours ending full: 01:00–05:00 on the first day (5), 21:00–05:00 each night (9), 21:00–24:00 last (4).
    assert.equal(r.fixed.overflowBinHours, 5 + 4 * 9 + 4);
  });
});
