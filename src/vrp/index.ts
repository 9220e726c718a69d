// Capacitated vehicle routing: a hybrid genetic search solver, CVRPLIB files, and a worker-thread runner.
export { solveVrp } from './solver.ts';
export { solveInWorker, type WorkerSolveOptions, type WorkerDistance } from './solve-in-worker.ts';
export { parseCvrplib, problemFromCvrplib, formatSolution, type CvrpFile } from './cvrplib.ts';
export { nintEuclidean, euclidean, detourDistance } from './distance.ts';
export { planCost } from './plan-cost.ts';
export { registerVrpCommand, type VrpCommandDeps } from './cli.ts';
export {
  DEFAULT_MAX_CUSTOMERS,
  type DistanceFn,
  type Point,
  type SolveOptions,
  type VrpProblem,
  type VrpProgress,
  type VrpSolution,
} from './types.ts';
