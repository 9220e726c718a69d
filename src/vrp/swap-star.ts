// SWAP* (Vidal 2022 §4): exchange U of route A with V of route B, each reinserted at its best place in the
// other route, not necessarily where the other was. The three best insertion places of every customer in
// every route are cached and refreshed only when that route changes.
import { EPS } from './moves.ts';
import type { LsState } from './ls-state.ts';

const BIG = 1e30;

export class SwapStar {
  private readonly s: LsState;
  private readonly nn: number;
  /** [route][customer][k] → k-th best insertion cost and place (node after which to insert). */
  private readonly cost: Float64Array;
  private readonly place: Int32Array;
  private readonly when: Int32Array;
  private readonly removal: Float64Array;
  /** d(prev(u), next(u)) of the customers of the two routes under study. */
  private readonly bridge: Float64Array;

  constructor(s: LsState) {
    this.s = s;
    this.nn = s.n + 1;
    this.cost = new Float64Array(s.R * this.nn * 3);
    this.place = new Int32Array(s.R * this.nn * 3);
    this.when = new Int32Array(s.R * this.nn);
    this.removal = new Float64Array(this.nn);
    this.bridge = new Float64Array(this.nn);
  }

  /**
   * Whether SWAP* is worth running: its cache holds routes × customers entries, and each call costs the
   * product of two route lengths. With routes of more than 100 customers (2,000 bins on 10 trucks) one
   * education took ≈ 5 s instead of 0.5 s, and the plans after 10 s were worse with it than without.
   */
  static fits(s: LsState): boolean {
    const minRoutes = Math.max(1, Math.ceil(s.inst.totalDemand / s.cap - 1e-9));
    return s.R * (s.n + 1) <= 2_000_000 && s.n / minRoutes <= 100;
  }

  reset(): void {
    this.when.fill(-1);
  }

  /** Tries the best SWAP* (or relocation found on the way) between routes ru and rv; applies it if improving. */
  run(ru: number, rv: number): boolean {
    const s = this.s;
    this.preprocess(ru, rv);
    this.preprocess(rv, ru);
    const { next, demandOf, rLoad, rPenalty } = s;
    const removal = this.removal;
    let best = 0;
    let bu = -1;
    let bv = -1;
    let pu = -1;
    let pv = -1;
    for (let u = next[s.startOf(ru)]!; !s.isDepot(u); u = next[u]!) {
      const qu = demandOf[u]!;
      const ru0 = rLoad[ru]! - qu;
      const baseU = removal[u]! - rPenalty[ru]! - rPenalty[rv]!;
      for (let v = next[s.startOf(rv)]!; !s.isDepot(v); v = next[v]!) {
        const qv = demandOf[v]!;
        const base = baseU + removal[v]! + s.penaltyLoad(ru0 + qv) + s.penaltyLoad(rLoad[rv]! + qu - qv);
        if (base > 0) continue;
        const inU = this.cheapest(u, v, rv, false);
        if (base + inU >= best) continue;
        const placeU = this.lastPlace;
        const total = base + inU + this.cheapest(v, u, ru, true);
        if (total < best) {
          best = total;
          bu = u;
          bv = v;
          pu = placeU;
          pv = this.lastPlace;
        }
      }
    }
    const reloc = this.bestRelocation(ru, rv, best);
    if (reloc.u >= 0) return this.apply(reloc.u, reloc.place, -1, -1, ru, rv);
    if (best > -EPS) return false;
    return this.apply(bu, pu, bv, pv, ru, rv);
  }

  private lastPlace = -1;

  /** Cheapest insertion of u into route r while v leaves it; the cost is returned, the place kept. */
  private cheapest(u: number, v: number, r: number, placeFixed: boolean): number {
    const { next, prev, loc, D } = this.s;
    const nn = this.nn;
    const k0 = (r * nn + u) * 3;
    const places = this.place;
    let cost = BIG;
    let place = -1;
    for (let k = k0; k < k0 + 3; k++) {
      const p = places[k]!;
      if (p < 0) break;
      if (p !== v && next[p] !== v) {
        cost = this.cost[k]!;
        place = p;
        break;
      }
    }
    const a = loc[prev[v]!]!;
    const b = loc[next[v]!]!;
    // Symmetric matrices: read the rows of the node fixed in the caller's inner loop, which stay in cache.
    let inPlace: number;
    if (!this.s.inst.symmetric) inPlace = D[a * nn + u]! + D[u * nn + b]! - this.bridge[v]!;
    else if (placeFixed) inPlace = D[a * nn + u]! + D[b * nn + u]! - this.bridge[v]!;
    else inPlace = D[u * nn + a]! + D[u * nn + b]! - this.bridge[v]!;
    if (inPlace < cost) {
      cost = inPlace;
      place = prev[v]!;
    }
    this.lastPlace = place;
    return cost;
  }

  private bestRelocation(ru: number, rv: number, bound: number) {
    const s = this.s;
    let best = { cost: Math.min(bound, -EPS), u: -1, place: -1 };
    for (const [from, to] of [
      [ru, rv],
      [rv, ru],
    ] as const) {
      for (let u = s.next[s.startOf(from)]!; !s.isDepot(u); u = s.next[u]!) {
        const q = s.demandOf[u]!;
        const k0 = (to * this.nn + u) * 3;
        const c =
          this.removal[u]! +
          this.cost[k0]! +
          s.penaltyLoad(s.rLoad[from]! - q) -
          s.rPenalty[from]! +
          s.penaltyLoad(s.rLoad[to]! + q) -
          s.rPenalty[to]!;
        if (c < best.cost) best = { cost: c, u, place: this.place[k0]! };
      }
    }
    return best;
  }

  private apply(u: number, pu: number, v: number, pv: number, ru: number, rv: number): boolean {
    const s = this.s;
    if (u < 0) return false;
    s.insertNode(u, pu);
    if (v >= 0) s.insertNode(v, pv);
    s.nbMoves++;
    s.searchCompleted = false;
    s.updateRoute(ru);
    s.updateRoute(rv);
    return true;
  }

  /** Removal gains of the customers of r1 and their three best insertion places in r2. */
  private preprocess(r1: number, r2: number): void {
    const s = this.s;
    const { next, prev, loc, D } = s;
    const nn = this.nn;
    for (let u = next[s.startOf(r1)]!; !s.isDepot(u); u = next[u]!) {
      const pu = loc[prev[u]!]!;
      const x = loc[next[u]!]!;
      this.bridge[u] = D[pu * nn + x]!;
      this.removal[u] = this.bridge[u]! - D[pu * nn + u]! - D[u * nn + x]!;
      const w = r2 * nn + u;
      if (s.rModified[r2]! > this.when[w]!) this.insertionsOf(u, r2, w);
    }
  }

  /** The three best places of customer u in route r2 (symmetric matrices: reads stay in row u). */
  private insertionsOf(u: number, r2: number, w: number): void {
    const s = this.s;
    const { next, loc, D } = s;
    const nn = this.nn;
    const sym = s.inst.symmetric;
    this.when[w] = s.nbMoves;
    const k0 = w * 3;
    for (let k = 0; k < 3; k++) {
      this.cost[k0 + k] = BIG;
      this.place[k0 + k] = -1;
    }
    for (let v = s.startOf(r2); v !== s.endOf(r2); v = next[v]!) {
      const a = loc[v]!;
      const b = loc[next[v]!]!;
      const into = sym ? D[u * nn + a]! : D[a * nn + u]!;
      this.add(k0, into + D[u * nn + b]! - D[a * nn + b]!, v);
    }
  }

  private add(k0: number, c: number, p: number): void {
    const cost = this.cost;
    const place = this.place;
    if (c >= cost[k0 + 2]!) return;
    let k = 2;
    while (k > 0 && c < cost[k0 + k - 1]!) {
      cost[k0 + k] = cost[k0 + k - 1]!;
      place[k0 + k] = place[k0 + k - 1]!;
      k--;
    }
    cost[k0 + k] = c;
    place[k0 + k] = p;
  }
}
