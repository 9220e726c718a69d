import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newIndividual } from './individual.ts';
import { buildInstance, type Instance } from './instance.ts';
import { LsState } from './ls-state.ts';
import { move1, move2, move3, move4, move5, move6 } from './moves.ts';
import { createRng, shuffle } from './rng.ts';
import { split } from './split.ts';
import { SwapStar } from './swap-star.ts';
import { move7, move8, move9 } from './two-opt.ts';

function randomInstance(seed: number, asymmetric: boolean): Instance {
  const rng = createRng(seed);
  const n = 30;
  const points = Array.from({ length: n + 1 }, () => ({ x: rng.int(100), y: rng.int(100) }));
  const demands = [0, ...Array.from({ length: n }, () => 1 + rng.int(9))];
  if (!asymmetric) return buildInstance({ capacity: 30, demands, points }, {}, 8);
  const matrix = new Float64Array((n + 1) ** 2);
  for (let i = 0; i <= n; i++)
    for (let j = 0; j <= n; j++)
      if (i !== j)
        matrix[i * (n + 1) + j] =
          Math.hypot(points[i]!.x - points[j]!.x, points[i]!.y - points[j]!.y) + rng.int(20);
  return buildInstance({ capacity: 30, demands, matrix }, {}, 8);
}

/** Penalised cost walked from scratch, checking every link, load and cached route figure on the way. */
function audit(s: LsState): number {
  let total = 0;
  const seen = new Set<number>();
  for (let r = 0; r < s.R; r++) {
    let node = s.startOf(r);
    let load = 0;
    let dist = 0;
    let k = 0;
    while (node !== s.endOf(r)) {
      const nx = s.next[node]!;
      assert.equal(s.prev[nx], node, 'prev link');
      assert.equal(s.routeOf[nx], r, 'route of node');
      dist += s.d(s.loc[node]!, s.loc[nx]!);
      if (nx <= s.n) {
        assert.ok(!seen.has(nx), 'customer once');
        seen.add(nx);
        load += s.demandOf[nx]!;
        assert.equal(s.pos[nx], ++k, 'position');
        assert.ok(Math.abs(s.cumLoad[nx]! - load) < 1e-9, 'cumulated load');
      }
      node = nx;
    }
    assert.ok(Math.abs(s.rLoad[r]! - load) < 1e-9, 'route load');
    assert.ok(Math.abs(s.rDist[r]! - dist) < 1e-6, 'route distance');
    assert.equal(s.rCount[r], k);
    total += dist + s.penaltyLoad(load);
  }
  assert.equal(seen.size, s.n, 'every customer routed');
  return total;
}

function loadRandom(inst: Instance, seed: number, penalty: number): LsState {
  const rng = createRng(seed);
  const giant = Int32Array.from({ length: inst.n }, (_, k) => k + 1);
  shuffle(giant, rng);
  const ind = newIndividual(inst, giant);
  ind.routes = split(inst, giant, penalty, inst.vehicles);
  const s = new LsState(inst);
  s.penalty = penalty;
  s.load(ind);
  return s;
}

type Move = (s: LsState) => boolean;
const interMoves: [string, Move][] = Object.entries({
  move1,
  move2,
  move3,
  move4,
  move5,
  move6,
  move8,
  move9,
});
const intraMoves: [string, Move][] = Object.entries({ move1, move2, move3, move4, move5, move6, move7 });

for (const asymmetric of [false, true]) {
  describe(`local-search moves (${asymmetric ? 'asymmetric matrix' : 'Euclidean'})`, () => {
    it('an applied move lowers the penalised cost recomputed from scratch, and keeps every route consistent', () => {
      const inst = randomInstance(asymmetric ? 11 : 7, asymmetric);
      const applied = new Map<string, number>();
      for (let trial = 0; trial < 40; trial++) {
        const s = loadRandom(inst, trial, trial % 2 ? 0.5 : 20);
        const rng = createRng(1000 + trial);
        for (let step = 0; step < 300; step++) {
          const u = 1 + rng.int(s.n);
          const useDepot = rng.int(5) === 0;
          const v = useDepot ? s.startOf(rng.int(s.R)) : 1 + rng.int(s.n);
          if (v === u) continue;
          s.setU(u);
          s.setV(v);
          const moves = s.intra ? intraMoves : interMoves;
          const [name, move] = moves[rng.int(moves.length)]!;
          if (useDepot && (name === 'move4' || name === 'move5' || name === 'move6' || name === 'move7'))
            continue;
          const before = audit(s);
          if (move(s)) {
            const after = audit(s);
            assert.ok(after < before - 1e-6, `${name} applied without gain: ${before} → ${after}`);
            applied.set(name, (applied.get(name) ?? 0) + 1);
          } else assert.ok(Math.abs(audit(s) - before) < 1e-9, `${name} refused but changed the plan`);
        }
      }
      for (const [name] of [...interMoves, ...intraMoves])
        assert.ok((applied.get(name) ?? 0) > 0, `${name} never applied`);
    });

    it('SWAP* between two routes lowers the penalised cost and keeps routes consistent', () => {
      const inst = randomInstance(asymmetric ? 5 : 3, asymmetric);
      let appliedCount = 0;
      for (let trial = 0; trial < 30; trial++) {
        const s = loadRandom(inst, trial, 10);
        const sw = new SwapStar(s);
        sw.reset();
        for (let a = 0; a < s.R; a++)
          for (let b = a + 1; b < s.R; b++) {
            if (s.rCount[a] === 0 || s.rCount[b] === 0) continue;
            const before = audit(s);
            if (sw.run(a, b)) {
              appliedCount++;
              assert.ok(audit(s) < before - 1e-6);
            } else assert.ok(Math.abs(audit(s) - before) < 1e-9);
          }
      }
      assert.ok(appliedCount > 10, `SWAP* applied ${appliedCount} times`);
    });
  });
}
