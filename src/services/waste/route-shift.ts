// The heart of a collection plan, shared by the planner and the month simulation: choose the bins of a
// shift, route the due ones with the solver, add the bins worth taking on the way, route all again.
import { DosiError, E } from '../../kernel/index.ts';
import {
  cheapestInsertion,
  demandOf,
  fitFleet,
  projector,
  selectForShift,
  type Candidate,
  type Fleet,
  type LonLat,
  type Projected,
  type Selection,
  type StopReason,
} from './domain/plan.ts';
import type { RouteSolverPort } from './ports.ts';

const DAY = 24 * 3_600_000;

export interface ShiftRoutes {
  sel: Selection;
  /** The bins routed; `routes` hold 1-based indexes into it. */
  take: Candidate[];
  routes: number[][];
  reason: Map<string, StopReason>;
  solverMs: number;
}

/** Routes the bins with the solver; when the fleet cannot take them all, the last ones go. */
async function route(
  solver: RouteSolverPort,
  bins: readonly Candidate[],
  proj: (p: LonLat) => Projected,
  depot: LonLat,
  capacity: number,
  fleet: Fleet,
  o: { timeLimitMs: number; seed: number },
): Promise<{ routes: number[][]; taken: Candidate[]; ms: number }> {
  const take = [...bins];
  let ms = 0;
  for (;;) {
    if (take.length === 0) return { routes: [], taken: take, ms };
    try {
      const sol = await solver.solve({
        points: [proj(depot), ...take.map((c) => proj(c.location))],
        demands: [0, ...take.map(demandOf)],
        capacity,
        maxVehicles: fleet.trucks.length,
        detourFactor: fleet.detourFactor,
        timeLimitMs: o.timeLimitMs,
        seed: o.seed,
      });
      return { routes: sol.routes, taken: take, ms: ms + sol.elapsedMs };
    } catch (err) {
      const code = err instanceof DosiError ? err.code : '';
      if (code !== E.VRP_NO_FEASIBLE.code && code !== E.VRP_FLEET_TOO_SMALL.code) throw err;
      take.pop();
      ms += o.timeLimitMs;
    }
  }
}

export async function routeShift(
  solver: RouteSolverPort,
  cands: readonly Candidate[],
  depot: LonLat,
  shiftMs: number,
  fleet: Fleet,
  o: { timeLimitMs: number; seed: number },
): Promise<ShiftRoutes> {
  // The solver takes one capacity: the smallest truck's, so every route fits every truck.
  const capacity = Math.min(...fleet.trucks.map((t) => t.capacityL));
  const homogeneous = { ...fleet, trucks: fleet.trucks.map((t) => ({ ...t, capacityL: capacity })) };
  const sel = selectForShift(cands, shiftMs + DAY, fleet);
  const fit = fitFleet(sel.due, homogeneous);
  const proj = projector(depot);
  const half = { timeLimitMs: Math.round(o.timeLimitMs / 2), seed: o.seed };

  // 1. The due bins. 2. Bins on the way where a route passes close and has room. 3. All of them again.
  const first = await route(solver, fit.take, proj, depot, capacity, fleet, half);
  let take = first.taken;
  const reason = new Map<string, StopReason>(take.map((c) => [c.id, 'due']));
  const paths = first.routes.map((r) => r.map((i) => proj(take[i - 1]!.location)));
  const loads = first.routes.map((r) => r.reduce((s, i) => s + demandOf(take[i - 1]!), 0));
  const caps = first.routes.map(() => capacity);
  const extra: Candidate[] = [];
  for (const c of sel.optional) {
    const p = proj(c.location);
    const ins = cheapestInsertion(proj(depot), paths, loads, caps, p, demandOf(c), fleet.detourFactor);
    if (!ins || ins.extraM > fleet.maxDetourM) continue;
    paths[ins.route]!.splice(ins.at, 0, p);
    loads[ins.route]! += demandOf(c);
    extra.push(c);
  }
  let routes = first.routes;
  let solverMs = first.ms;
  if (extra.length) {
    // Dropping starts from the end: optional bins go before any due bin does.
    const second = await route(solver, [...take, ...extra], proj, depot, capacity, fleet, half);
    take = second.taken;
    for (const c of extra) reason.set(c.id, 'onTheWay');
    routes = second.routes;
    solverMs += second.ms;
  }
  return { sel, take, routes, reason, solverMs };
}
