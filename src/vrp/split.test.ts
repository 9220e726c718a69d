import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildInstance, type Instance } from './instance.ts';
import { createRng, shuffle } from './rng.ts';
import { split } from './split.ts';

function cost(inst: Instance, routes: readonly Int32Array[], penalty: number): number {
  const nn = inst.n + 1;
  let total = 0;
  for (const r of routes) {
    let prev = 0;
    let load = 0;
    for (const c of r) {
      total += inst.dist[prev * nn + c]!;
      load += inst.demand[c]!;
      prev = c;
    }
    total += inst.dist[prev * nn]! + penalty * Math.max(0, load - inst.capacity);
  }
  return total;
}

/** Every way of cutting the tour, within the 1.5 × capacity bound the split uses. */
function bruteForce(inst: Instance, t: Int32Array, penalty: number, maxRoutes: number): number {
  let best = Infinity;
  for (let mask = 0; mask < 1 << (t.length - 1); mask++) {
    const routes: Int32Array[] = [];
    let start = 0;
    for (let i = 1; i <= t.length; i++)
      if (i === t.length || mask & (1 << (i - 1))) {
        routes.push(t.slice(start, i));
        start = i;
      }
    if (routes.length > maxRoutes) continue;
    const over = routes.some(
      (r) =>
        r.reduce((a, c) => a + inst.demand[c]!, 0) - inst.demand[r[r.length - 1]!]! > 1.5 * inst.capacity,
    );
    if (!over) best = Math.min(best, cost(inst, routes, penalty));
  }
  return best;
}

describe('split', () => {
  it('cuts a giant tour optimally (compared with every cut), unlimited and limited fleet', () => {
    const rng = createRng(42);
    for (let trial = 0; trial < 25; trial++) {
      const n = 6 + rng.int(7);
      const points = Array.from({ length: n + 1 }, () => ({ x: rng.int(50), y: rng.int(50) }));
      const demands = [0, ...Array.from({ length: n }, () => 1 + rng.int(6))];
      const inst = buildInstance({ capacity: 10, demands, points });
      const t = Int32Array.from({ length: n }, (_, k) => k + 1);
      shuffle(t, rng);
      const penalty = [0.5, 5, 100][trial % 3]!;
      for (const fleet of [inst.vehicles, Math.ceil(inst.totalDemand / 10)]) {
        const routes = split(inst, t, penalty, fleet);
        assert.ok(routes.length <= fleet, `${routes.length} routes > fleet ${fleet}`);
        assert.deepEqual(
          Array.from(routes.flatMap((r) => Array.from(r))),
          Array.from(t),
          'keeps the tour order',
        );
        assert.ok(Math.abs(cost(inst, routes, penalty) - bruteForce(inst, t, penalty, fleet)) < 1e-9);
      }
    }
  });

  it('returns no routes for an empty tour', () => {
    const inst = buildInstance({ capacity: 10, demands: [0], points: [{ x: 0, y: 0 }] });
    assert.deepEqual(split(inst, new Int32Array(0), 1, 0), []);
  });
});
