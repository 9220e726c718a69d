// Split (Prins 2004; Vidal 2016): the optimal cut of a giant tour into routes, with capacity excess
// penalised rather than forbidden so that slightly infeasible tours still split. Loads are bounded by
// 1.5 × capacity as in HGS, which keeps it O(n · route length).
import type { Instance } from './instance.ts';

const INF = 1e30;

/**
 * Cuts `giant` into at most `maxVehicles` routes minimising distance + penalty × excess.
 * Tries the unlimited split first, and the limited-fleet Bellman recursion if that uses too many routes.
 */
export function split(inst: Instance, giant: Int32Array, penalty: number, maxVehicles: number): Int32Array[] {
  const n = giant.length;
  if (n === 0) return [];
  const simple = bellman(inst, giant, penalty);
  if (simple.count[n]! <= maxVehicles) return routesFrom(giant, simple.pred, 0);
  const limited = limitedFleet(inst, giant, penalty, maxVehicles);
  if (limited) return routesFrom(giant, limited.pred, limited.layerOf);
  // No split within 1.5 × capacity per route: keep the unlimited one, its surplus routes merged into the last.
  const routes = routesFrom(giant, simple.pred, 0);
  const tail = routes.splice(maxVehicles - 1);
  const merged = new Int32Array(tail.reduce((a, r) => a + r.length, 0));
  let o = 0;
  for (const r of tail) merged.set(r, (o += r.length) - r.length);
  routes.push(merged);
  return routes;
}

interface Preds {
  /** pred[k][j]: start index of the route ending at j in the best k-route solution (k = layer). */
  pred: Int32Array[];
  count: Int32Array;
  layerOf: number;
}

/** Unlimited fleet: one layer; count[j] = routes in the best split of the first j customers. */
function bellman(inst: Instance, t: Int32Array, penalty: number): Preds {
  const n = t.length;
  const pot = new Float64Array(n + 1).fill(INF);
  const pred = new Int32Array(n + 1);
  const count = new Int32Array(n + 1);
  pot[0] = 0;
  for (let i = 0; i < n; i++) relaxFrom(inst, t, penalty, i, pot[i]!, pot, pred, count, count[i]!);
  return { pred: [pred], count, layerOf: 0 };
}

/** Relaxes every route t[i..j-1] starting at index i; stops beyond 1.5 × capacity. */
function relaxFrom(
  inst: Instance,
  t: Int32Array,
  penalty: number,
  i: number,
  base: number,
  pot: Float64Array,
  pred: Int32Array,
  count: Int32Array | null,
  routes: number,
): void {
  const nn = inst.n + 1;
  const D = inst.dist;
  const cap = inst.capacity;
  let load = 0;
  let dist = 0;
  for (let j = i + 1; j <= t.length && load <= 1.5 * cap; j++) {
    const c = t[j - 1]!;
    load += inst.demand[c]!;
    dist += j === i + 1 ? D[c]! : D[t[j - 2]! * nn + c]!;
    const cost = base + dist + D[c * nn]! + (load > cap ? penalty * (load - cap) : 0);
    if (cost < pot[j]!) {
      pot[j] = cost;
      pred[j] = i;
      if (count) count[j] = routes + 1;
    }
  }
}

/** Limited fleet: layer k holds the best splits with exactly k routes (O(K · n · route length)). */
function limitedFleet(inst: Instance, t: Int32Array, penalty: number, K: number): Preds | null {
  const n = t.length;
  // (K+1) × (n+1) labels: beyond 4 million (≈ 48 MB) fall back to the merged unlimited split.
  if ((K + 1) * (n + 1) > 4_000_000) return null;
  const pot: Float64Array[] = [];
  const pred: Int32Array[] = [];
  for (let k = 0; k <= K; k++) {
    pot.push(new Float64Array(n + 1).fill(INF));
    pred.push(new Int32Array(n + 1));
  }
  pot[0]![0] = 0;
  for (let k = 0; k < K; k++)
    for (let i = k; i < n && pot[k]![i]! < INF; i++)
      relaxFrom(inst, t, penalty, i, pot[k]![i]!, pot[k + 1]!, pred[k + 1]!, null, 0);
  let bestK = K;
  for (let k = 1; k < K; k++) if (pot[k]![n]! < pot[bestK]![n]!) bestK = k;
  if (pot[bestK]![n]! >= INF) return null;
  return { pred, count: new Int32Array(0), layerOf: bestK };
}

function routesFrom(t: Int32Array, pred: Int32Array[], layer: number): Int32Array[] {
  const routes: Int32Array[] = [];
  let end = t.length;
  let k = layer;
  while (end > 0) {
    const p = pred[k]!;
    const begin = p[end]!;
    routes.push(t.slice(begin, end));
    end = begin;
    if (k > 0 && pred.length > 1) k--;
  }
  return routes.reverse();
}
