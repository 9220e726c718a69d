// HGS populations (Vidal 2022 §3): a feasible and an infeasible subpopulation, each ranked by biased
// fitness = cost rank + (1 − elite/size) × diversity rank, so survivors are good *and* different.
import { brokenPairs, cloneIndividual, type Individual } from './individual.ts';
import type { Rng } from './rng.ts';

export const POP = { mu: 25, lambda: 40, elite: 4, close: 5, targetFeasible: 0.2 } as const;

export class Population {
  feasible: Individual[] = [];
  infeasible: Individual[] = [];
  best: Individual | null = null;
  bestRestart: Individual | null = null;
  /** Feasibility of the last 100 educated individuals, for the penalty control. */
  private readonly history = new Uint8Array(100).fill(1);
  private historyPos = 0;
  private readonly n: number;

  constructor(n: number) {
    this.n = n;
  }

  /** Adds a copy of `ind`; true when it is a new best feasible plan. */
  add(ind: Individual, countFeasibility: boolean): boolean {
    if (countFeasibility) {
      this.history[this.historyPos] = ind.feasible ? 1 : 0;
      this.historyPos = (this.historyPos + 1) % this.history.length;
    }
    const sub = ind.feasible ? this.feasible : this.infeasible;
    const me = cloneIndividual(ind);
    for (const other of sub) {
      const d = brokenPairs(me, other, this.n);
      insertByDistance(other.proximity, d, me);
      insertByDistance(me.proximity, d, other);
    }
    let place = sub.length;
    while (place > 0 && sub[place - 1]!.penalized > me.penalized - 1e-6) place--;
    sub.splice(place, 0, me);
    if (sub.length > POP.mu + POP.lambda) while (sub.length > POP.mu) this.removeWorst(sub);
    if (!me.feasible) return false;
    if (!this.bestRestart || me.distance < this.bestRestart.distance - 1e-6) this.bestRestart = me;
    if (!this.best || me.distance < this.best.distance - 1e-6) {
      this.best = cloneIndividual(me);
      return true;
    }
    return false;
  }

  fractionFeasible(): number {
    let k = 0;
    for (const f of this.history) k += f;
    return k / this.history.length;
  }

  /** Re-prices the infeasible individuals after a penalty change and keeps them sorted. */
  reprice(penalty: number): void {
    for (const ind of this.infeasible) ind.penalized = ind.distance + penalty * ind.excess;
    this.infeasible.sort((a, b) => a.penalized - b.penalized);
  }

  /** Binary tournament on biased fitness over both subpopulations. */
  tournament(rng: Rng): Individual {
    this.updateBiasedFitness(this.feasible);
    this.updateBiasedFitness(this.infeasible);
    const size = this.feasible.length + this.infeasible.length;
    const pick = (i: number) =>
      i < this.feasible.length ? this.feasible[i]! : this.infeasible[i - this.feasible.length]!;
    const a = pick(rng.int(size));
    const b = pick(rng.int(size));
    return a.biasedFitness < b.biasedFitness ? a : b;
  }

  size(): number {
    return this.feasible.length + this.infeasible.length;
  }

  restart(): void {
    this.feasible = [];
    this.infeasible = [];
    this.bestRestart = null;
  }

  private updateBiasedFitness(sub: Individual[]): void {
    const m = sub.length;
    if (m === 1) sub[0]!.biasedFitness = 0;
    if (m <= 1) return;
    const ranking = sub.map((ind, i) => ({ div: -avgClosest(ind, POP.close), i }));
    ranking.sort((a, b) => a.div - b.div);
    ranking.forEach((r, pos) => {
      const divRank = pos / (m - 1);
      const fitRank = r.i / (m - 1);
      sub[r.i]!.biasedFitness = m <= POP.elite ? fitRank : fitRank + (1 - POP.elite / m) * divRank;
    });
  }

  private removeWorst(sub: Individual[]): void {
    this.updateBiasedFitness(sub);
    let worst = -1;
    let worstClone = false;
    let worstFitness = -1e30;
    for (let i = 1; i < sub.length; i++) {
      const ind = sub[i]!;
      const clone = avgClosest(ind, 1) < 1e-6;
      if ((clone && !worstClone) || (clone === worstClone && ind.biasedFitness > worstFitness)) {
        worst = i;
        worstClone = clone;
        worstFitness = ind.biasedFitness;
      }
    }
    const [gone] = sub.splice(worst, 1);
    for (const ind of sub) {
      const k = ind.proximity.findIndex((p) => p.other === gone);
      if (k >= 0) ind.proximity.splice(k, 1);
    }
  }
}

function insertByDistance(list: Individual['proximity'], d: number, other: Individual): void {
  let k = list.length;
  while (k > 0 && list[k - 1]!.d > d) k--;
  list.splice(k, 0, { d, other });
}

function avgClosest(ind: Individual, k: number): number {
  const m = Math.min(k, ind.proximity.length);
  if (m === 0) return 1;
  let sum = 0;
  for (let i = 0; i < m; i++) sum += ind.proximity[i]!.d;
  return sum / m;
}
