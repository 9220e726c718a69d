// Runs the solver in a worker thread so the server's event loop stays free. Functions cannot cross the
// thread boundary, so the distance is named ({kind}) rather than passed; progress comes back as messages.
import { Worker } from 'node:worker_threads';
import { DosiError, E, errorRegistry, type ErrorDefinition } from '../kernel/index.ts';
import type { SolveOptions, VrpProblem, VrpProgress, VrpSolution } from './types.ts';

export type WorkerDistance =
  | { readonly kind: 'nint' }
  | { readonly kind: 'euclidean' }
  | { readonly kind: 'detour'; readonly factor: number };

export interface WorkerSolveOptions extends Omit<SolveOptions, 'onProgress' | 'now'> {
  /** Distance for coordinate problems; default nint Euclidean. Ignored with a matrix. */
  readonly distance?: WorkerDistance;
  readonly onProgress?: (p: VrpProgress) => void;
  /** Stops the worker and rejects with DOSI_ERR_VRP_ABORTED. */
  readonly signal?: AbortSignal;
  /** Hard wall-clock limit of the worker; default timeLimitMs + 10 s. Rejects with DOSI_ERR_VRP_TIMEOUT. */
  readonly timeoutMs?: number;
}

export interface WorkerRequest {
  problem: Omit<VrpProblem, 'distance'>;
  options: Omit<SolveOptions, 'onProgress' | 'now'>;
  distance?: WorkerDistance;
}

export type WorkerReply =
  | { type: 'progress'; progress: VrpProgress }
  | { type: 'done'; solution: VrpSolution }
  | { type: 'error'; code: string | null; params: Record<string, unknown> };

// Node 20 cannot run .ts by itself, and `--import tsx` in a worker's execArgv does not reach its entry
// module: a tiny eval'd bootstrap registers tsx's loader in the worker, then imports the real entry.
const WORKER_URL = new URL('./solver.worker.ts', import.meta.url).href;
const TSX_API = import.meta.resolve('tsx/esm/api');
const BOOTSTRAP = `import(${JSON.stringify(TSX_API)}).then((t) => { t.register(); return import(${JSON.stringify(WORKER_URL)}); })`;

export function solveInWorker(problem: VrpProblem, o: WorkerSolveOptions = {}): Promise<VrpSolution> {
  const { distance, onProgress, signal, timeoutMs, ...options } = o;
  if (problem.distance)
    return rejected(E.VRP_UNSUPPORTED, {
      detail: 'a distance function in a worker; name it in options.distance',
    });
  if (signal?.aborted) return rejected(E.VRP_ABORTED, {});
  const { distance: _fn, ...plain } = problem;
  const data: WorkerRequest = { problem: plain, options, ...(distance ? { distance } : {}) };
  const worker = new Worker(BOOTSTRAP, { eval: true, workerData: data });
  const limit = timeoutMs ?? (options.timeLimitMs ?? 1000) + 10_000;
  return new Promise<VrpSolution>((resolve, reject) => {
    let settled = false;
    const finish = (err: Error | null, sol?: VrpSolution) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
      if (err) reject(err);
      else resolve(sol!);
    };
    const onAbort = () => finish(new DosiError(E.VRP_ABORTED));
    const timer = setTimeout(() => finish(new DosiError(E.VRP_TIMEOUT, { ms: limit })), limit);
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (m: WorkerReply) => {
      if (m.type === 'progress') onProgress?.(m.progress);
      else if (m.type === 'done') finish(null, m.solution);
      else finish(rebuildError(m.code, m.params));
    });
    worker.on('error', (err) =>
      finish(new DosiError(E.VRP_WORKER_FAILED, { detail: err.message }, { cause: err })),
    );
    worker.on('exit', (code) =>
      finish(new DosiError(E.VRP_WORKER_FAILED, { detail: `exited with code ${code}` })),
    );
  });
}

const rejected = (def: ErrorDefinition, params: Record<string, unknown>) =>
  Promise.reject(new DosiError(def, params));

function rebuildError(code: string | null, params: Record<string, unknown>): DosiError {
  const def = errorRegistry().find((d) => d.code === code);
  return def ? new DosiError(def, params) : new DosiError(E.VRP_WORKER_FAILED, params);
}
