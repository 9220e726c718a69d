// The education step of HGS: first-improvement local search over granular neighbourhoods (each customer
// against its nearest neighbours), then SWAP* between routes whose polar sectors overlap, until no move
// improves the penalised cost.
import { evaluate, type Individual } from './individual.ts';
import type { Instance } from './instance.ts';
import { LsState } from './ls-state.ts';
import { move1, move2, move3, move4, move5, move6 } from './moves.ts';
import { shuffle, type Rng } from './rng.ts';
import { SwapStar } from './swap-star.ts';
import { move7, move8, move9 } from './two-opt.ts';

export class LocalSearch {
  readonly s: LsState;
  private readonly swapStar: SwapStar | null;
  private readonly order: Int32Array;
  private readonly routeOrder: Int32Array;
  private readonly nbs: Int32Array;
  private readonly whenTested: Int32Array;
  private readonly routeTested: Int32Array;

  constructor(inst: Instance) {
    this.s = new LsState(inst);
    this.swapStar = SwapStar.fits(this.s) ? new SwapStar(this.s) : null;
    this.order = Int32Array.from({ length: inst.n }, (_, i) => i + 1);
    this.routeOrder = Int32Array.from({ length: inst.vehicles }, (_, i) => i);
    this.nbs = inst.nb.slice();
    this.whenTested = new Int32Array(inst.n + 1);
    this.routeTested = new Int32Array(inst.vehicles);
  }

  /** Improves `ind` in place under the given capacity penalty; stops early (still valid) at `deadline`. */
  run(ind: Individual, penalty: number, rng: Rng, deadline = Infinity, now = () => 0): void {
    const s = this.s;
    s.penalty = penalty;
    s.nbMoves = 0;
    s.load(ind);
    this.whenTested.fill(-1);
    this.routeTested.fill(-1);
    this.swapStar?.reset();
    this.shuffleAll(rng);
    s.searchCompleted = false;
    for (let loop = 0; !s.searchCompleted; loop++) {
      if (loop > 1) s.searchCompleted = true;
      if (!this.granularPass(loop, deadline, now)) break;
      if (this.swapStar && !this.swapStarPass(loop, deadline, now)) break;
    }
    s.exportTo(ind);
    evaluate(s.inst, ind, penalty);
  }

  private shuffleAll(rng: Rng): void {
    shuffle(this.order, rng);
    shuffle(this.routeOrder, rng);
    const { nbStart } = this.s.inst;
    for (let i = 1; i <= this.s.n; i++)
      if (rng.int(20) === 0) shuffle(this.nbs.subarray(nbStart[i], nbStart[i + 1]), rng);
  }

  /** One pass of moves 1–9 over every customer; false when the deadline passed. */
  private granularPass(loop: number, deadline: number, now: () => number): boolean {
    const s = this.s;
    const { nbStart } = s.inst;
    for (let k = 0; k < this.order.length; k++) {
      if ((k & 63) === 63 && now() > deadline) return false;
      const u = this.order[k]!;
      const lastTested = this.whenTested[u]!;
      this.whenTested[u] = s.nbMoves;
      for (let t = nbStart[u]!; t < nbStart[u + 1]!; t++) {
        const v = this.nbs[t]!;
        const changed = Math.max(s.rModified[s.routeOf[u]!]!, s.rModified[s.routeOf[v]!]!);
        if (loop === 0 || changed > lastTested) this.tryPair(u, v);
      }
      if (loop > 0) this.tryEmptyRoute(u);
    }
    return true;
  }

  private tryPair(u: number, v: number): void {
    const s = this.s;
    s.setU(u);
    s.setV(v);
    if (move1(s) || move2(s) || move3(s) || move4(s) || move5(s) || move6(s)) return;
    if (s.intra ? move7(s) : move8(s) || move9(s)) return;
    const pv = s.prev[v]!;
    if (!s.isDepot(pv)) return;
    s.setV(pv);
    if (move1(s) || move2(s) || move3(s)) return;
    if (!s.intra) void (move8(s) || move9(s));
  }

  private tryEmptyRoute(u: number): void {
    const s = this.s;
    for (let r = 0; r < s.R; r++) {
      if (s.rCount[r] !== 0) continue;
      s.setU(u);
      s.setV(s.startOf(r));
      void (move1(s) || move2(s) || move3(s) || move9(s));
      return;
    }
  }

  /** SWAP* between every pair of changed routes whose sectors overlap; false when the deadline passed. */
  private swapStarPass(loop: number, deadline: number, now: () => number): boolean {
    const s = this.s;
    const sw = this.swapStar!;
    const hasSectors = s.inst.polar !== null;
    for (const ru of this.routeOrder) {
      const lastTested = this.routeTested[ru]!;
      this.routeTested[ru] = s.nbMoves;
      for (const rv of this.routeOrder) {
        if (ru >= rv || s.rCount[ru] === 0 || s.rCount[rv] === 0) continue;
        if (loop > 0 && Math.max(s.rModified[ru]!, s.rModified[rv]!) <= lastTested) continue;
        if (hasSectors && !s.sectorsOverlap(ru, rv)) continue;
        if (now() > deadline) return false;
        sw.run(ru, rv);
      }
    }
    return true;
  }
}
