// The local search's working copy of a plan, as doubly linked lists in typed arrays. Customers are nodes
// 1..n; route r has a start depot node n+1+r and an end depot node n+1+R+r (both at location 0).
import type { Individual } from './individual.ts';
import { positiveMod, type Instance } from './instance.ts';

export class LsState {
  readonly inst: Instance;
  readonly n: number;
  readonly nn: number;
  readonly R: number;
  readonly D: Float64Array;
  readonly cap: number;
  readonly demandOf: Float64Array;
  readonly next: Int32Array;
  readonly prev: Int32Array;
  readonly routeOf: Int32Array;
  readonly pos: Int32Array;
  readonly loc: Int32Array;
  readonly cumLoad: Float64Array;
  readonly cumRev: Float64Array;
  readonly rLoad: Float64Array;
  readonly rDist: Float64Array;
  readonly rRev: Float64Array;
  readonly rPenalty: Float64Array;
  readonly rCount: Int32Array;
  readonly rModified: Int32Array;
  readonly rSecStart: Int32Array;
  readonly rSecEnd: Int32Array;
  readonly buf: Int32Array;
  penalty = 1;
  nbMoves = 0;
  searchCompleted = false;
  // The move under evaluation: nodes, their locations and loads (set by setU / setV).
  u = 0;
  x = 0;
  v = 0;
  y = 0;
  ru = 0;
  rv = 0;
  cU = 0;
  cX = 0;
  cPU = 0;
  cNX = 0;
  cV = 0;
  cY = 0;
  cPV = 0;
  cNY = 0;
  qU = 0;
  qX = 0;
  qV = 0;
  qY = 0;
  intra = false;

  constructor(inst: Instance) {
    this.inst = inst;
    this.n = inst.n;
    this.nn = inst.n + 1;
    this.R = inst.vehicles;
    this.D = inst.dist;
    this.cap = inst.capacity;
    this.demandOf = inst.demand;
    const total = this.nn + 2 * this.R;
    this.next = new Int32Array(total);
    this.prev = new Int32Array(total);
    this.routeOf = new Int32Array(total);
    this.pos = new Int32Array(total);
    this.loc = new Int32Array(total);
    for (let i = 1; i <= this.n; i++) this.loc[i] = i;
    this.cumLoad = new Float64Array(total);
    this.cumRev = new Float64Array(total);
    const R = this.R;
    this.rLoad = new Float64Array(R);
    this.rDist = new Float64Array(R);
    this.rRev = new Float64Array(R);
    this.rPenalty = new Float64Array(R);
    this.rCount = new Int32Array(R);
    this.rModified = new Int32Array(R);
    this.rSecStart = new Int32Array(R);
    this.rSecEnd = new Int32Array(R);
    this.buf = new Int32Array(this.nn + 2);
    for (let r = 0; r < R; r++) {
      this.routeOf[this.startOf(r)] = r;
      this.routeOf[this.endOf(r)] = r;
    }
  }

  startOf(r: number): number {
    return this.nn + r;
  }
  endOf(r: number): number {
    return this.nn + this.R + r;
  }
  isDepot(node: number): boolean {
    return node > this.n;
  }
  d(a: number, b: number): number {
    return this.D[a * this.nn + b]!;
  }
  penaltyLoad(load: number): number {
    return load > this.cap ? (load - this.cap) * this.penalty : 0;
  }

  /** Sets the U side of a move: U, its predecessor, X = U's successor and X's successor. */
  setU(u: number): void {
    this.u = u;
    this.x = this.next[u]!;
    this.ru = this.routeOf[u]!;
    this.cU = this.loc[u]!;
    this.cX = this.loc[this.x]!;
    this.cPU = this.loc[this.prev[u]!]!;
    this.cNX = this.isDepot(this.x) ? 0 : this.loc[this.next[this.x]!]!;
    this.qU = this.demandOf[this.cU]!;
    this.qX = this.demandOf[this.cX]!;
  }

  setV(v: number): void {
    this.v = v;
    this.y = this.next[v]!;
    this.rv = this.routeOf[v]!;
    this.cV = this.loc[v]!;
    this.cY = this.loc[this.y]!;
    this.cPV = this.isDepot(v) ? 0 : this.loc[this.prev[v]!]!;
    this.cNY = this.isDepot(this.y) ? 0 : this.loc[this.next[this.y]!]!;
    this.qV = this.demandOf[this.cV]!;
    this.qY = this.demandOf[this.cY]!;
    this.intra = this.ru === this.rv;
  }

  /** Moves node u right after node v. */
  insertNode(u: number, v: number): void {
    const { next, prev } = this;
    next[prev[u]!] = next[u]!;
    prev[next[u]!] = prev[u]!;
    prev[next[v]!] = u;
    prev[u] = v;
    next[u] = next[v]!;
    next[v] = u;
    this.routeOf[u] = this.routeOf[v]!;
  }

  /** Exchanges two non-adjacent nodes. */
  swapNode(u: number, v: number): void {
    const { next, prev, routeOf } = this;
    const pV = prev[v]!;
    const nV = next[v]!;
    const pU = prev[u]!;
    const nU = next[u]!;
    const rU = routeOf[u]!;
    next[pU] = v;
    prev[nU] = v;
    next[pV] = u;
    prev[nV] = u;
    prev[u] = pV;
    next[u] = nV;
    prev[v] = pU;
    next[v] = nU;
    routeOf[u] = routeOf[v]!;
    routeOf[v] = rU;
  }

  /** Makes route r visit `count` customers of `seq` in order. */
  relink(r: number, seq: Int32Array, count: number): void {
    let p = this.startOf(r);
    for (let k = 0; k < count; k++) {
      const c = seq[k]!;
      this.next[p] = c;
      this.prev[c] = p;
      this.routeOf[c] = r;
      p = c;
    }
    const end = this.endOf(r);
    this.next[p] = end;
    this.prev[end] = p;
  }

  /** Recomputes positions, cumulative loads, reversal costs, sector and penalty of route r. */
  updateRoute(r: number): void {
    const { next, pos, cumLoad, cumRev, loc } = this;
    const polar = this.inst.polar;
    let node = this.startOf(r);
    let k = 0;
    let load = 0;
    let dist = 0;
    let rev = 0;
    let first = true;
    cumLoad[node] = 0;
    cumRev[node] = 0;
    pos[node] = 0;
    const end = this.endOf(r);
    for (;;) {
      const nx = next[node]!;
      const a = loc[node]!;
      const b = loc[nx]!;
      load += this.demandOf[b]!;
      dist += this.d(a, b);
      rev += this.d(b, a) - this.d(a, b);
      cumLoad[nx] = load;
      cumRev[nx] = rev;
      pos[nx] = ++k;
      if (polar && !this.isDepot(nx)) this.extendSector(r, polar[b]!, first);
      first = false;
      if (nx === end) break;
      node = nx;
    }
    this.rLoad[r] = load;
    this.rDist[r] = dist;
    this.rRev[r] = rev;
    this.rCount[r] = k - 1;
    this.rPenalty[r] = this.penaltyLoad(load);
    this.rModified[r] = this.nbMoves;
  }

  private extendSector(r: number, angle: number, first: boolean): void {
    if (first) {
      this.rSecStart[r] = angle;
      this.rSecEnd[r] = angle;
      return;
    }
    const s = this.rSecStart[r]!;
    const e = this.rSecEnd[r]!;
    if (positiveMod(angle - s) <= positiveMod(e - s)) return;
    if (positiveMod(angle - e) <= positiveMod(s - angle)) this.rSecEnd[r] = angle;
    else this.rSecStart[r] = angle;
  }

  sectorsOverlap(r1: number, r2: number): boolean {
    const s1 = this.rSecStart[r1]!;
    const s2 = this.rSecStart[r2]!;
    return (
      positiveMod(s2 - s1) <= positiveMod(this.rSecEnd[r1]! - s1) ||
      positiveMod(s1 - s2) <= positiveMod(this.rSecEnd[r2]! - s2)
    );
  }

  load(ind: Individual): void {
    for (let r = 0; r < this.R; r++) {
      const route = ind.routes[r];
      this.relink(r, route ?? this.buf, route ? route.length : 0);
      this.updateRoute(r);
    }
  }

  /** Writes the routes back, ordered by the polar angle of their barycentre as HGS does. */
  exportTo(ind: Individual): void {
    const routes: { angle: number; seq: Int32Array }[] = [];
    for (let r = 0; r < this.R; r++) {
      const seq = new Int32Array(this.rCount[r]!);
      let node = this.next[this.startOf(r)]!;
      for (let k = 0; !this.isDepot(node); k++, node = this.next[node]!) seq[k] = node;
      routes.push({ angle: this.barycentreAngle(seq), seq });
    }
    routes.sort((a, b) => a.angle - b.angle);
    ind.routes = routes.map((r) => r.seq);
  }

  private barycentreAngle(seq: Int32Array): number {
    const polar = this.inst.polar;
    if (!polar || seq.length === 0) return seq.length === 0 ? 1e9 : 0;
    let sx = 0;
    let sy = 0;
    for (const c of seq) {
      sx += Math.cos((polar[c]! * Math.PI) / 32768);
      sy += Math.sin((polar[c]! * Math.PI) / 32768);
    }
    return Math.atan2(sy, sx);
  }
}
