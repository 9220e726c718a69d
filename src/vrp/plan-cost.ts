// Recomputes a plan's cost and checks it against the problem, independently of the solver's bookkeeping.
import { DosiError, E } from '../kernel/index.ts';
import { nintEuclidean } from './distance.ts';
import type { VrpProblem } from './types.ts';

/** Total distance of `routes` (customer numbers 1..n); throws if a customer is missing, repeated or a route overloaded. */
export function planCost(p: VrpProblem, routes: readonly (readonly number[])[]): number {
  const n = p.demands.length - 1;
  const seen = new Uint8Array(n + 1);
  const d = distanceOf(p);
  let cost = 0;
  for (const r of routes) {
    let load = 0;
    let prev = 0;
    for (const c of r) {
      if (!Number.isInteger(c) || c < 1 || c > n || seen[c])
        throw new DosiError(E.VRP_INPUT_INVALID, { detail: `customer ${c} is unknown or visited twice` });
      seen[c] = 1;
      load += p.demands[c]!;
      cost += d(prev, c);
      prev = c;
    }
    if (r.length > 0) cost += d(prev, 0);
    if (load > p.capacity + 1e-9)
      throw new DosiError(E.VRP_INPUT_INVALID, {
        detail: `a route carries ${load} > capacity ${p.capacity}`,
      });
  }
  const missing = seen.indexOf(0, 1);
  if (missing > 0) throw new DosiError(E.VRP_INPUT_INVALID, { detail: `customer ${missing} is not served` });
  return cost;
}

function distanceOf(p: VrpProblem): (a: number, b: number) => number {
  const nn = p.demands.length;
  if (p.matrix) {
    const m = p.matrix;
    return (a, b) => m[a * nn + b]!;
  }
  const pts = p.points ?? [];
  const fn = p.distance ?? nintEuclidean;
  return (a, b) => fn(pts[a]!, pts[b]!);
}
