// Validates a problem once and turns it into flat typed arrays for the search. Bad input fails here with a
// coded error naming the cause; nothing past this point has to check again.
import { DosiError, E } from '../kernel/index.ts';
import { nintEuclidean } from './distance.ts';
import { DEFAULT_MAX_CUSTOMERS, type SolveOptions, type VrpProblem } from './types.ts';

export interface Instance {
  /** Number of customers; nodes are 0 (depot) .. n. */
  readonly n: number;
  /** Row-major (n+1)² distances. */
  readonly dist: Float64Array;
  readonly demand: Float64Array;
  readonly capacity: number;
  readonly totalDemand: number;
  readonly maxDemand: number;
  readonly maxDist: number;
  /** Polar angle of each node around the depot in [0, 65536), or null without coordinates. */
  readonly polar: Int32Array | null;
  /** Granular neighbourhoods: the neighbours of i are nb[nbStart[i] .. nbStart[i+1]). */
  readonly nbStart: Int32Array;
  readonly nb: Int32Array;
  /** Vehicles (routes) available to the search. */
  readonly vehicles: number;
  /** d(i, j) = d(j, i) for all nodes: lets hot loops read one matrix row. */
  readonly symmetric: boolean;
}

const invalid = (detail: string) => new DosiError(E.VRP_INPUT_INVALID, { detail });

export function buildInstance(p: VrpProblem, o: SolveOptions = {}, granular = 20): Instance {
  if (o.maxRouteDuration !== undefined)
    throw new DosiError(E.VRP_UNSUPPORTED, { detail: 'maxRouteDuration (shift length)' });
  const n = p.demands.length - 1;
  if (n < 0) throw invalid('demands must list at least the depot');
  const limit = o.maxCustomers ?? DEFAULT_MAX_CUSTOMERS;
  if (n > limit) throw new DosiError(E.VRP_TOO_LARGE, { customers: n, limit });
  if (!Number.isFinite(p.capacity) || p.capacity <= 0)
    throw invalid(`capacity must be a positive number, got ${p.capacity}`);
  const demand = readDemands(p, n);
  const totalDemand = demand.reduce((a, b) => a + b, 0);
  const vehicles = fleetSize(o.maxVehicles, n, totalDemand, p.capacity);
  const dist = p.matrix ? readMatrix(p.matrix, n) : matrixFromPoints(p, n);
  let maxDist = 0;
  for (const d of dist) if (d > maxDist) maxDist = d;
  const { nbStart, nb } = neighbours(dist, n, granular);
  return {
    n,
    dist,
    demand,
    capacity: p.capacity,
    totalDemand,
    maxDemand: Math.max(0, ...demand),
    maxDist,
    polar: p.points ? polarAngles(p, n) : null,
    nbStart,
    nb,
    vehicles,
    symmetric: isSymmetric(dist, n + 1),
  };
}

function readDemands(p: VrpProblem, n: number): Float64Array {
  const demand = new Float64Array(n + 1);
  for (let i = 0; i <= n; i++) {
    const q = p.demands[i];
    if (typeof q !== 'number' || !Number.isFinite(q)) throw invalid(`demand of node ${i} is ${q}`);
    if (q < 0) throw invalid(`demand of node ${i} is negative (${q})`);
    if (q > p.capacity)
      throw new DosiError(E.VRP_DEMAND_EXCEEDS_CAPACITY, { customer: i, demand: q, capacity: p.capacity });
    demand[i] = q;
  }
  if (demand[0] !== 0) throw invalid(`the depot (node 0) must have demand 0, got ${demand[0]}`);
  return demand;
}

function fleetSize(max: number | undefined, n: number, total: number, capacity: number): number {
  if (max === undefined) return n === 0 ? 0 : Math.ceil((1.3 * total) / capacity) + 3;
  if (!Number.isInteger(max) || max < 0) throw invalid(`maxVehicles must be a whole number ≥ 0, got ${max}`);
  if (n > 0 && (max === 0 || total > max * capacity + 1e-9))
    throw new DosiError(E.VRP_FLEET_TOO_SMALL, { vehicles: max, capacity, demand: total });
  return Math.min(max, n);
}

function readMatrix(m: ArrayLike<number>, n: number): Float64Array {
  const nn = n + 1;
  if (m.length !== nn * nn) throw invalid(`matrix has ${m.length} entries, expected ${nn}×${nn}`);
  const dist = new Float64Array(nn * nn);
  for (let i = 0; i < nn; i++)
    for (let j = 0; j < nn; j++) {
      const d = m[i * nn + j];
      if (i === j) continue;
      if (typeof d !== 'number' || !Number.isFinite(d) || d < 0)
        throw new DosiError(E.VRP_DISCONNECTED, { from: i, to: j, value: String(d) });
      dist[i * nn + j] = d;
    }
  return dist;
}

function matrixFromPoints(p: VrpProblem, n: number): Float64Array {
  const pts = p.points;
  if (!pts) throw invalid('give either points or a distance matrix');
  if (pts.length !== n + 1) throw invalid(`${pts.length} points for ${n + 1} nodes`);
  pts.forEach((pt, i) => {
    if (!Number.isFinite(pt.x) || !Number.isFinite(pt.y))
      throw invalid(`coordinates of node ${i} are not finite (${pt.x}, ${pt.y})`);
  });
  const fn = p.distance ?? nintEuclidean;
  const nn = n + 1;
  const dist = new Float64Array(nn * nn);
  for (let i = 0; i < nn; i++)
    for (let j = 0; j < nn; j++) {
      if (i === j) continue;
      const d = fn(pts[i]!, pts[j]!);
      if (!Number.isFinite(d) || d < 0)
        throw new DosiError(E.VRP_DISCONNECTED, { from: i, to: j, value: String(d) });
      dist[i * nn + j] = d;
    }
  return dist;
}

function polarAngles(p: VrpProblem, n: number): Int32Array {
  const pts = p.points!;
  const depot = pts[0]!;
  const polar = new Int32Array(n + 1);
  for (let i = 1; i <= n; i++) {
    const a = Math.atan2(pts[i]!.y - depot.y, pts[i]!.x - depot.x);
    polar[i] = positiveMod(Math.round((32768 * a) / Math.PI));
  }
  return polar;
}

export const positiveMod = (i: number): number => ((i % 65536) + 65536) % 65536;

/** The `granular` nearest customers of each customer, made symmetric (if j is near i, i is near j). */
function neighbours(dist: Float64Array, n: number, granular: number) {
  const nn = n + 1;
  const k = Math.min(granular, n - 1);
  const sets: Set<number>[] = Array.from({ length: nn }, () => new Set<number>());
  const best = new Int32Array(Math.max(k, 1));
  for (let i = 1; i <= n && k > 0; i++) {
    let size = 0;
    for (let j = 1; j <= n; j++) {
      if (j === i) continue;
      const d = dist[i * nn + j]!;
      if (size === k && d >= dist[i * nn + best[k - 1]!]!) continue;
      let pos = size < k ? size++ : k - 1;
      while (pos > 0 && dist[i * nn + best[pos - 1]!]! > d) {
        best[pos] = best[pos - 1]!;
        pos--;
      }
      best[pos] = j;
    }
    for (let t = 0; t < size; t++) {
      sets[i]!.add(best[t]!);
      sets[best[t]!]!.add(i);
    }
  }
  const nbStart = new Int32Array(nn + 1);
  for (let i = 0; i < nn; i++) nbStart[i + 1] = nbStart[i]! + sets[i]!.size;
  const nb = new Int32Array(nbStart[nn]!);
  for (let i = 0; i < nn; i++)
    nb.set(
      [...sets[i]!].sort((a, b) => a - b),
      nbStart[i],
    );
  return { nbStart, nb };
}

function isSymmetric(dist: Float64Array, nn: number): boolean {
  for (let i = 0; i < nn; i++)
    for (let j = i + 1; j < nn; j++) if (dist[i * nn + j] !== dist[j * nn + i]) return false;
  return true;
}
