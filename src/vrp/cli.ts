// `dosi vrp solve FILE.vrp`: solves a CVRPLIB instance and prints the plan in CVRPLIB .sol format.
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { DosiError, E } from '../kernel/index.ts';
import { formatSolution, parseCvrplib, problemFromCvrplib } from './cvrplib.ts';
import { solveInWorker } from './solve-in-worker.ts';

export interface VrpCommandDeps {
  /** Where the .sol text goes (default process.stdout). */
  out?: { write(s: string): unknown };
}

interface SolveFlags {
  timeLimit: string;
  seed: string;
  vehicles?: string;
}

function numberFlag(name: string, v: string, min: number, integer: boolean): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n < min || (integer && !Number.isInteger(n)))
    throw new DosiError(E.VRP_INPUT_INVALID, {
      detail: `--${name} must be ${integer ? 'an integer' : 'a number'} ≥ ${min}, got '${v}'`,
    });
  return n;
}

export function registerVrpCommand(program: Command, deps: VrpCommandDeps = {}): void {
  const vrp = program.command('vrp').description('capacitated vehicle routing');
  vrp
    .command('solve <file>')
    .description('solve a CVRPLIB .vrp file; prints the CVRPLIB .sol (customers 1..n, then Cost)')
    .option('--time-limit <seconds>', 'search time', '1')
    .option('--seed <n>', 'seed of the search', '1')
    .option('--vehicles <n>', 'largest fleet (default: unlimited)')
    .action(async (file: string, o: SolveFlags) => {
      const text = await readFile(file, 'utf8');
      const problem = problemFromCvrplib(parseCvrplib(text));
      const solution = await solveInWorker(problem, {
        distance: { kind: 'nint' },
        timeLimitMs: numberFlag('time-limit', o.timeLimit, 0, false) * 1000,
        seed: numberFlag('seed', o.seed, 0, true),
        ...(o.vehicles ? { maxVehicles: numberFlag('vehicles', o.vehicles, 1, true) } : {}),
      });
      (deps.out ?? process.stdout).write(formatSolution(solution.routes, solution.cost));
    });
}
