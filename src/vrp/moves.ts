// Relocate and swap moves of the local search (HGS moves 1–6), evaluated in O(1) on penalised cost:
// distance change plus the change of capacity-excess penalty of the two routes.
import type { LsState } from './ls-state.ts';

export const EPS = 1e-5;

/** Penalised cost of a move changing route U by (dU, qU) and route V by (dV, qV). */
function moveCost(s: LsState, dU: number, dV: number, qU: number, qV: number): number {
  if (s.intra) return dU + dV;
  const ru = s.ru;
  const rv = s.rv;
  // Pruning: the penalty can at best fall to zero.
  if (dU + dV >= s.rPenalty[ru]! + s.rPenalty[rv]!) return 0;
  return (
    dU +
    dV +
    s.penaltyLoad(s.rLoad[ru]! + qU) -
    s.rPenalty[ru]! +
    s.penaltyLoad(s.rLoad[rv]! + qV) -
    s.rPenalty[rv]!
  );
}

export function applied(s: LsState): true {
  s.nbMoves++;
  s.searchCompleted = false;
  s.updateRoute(s.ru);
  if (!s.intra) s.updateRoute(s.rv);
  return true;
}

/** 1: relocate U after V. */
export function move1(s: LsState): boolean {
  if (s.u === s.y) return false;
  const dU = s.d(s.cPU, s.cX) - s.d(s.cPU, s.cU) - s.d(s.cU, s.cX);
  const dV = s.d(s.cV, s.cU) + s.d(s.cU, s.cY) - s.d(s.cV, s.cY);
  if (moveCost(s, dU, dV, -s.qU, s.qU) > -EPS) return false;
  s.insertNode(s.u, s.v);
  return applied(s);
}

/** 2: relocate the pair (U, X) after V. */
export function move2(s: LsState): boolean {
  if (s.u === s.y || s.v === s.x || s.isDepot(s.x)) return false;
  const dU = s.d(s.cPU, s.cNX) - s.d(s.cPU, s.cU) - s.d(s.cX, s.cNX);
  const dV = s.d(s.cV, s.cU) + s.d(s.cX, s.cY) - s.d(s.cV, s.cY);
  const q = s.qU + s.qX;
  if (moveCost(s, dU, dV, -q, q) > -EPS) return false;
  const x = s.x;
  s.insertNode(s.u, s.v);
  s.insertNode(x, s.u);
  return applied(s);
}

/** 3: relocate the pair (U, X) after V as (X, U). */
export function move3(s: LsState): boolean {
  if (s.u === s.y || s.v === s.x || s.isDepot(s.x)) return false;
  const dU = s.d(s.cPU, s.cNX) - s.d(s.cPU, s.cU) - s.d(s.cU, s.cX) - s.d(s.cX, s.cNX);
  const dV = s.d(s.cV, s.cX) + s.d(s.cX, s.cU) + s.d(s.cU, s.cY) - s.d(s.cV, s.cY);
  const q = s.qU + s.qX;
  if (moveCost(s, dU, dV, -q, q) > -EPS) return false;
  const x = s.x;
  s.insertNode(x, s.v);
  s.insertNode(s.u, x);
  return applied(s);
}

/** 4: swap U and V. */
export function move4(s: LsState): boolean {
  if (s.u === s.prev[s.v] || s.u === s.y) return false;
  const dU = s.d(s.cPU, s.cV) + s.d(s.cV, s.cX) - s.d(s.cPU, s.cU) - s.d(s.cU, s.cX);
  const dV = s.d(s.cPV, s.cU) + s.d(s.cU, s.cY) - s.d(s.cPV, s.cV) - s.d(s.cV, s.cY);
  if (moveCost(s, dU, dV, s.qV - s.qU, s.qU - s.qV) > -EPS) return false;
  s.swapNode(s.u, s.v);
  return applied(s);
}

/** 5: swap the pair (U, X) with V. */
export function move5(s: LsState): boolean {
  const pV = s.prev[s.v];
  if (s.u === pV || s.x === pV || s.u === s.y || s.isDepot(s.x)) return false;
  const dU = s.d(s.cPU, s.cV) + s.d(s.cV, s.cNX) - s.d(s.cPU, s.cU) - s.d(s.cX, s.cNX);
  const dV = s.d(s.cPV, s.cU) + s.d(s.cX, s.cY) - s.d(s.cPV, s.cV) - s.d(s.cV, s.cY);
  const q = s.qU + s.qX;
  if (moveCost(s, dU, dV, s.qV - q, q - s.qV) > -EPS) return false;
  const x = s.x;
  s.swapNode(s.u, s.v);
  s.insertNode(x, s.u);
  return applied(s);
}

/** 6: swap the pair (U, X) with the pair (V, Y). */
export function move6(s: LsState): boolean {
  if (s.isDepot(s.x) || s.isDepot(s.y)) return false;
  if (s.y === s.prev[s.u] || s.u === s.y || s.x === s.v || s.v === s.next[s.x]) return false;
  const dU = s.d(s.cPU, s.cV) + s.d(s.cY, s.cNX) - s.d(s.cPU, s.cU) - s.d(s.cX, s.cNX);
  const dV = s.d(s.cPV, s.cU) + s.d(s.cX, s.cNY) - s.d(s.cPV, s.cV) - s.d(s.cY, s.cNY);
  const qu = s.qU + s.qX;
  const qv = s.qV + s.qY;
  if (moveCost(s, dU, dV, qv - qu, qu - qv) > -EPS) return false;
  const x = s.x;
  const y = s.y;
  s.swapNode(s.u, s.v);
  s.swapNode(x, y);
  return applied(s);
}
