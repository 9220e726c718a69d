// npm run bench:vrp — the CVRP solver on the 73 Augerat instances of CVRPLIB sets A, B and P (all with
// proven optima), one run each with a fixed time limit, and a city-scale case: 2,000 waste bins in a
// 10 × 10 km area served by 10 trucks, distance = straight line × 1.3.
// Flags: --time-limit S (per instance, default 1), --seed N (1), --filter TEXT (instances whose name
// contains it), --city-limit S (10), --no-city. Goals: mean gap ≤ 0.10 % per set within 1 s per
// instance; city-scale plan within 10 s. Per-instance lines go to stdout; the last stdout line is one
// JSON object with the headline figures and their ratios to the goals.
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  detourDistance,
  parseCvrplib,
  planCost,
  problemFromCvrplib,
  solveVrp,
  type Point,
} from '../src/vrp/index.ts';

const { values: flags } = parseArgs({
  options: {
    'time-limit': { type: 'string', default: '1' },
    seed: { type: 'string', default: '1' },
    filter: { type: 'string', default: '' },
    'city-limit': { type: 'string', default: '10' },
    'no-city': { type: 'boolean', default: false },
  },
});
const LIMIT_MS = Number(flags['time-limit']) * 1000;
const SEED = Number(flags.seed);
const GOAL_GAP = 0.1;
const CITY_GOAL_MS = 10_000;
const DATA = resolve(import.meta.dirname, '..', '..', 'shared', 'data', 'cvrplib');

interface Known {
  best_known_cost: number;
  vehicles: number;
}
interface Row {
  name: string;
  set: string;
  gap: number;
  ms: number;
}

function runSets(): Row[] {
  const known = JSON.parse(readFileSync(join(DATA, 'best-known.json'), 'utf8')) as Record<string, Known>;
  const rows: Row[] = [];
  console.log('instance        n    cost    best   gap %   to best ms   total ms');
  for (const set of ['A', 'B', 'P']) {
    const files = readdirSync(join(DATA, set)).filter((f) => f.endsWith('.vrp') && f.includes(flags.filter));
    for (const f of files.sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))) {
      const file = parseCvrplib(readFileSync(join(DATA, set, f), 'utf8'));
      const problem = problemFromCvrplib(file);
      const t0 = performance.now();
      // The best-known plans use the k vehicles of the instance name: so may we, no more.
      const { best_known_cost: best, vehicles } = known[file.name]!;
      const sol = solveVrp(problem, { timeLimitMs: LIMIT_MS, seed: SEED, maxVehicles: vehicles });
      const ms = performance.now() - t0;
      const cost = planCost(problem, sol.routes);
      const gap = (100 * (cost - best)) / best;
      rows.push({ name: file.name, set, gap, ms });
      console.log(
        `${file.name.padEnd(12)} ${String(file.dimension - 1).padStart(4)} ${String(cost).padStart(7)} ${String(best).padStart(7)} ${gap.toFixed(2).padStart(7)} ${sol.timeToBestMs.toFixed(0).padStart(12)} ${ms.toFixed(0).padStart(10)}`,
      );
    }
  }
  return rows;
}

/** 2,000 bins, uniform in 10 × 10 km, depot at the south edge; demands 1–4 (× 120 L), 10 trucks. */
function runCity(limitMs: number) {
  let seed = 20261203;
  const rand = () => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed / 4294967296;
  };
  const points: Point[] = [{ x: 5000, y: 0 }];
  const demands = [0];
  for (let i = 0; i < 2000; i++) {
    points.push({ x: rand() * 10_000, y: rand() * 10_000 });
    demands.push(1 + Math.floor(rand() * 4));
  }
  const total = demands.reduce((a, b) => a + b, 0);
  const capacity = Math.ceil((total / 10) * 1.05);
  const problem = { capacity, demands, points, distance: detourDistance(1.3) };
  let first: number | null = null;
  const t0 = performance.now();
  const sol = solveVrp(problem, {
    timeLimitMs: limitMs,
    seed: SEED,
    maxVehicles: 10,
    onProgress: (p) => (first ??= p.bestCost),
  });
  const ms = performance.now() - t0;
  const cost = planCost(problem, sol.routes);
  console.log(
    `city-scale: 2000 bins, 10 trucks (capacity ${capacity}, total ${total}): ${(cost / 1000).toFixed(1)} km in ${sol.routes.length} routes, first plan ${((first ?? 0) / 1000).toFixed(1)} km, ${ms.toFixed(0)} ms, ${sol.iterations} iterations`,
  );
  return {
    bins: 2000,
    trucks: sol.routes.length,
    km: round(cost / 1000, 1),
    firstKm: round((first ?? 0) / 1000, 1),
    ms: Math.round(ms),
    msOverGoal: round(ms / CITY_GOAL_MS, 3),
  };
}

const round = (v: number, d: number) => Math.round(v * 10 ** d) / 10 ** d;

const rows = runSets();
const sets: Record<string, { instances: number; meanGap: number; maxGap: number; gapOverGoal: number }> = {};
for (const set of ['A', 'B', 'P']) {
  const r = rows.filter((x) => x.set === set);
  if (r.length === 0) continue;
  const mean = r.reduce((a, x) => a + x.gap, 0) / r.length;
  sets[set] = {
    instances: r.length,
    meanGap: round(mean, 3),
    maxGap: round(Math.max(...r.map((x) => x.gap)), 2),
    gapOverGoal: round(mean / GOAL_GAP, 2),
  };
  console.log(`set ${set}: ${r.length} instances, mean gap ${mean.toFixed(3)} %`);
}
const maxMs = Math.max(0, ...rows.map((r) => r.ms));
const city = flags['no-city'] ? null : runCity(Number(flags['city-limit']) * 1000);
console.log(
  JSON.stringify({
    bench: 'vrp',
    timeLimitMs: LIMIT_MS,
    seed: SEED,
    goalGapPct: GOAL_GAP,
    sets,
    maxMs: Math.round(maxMs),
    maxMsOverLimit: round(maxMs / LIMIT_MS, 3),
    city,
  }),
);
