// Worker-thread entry of solveInWorker: solves one problem and posts progress and the result back.
import { parentPort, workerData } from 'node:worker_threads';
import { isDosiError } from '../kernel/index.ts';
import { detourDistance, euclidean, nintEuclidean } from './distance.ts';
import { solveVrp } from './solver.ts';
import type { DistanceFn, SolveOptions, VrpProblem } from './types.ts';
import type { WorkerRequest, WorkerReply } from './solve-in-worker.ts';

const post = (m: WorkerReply) => parentPort!.postMessage(m);

function distanceOf(req: WorkerRequest): DistanceFn | undefined {
  const d = req.distance;
  if (!d) return undefined;
  if (d.kind === 'nint') return nintEuclidean;
  if (d.kind === 'euclidean') return euclidean;
  return detourDistance(d.factor);
}

const req = workerData as WorkerRequest;
try {
  const distance = distanceOf(req);
  const problem: VrpProblem = { ...req.problem, ...(distance ? { distance } : {}) };
  const options: SolveOptions = {
    ...req.options,
    onProgress: (p) => post({ type: 'progress', progress: p }),
  };
  post({ type: 'done', solution: solveVrp(problem, options) });
} catch (err) {
  post(
    isDosiError(err)
      ? { type: 'error', code: err.code, params: { ...err.params } }
      : { type: 'error', code: null, params: { detail: (err as Error).message } },
  );
}
