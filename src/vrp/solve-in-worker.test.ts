import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { isDosiError } from '../kernel/index.ts';
import { parseCvrplib, problemFromCvrplib } from './cvrplib.ts';
import { solveInWorker } from './solve-in-worker.ts';
import { solveVrp } from './solver.ts';

const A32 = problemFromCvrplib(
  parseCvrplib(readFileSync(new URL('./testdata/A-n32-k5.vrp', import.meta.url), 'utf8')),
);

const isCode = (code: string) => (e: unknown) => isDosiError(e) && e.code === code;

describe('solveInWorker', () => {
  it('returns the same plan as the solver on this thread, with progress messages', async () => {
    const o = { seed: 3, maxIterations: 60, timeLimitMs: 30_000 };
    const progress: number[] = [];
    const inWorker = await solveInWorker(A32, { ...o, onProgress: (p) => progress.push(p.bestCost!) });
    assert.deepEqual(inWorker.routes, solveVrp(A32, o).routes);
    assert.ok(progress.length > 0);
    assert.equal(progress.at(-1), inWorker.cost);
  });

  it('passes coded errors through from the worker', async () => {
    await assert.rejects(
      solveInWorker({ ...A32, capacity: 10 }, { maxIterations: 5 }),
      isCode('DOSI_ERR_VRP_DEMAND_EXCEEDS_CAPACITY'),
    );
  });

  it('aborts and times out', async () => {
    const ac = new AbortController();
    const pending = solveInWorker(A32, { timeLimitMs: 20_000, signal: ac.signal });
    setTimeout(() => ac.abort(), 100);
    await assert.rejects(pending, isCode('DOSI_ERR_VRP_ABORTED'));
    await assert.rejects(
      solveInWorker(A32, { timeLimitMs: 20_000, timeoutMs: 300 }),
      isCode('DOSI_ERR_VRP_TIMEOUT'),
    );
  });
});

describe('solveInWorker input it cannot send', () => {
  it('rejects a distance function (it cannot cross threads) and an already aborted signal', async () => {
    await assert.rejects(
      solveInWorker({ ...A32, distance: () => 1 }, { maxIterations: 1 }),
      isCode('DOSI_ERR_VRP_UNSUPPORTED'),
    );
    await assert.rejects(solveInWorker(A32, { signal: AbortSignal.abort() }), isCode('DOSI_ERR_VRP_ABORTED'));
  });
});
