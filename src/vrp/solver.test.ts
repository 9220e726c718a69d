import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { isDosiError } from '../kernel/index.ts';
import { parseCvrplib, problemFromCvrplib } from './cvrplib.ts';
import { detourDistance } from './distance.ts';
import { planCost } from './plan-cost.ts';
import { solveVrp } from './solver.ts';
import type { SolveOptions, VrpProblem } from './types.ts';

const A32 = problemFromCvrplib(
  parseCvrplib(readFileSync(new URL('./testdata/A-n32-k5.vrp', import.meta.url), 'utf8')),
);
const square = (demands: number[] = [0, 3, 4, 5, 6]): VrpProblem => ({
  capacity: 10,
  demands,
  points: [
    { x: 0, y: 0 },
    { x: 10, y: 0 },
    { x: 0, y: 10 },
    { x: 10, y: 10 },
    { x: -10, y: 0 },
  ].slice(0, demands.length),
});

function rejects(p: VrpProblem, o: SolveOptions, code: string, pattern?: RegExp): void {
  assert.throws(
    () => solveVrp(p, { timeLimitMs: 200, ...o }),
    (e: unknown) => isDosiError(e) && e.code === code && (!pattern || pattern.test(e.message)),
  );
}

describe('solveVrp', () => {
  it('solves A-n32-k5 to its optimum 784 with 5 vehicles', () => {
    const s = solveVrp(A32, { timeLimitMs: 800, seed: 1, maxVehicles: 5 });
    assert.equal(s.cost, 784);
    assert.equal(planCost(A32, s.routes), 784);
    assert.ok(s.routes.length <= 5);
  });

  it('is deterministic for a seed and an iteration budget, and differs across seeds', () => {
    const o = { timeLimitMs: 60_000, maxIterations: 150 };
    const a = solveVrp(A32, { ...o, seed: 7 });
    const b = solveVrp(A32, { ...o, seed: 7 });
    assert.deepEqual(a.routes, b.routes);
    assert.equal(a.iterations, 150);
    const c = solveVrp(A32, { ...o, seed: 8 });
    assert.ok(JSON.stringify(c.routes) !== JSON.stringify(a.routes));
  });

  it('serves every customer within capacity on coordinate and matrix input alike', () => {
    const p = { ...square(), distance: detourDistance(1.3) };
    const s = solveVrp(p, { timeLimitMs: 200, maxIterations: 50 });
    assert.ok(Math.abs(planCost(p, s.routes) - s.cost) < 1e-9);
    const nn = 5;
    const matrix = Array.from({ length: nn * nn }, (_, k) =>
      Math.floor(k / nn) === k % nn ? 0 : 10 + (k % 7),
    );
    const m = { capacity: 10, demands: [0, 3, 4, 5, 6], matrix };
    const sm = solveVrp(m, { timeLimitMs: 200, maxIterations: 50 });
    assert.equal(planCost(m, sm.routes), sm.cost);
  });

  it('reports progress with improving costs', () => {
    const seen: number[] = [];
    solveVrp(A32, { maxIterations: 100, onProgress: (p) => seen.push(p.bestCost!) });
    assert.ok(seen.length > 0);
    for (let i = 1; i < seen.length; i++) assert.ok(seen[i]! < seen[i - 1]!);
  });

  it('returns an empty plan for no customers', () => {
    const s = solveVrp({ capacity: 10, demands: [0], points: [{ x: 1, y: 1 }] });
    assert.deepEqual(s.routes, []);
    assert.equal(s.cost, 0);
  });

  it('refuses bad input with coded errors naming the cause', () => {
    rejects(square([0, 3, 11]), {}, 'DOSI_ERR_VRP_DEMAND_EXCEEDS_CAPACITY', /Customer 2 has demand 11/);
    rejects(square([0, 3, -1]), {}, 'DOSI_ERR_VRP_INPUT_INVALID', /negative/);
    rejects(square(), { maxVehicles: 0 }, 'DOSI_ERR_VRP_FLEET_TOO_SMALL');
    rejects(square(), { maxVehicles: 1 }, 'DOSI_ERR_VRP_FLEET_TOO_SMALL', /total demand 18/);
    const nan = { ...square(), points: [...square().points!.slice(0, 4), { x: NaN, y: 0 }] };
    rejects(nan, {}, 'DOSI_ERR_VRP_INPUT_INVALID', /node 4 are not finite/);
    const inf = { ...square(), distance: () => Infinity };
    rejects(inf, {}, 'DOSI_ERR_VRP_DISCONNECTED');
    const holes = Array.from({ length: 25 }, (_, k) => (k === 7 ? Infinity : 5));
    rejects(
      { capacity: 10, demands: [0, 3, 4, 5, 6], matrix: holes },
      {},
      'DOSI_ERR_VRP_DISCONNECTED',
      /node 1 to node 2/,
    );
    rejects(
      { capacity: 10, demands: [0, 3, 4, 5, 6], matrix: [1, 2, 3] },
      {},
      'DOSI_ERR_VRP_INPUT_INVALID',
      /5×5/,
    );
    rejects(square(), { maxRouteDuration: 3600 }, 'DOSI_ERR_VRP_UNSUPPORTED');
    rejects({ ...square(), capacity: 0 }, {}, 'DOSI_ERR_VRP_INPUT_INVALID', /capacity/);
  });

  it('refuses problems over the size limit before allocating anything large', () => {
    const demands = new Array<number>(1_000_001).fill(1);
    demands[0] = 0;
    rejects({ capacity: 10, demands }, {}, 'DOSI_ERR_VRP_TOO_LARGE', /1000000 customers; the limit is 3000/);
    rejects(A32, { maxCustomers: 30 }, 'DOSI_ERR_VRP_TOO_LARGE');
  });

  it('says so when no plan fits the fleet in time (bin packing too tight)', () => {
    // 3 × 6 cannot be packed into 2 trucks of 10 although the total, 18, fits.
    rejects(
      square([0, 6, 6, 6]),
      { maxVehicles: 2, maxIterations: 20 },
      'DOSI_ERR_VRP_NO_FEASIBLE',
      /2 vehicle/,
    );
    assert.equal(solveVrp(square([0, 6, 6, 6]), { maxVehicles: 3, maxIterations: 20 }).routes.length, 3);
  });
});
