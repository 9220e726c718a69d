// A candidate plan: the giant tour (customers in visiting order, no depots) and its routes, with cost,
// capacity excess and the successor/predecessor tables used to measure diversity.
import type { Instance } from './instance.ts';

export interface Individual {
  giant: Int32Array;
  routes: Int32Array[];
  distance: number;
  excess: number;
  penalized: number;
  nbRoutes: number;
  feasible: boolean;
  /** Successor and predecessor of every customer (0 = depot). */
  succ: Int32Array;
  pred: Int32Array;
  biasedFitness: number;
  /** Other members of the subpopulation, closest first (broken-pairs distance). */
  proximity: { d: number; other: Individual }[];
}

export function newIndividual(inst: Instance, giant: Int32Array): Individual {
  return {
    giant,
    routes: [],
    distance: 0,
    excess: 0,
    penalized: 0,
    nbRoutes: 0,
    feasible: true,
    succ: new Int32Array(inst.n + 1),
    pred: new Int32Array(inst.n + 1),
    biasedFitness: 0,
    proximity: [],
  };
}

/** Recomputes cost and tables from the routes; the giant tour becomes their concatenation. */
export function evaluate(inst: Instance, ind: Individual, penalty: number): void {
  const nn = inst.n + 1;
  const D = inst.dist;
  let distance = 0;
  let excess = 0;
  let nbRoutes = 0;
  let g = 0;
  for (const r of ind.routes) {
    if (r.length === 0) continue;
    nbRoutes++;
    let load = 0;
    let prev = 0;
    for (let k = 0; k < r.length; k++) {
      const c = r[k]!;
      distance += D[prev * nn + c]!;
      load += inst.demand[c]!;
      ind.pred[c] = prev;
      if (k > 0) ind.succ[prev] = c;
      ind.giant[g++] = c;
      prev = c;
    }
    ind.succ[prev] = 0;
    distance += D[prev * nn]!;
    if (load > inst.capacity) excess += load - inst.capacity;
  }
  ind.distance = distance;
  ind.excess = excess;
  ind.nbRoutes = nbRoutes;
  ind.feasible = excess < 1e-9;
  ind.penalized = distance + penalty * excess;
}

/** Broken-pairs distance (Prins 2009 as used by HGS): the share of customers whose neighbours differ. */
export function brokenPairs(a: Individual, b: Individual, n: number): number {
  let diff = 0;
  for (let j = 1; j <= n; j++) {
    if (a.succ[j] !== b.succ[j] && a.succ[j] !== b.pred[j]) diff++;
    if (a.pred[j] === 0 && b.pred[j] !== 0 && b.succ[j] !== 0) diff++;
  }
  return diff / n;
}

export function cloneIndividual(src: Individual): Individual {
  return {
    ...src,
    giant: src.giant.slice(),
    routes: src.routes.map((r) => r.slice()),
    succ: src.succ.slice(),
    pred: src.pred.slice(),
    proximity: [],
  };
}
