// Hybrid genetic search for the CVRP (Vidal 2022, "Hybrid genetic search for the CVRP: open-source
// implementation and SWAP* neighborhood"): giant tours split into routes, OX crossover, local search as
// education, capacity excess penalised with a penalty steered towards 20 % feasible offspring.
import { DosiError, E } from '../kernel/index.ts';
import { orderedCrossover } from './crossover.ts';
import { evaluate, newIndividual, type Individual } from './individual.ts';
import { buildInstance, type Instance } from './instance.ts';
import { LocalSearch } from './local-search.ts';
import { Population, POP } from './population.ts';
import { createRng, shuffle, type Rng } from './rng.ts';
import { split } from './split.ts';
import type { SolveOptions, VrpProblem, VrpSolution } from './types.ts';

const NO_IMPROVEMENT_RESTART = 20_000;
/** Neighbours per customer in the local search, as in HGS. 12 looked better on A-n63…A-n80 at 1 s but
 *  lost optima on clustered B and P instances (B-n56-k7, P-n76-k4). */
const GRANULAR = 20;
/** From this many customers, every initial tour is a sweep: random ones take seconds to educate. */
const SWEEP_FROM = 500;

interface Search {
  inst: Instance;
  rng: Rng;
  ls: LocalSearch;
  pop: Population;
  penalty: number;
  now: () => number;
  t0: number;
  deadline: number;
  iteration: number;
  timeToBest: number;
  o: SolveOptions;
}

/** Solves a CVRP; returns the best feasible plan found within the time or iteration budget. */
export function solveVrp(problem: VrpProblem, o: SolveOptions = {}): VrpSolution {
  const now = o.now ?? (() => performance.now());
  const t0 = now();
  const inst = buildInstance(problem, o, GRANULAR);
  if (inst.n === 0) return { routes: [], cost: 0, iterations: 0, elapsedMs: 0, timeToBestMs: 0 };
  const search: Search = {
    inst,
    rng: createRng(o.seed ?? 1),
    ls: new LocalSearch(inst),
    pop: new Population(inst.n),
    penalty: Math.max(0.1, Math.min(1000, inst.maxDist / Math.max(inst.maxDemand, 1e-9))),
    now,
    t0,
    deadline: t0 + deadlineAfter(o.timeLimitMs ?? 1000),
    iteration: 0,
    timeToBest: 0,
    o,
  };
  initialPopulation(search);
  evolve(search);
  return result(search);
}

/** Stops 2 % (at most 50 ms) early: the last local search and the hand-over still fit in the budget. */
const deadlineAfter = (limitMs: number) => limitMs - Math.min(limitMs * 0.02, 50);

const timeUp = (s: Search) => s.now() > s.deadline || s.iteration >= (s.o.maxIterations ?? Infinity);

/** Educates an individual; repairs it with a 10× penalty half of the time when it stays infeasible. */
function educateAndAdd(s: Search, ind: Individual): boolean {
  s.ls.run(ind, s.penalty, s.rng, s.deadline, s.now);
  let isBest = s.pop.add(ind, true);
  if (!ind.feasible && s.rng.int(2) === 0) {
    s.ls.run(ind, s.penalty * 10, s.rng, s.deadline, s.now);
    if (ind.feasible) isBest = s.pop.add(ind, false) || isBest;
  }
  if (isBest) {
    s.timeToBest = s.now() - s.t0;
    s.o.onProgress?.({ iteration: s.iteration, elapsedMs: s.timeToBest, bestCost: s.pop.best!.distance });
  }
  return isBest;
}

/** 4μ educated individuals as in HGS, but at most half the time left: large problems must still evolve. */
function initialPopulation(s: Search): void {
  const { inst } = s;
  const start = s.now();
  const until = start + (s.deadline - start) / 2;
  for (let i = 0; i < 4 * POP.mu && (i < 2 || (!timeUp(s) && s.now() < until)); i++) {
    const giant = initialTour(s, i);
    const ind = newIndividual(inst, giant);
    ind.routes = split(inst, giant, s.penalty, inst.vehicles);
    evaluate(inst, ind, s.penalty);
    educateAndAdd(s, ind);
  }
}

/** Random giant tours as in HGS; with coordinates the first (on large problems every one) is a sweep. */
function initialTour(s: Search, i: number): Int32Array {
  const { inst, rng } = s;
  const giant = Int32Array.from({ length: inst.n }, (_, k) => k + 1);
  const polar = inst.polar;
  if (!polar || (i > 0 && inst.n < SWEEP_FROM)) {
    shuffle(giant, rng);
    return giant;
  }
  // Sweep around the depot from a random angle: routes come out as sectors, which the search refines fast.
  const offset = i === 0 ? 0 : rng.int(65536);
  const key = (c: number) => (polar[c]! - offset + 65536) % 65536;
  return giant.sort((a, b) => key(a) - key(b));
}

function evolve(s: Search): void {
  const { inst } = s;
  const lowerBound = Math.ceil(inst.totalDemand / inst.capacity - 1e-9);
  const seen = new Uint8Array(inst.n + 1);
  let nonProductive = 1;
  while (!timeUp(s) && s.pop.size() > 0) {
    s.iteration++;
    const a = s.pop.tournament(s.rng);
    const b = s.pop.tournament(s.rng);
    const child = newIndividual(inst, new Int32Array(inst.n));
    orderedCrossover(a.giant, b.giant, s.rng, child.giant, seen);
    const fleet = Math.min(inst.vehicles, Math.max(a.nbRoutes, lowerBound));
    child.routes = split(inst, child.giant, s.penalty, fleet);
    evaluate(inst, child, s.penalty);
    nonProductive = educateAndAdd(s, child) ? 1 : nonProductive + 1;
    if (s.iteration % 100 === 0) managePenalty(s);
    if (nonProductive === NO_IMPROVEMENT_RESTART) {
      s.pop.restart();
      initialPopulation(s);
      nonProductive = 1;
    }
  }
}

/** Keeps about 20 % of educated offspring feasible (HGS: ×1.2 when too few, ×0.85 when too many). */
function managePenalty(s: Search): void {
  const f = s.pop.fractionFeasible();
  if (f < POP.targetFeasible - 0.05 && s.penalty < 100_000) s.penalty = Math.min(s.penalty * 1.2, 100_000);
  else if (f > POP.targetFeasible + 0.05 && s.penalty > 0.1) s.penalty = Math.max(s.penalty * 0.85, 0.1);
  s.pop.reprice(s.penalty);
}

function result(s: Search): VrpSolution {
  const best = s.pop.best;
  const elapsedMs = s.now() - s.t0;
  if (!best) throw new DosiError(E.VRP_NO_FEASIBLE, { vehicles: s.inst.vehicles, ms: Math.round(elapsedMs) });
  return {
    routes: best.routes.filter((r) => r.length > 0).map((r) => Array.from(r)),
    cost: best.distance,
    iterations: s.iteration,
    elapsedMs,
    timeToBestMs: s.timeToBest,
  };
}
