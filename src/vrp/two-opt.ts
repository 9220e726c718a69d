// 2-opt inside a route and the two 2-opt* exchanges of route tails (HGS moves 7–9). Reversal costs keep
// them exact on asymmetric matrices. Applied moves rebuild the affected routes from gathered sequences.
import { applied, EPS } from './moves.ts';
import type { LsState } from './ls-state.ts';

/** Copies customers from `from` walking forward or backward, until a depot or `stop`, into buf at o. */
function gather(s: LsState, from: number, forward: boolean, buf: Int32Array, o: number, stop = -1): number {
  let node = from;
  while (node !== stop && !s.isDepot(node)) {
    buf[o++] = node;
    node = forward ? s.next[node]! : s.prev[node]!;
  }
  return o;
}

/** 7: inside one route, replace (U,X) and (V,Y) by (U,V) and (X,Y), reversing X..V. */
export function move7(s: LsState): boolean {
  if (s.pos[s.u]! > s.pos[s.v]!) return false;
  const cost =
    s.d(s.cU, s.cV) + s.d(s.cX, s.cY) - s.d(s.cU, s.cX) - s.d(s.cV, s.cY) + s.cumRev[s.v]! - s.cumRev[s.x]!;
  if (cost > -EPS || s.next[s.u] === s.v) return false;
  const buf = s.buf;
  let o = headOf(s, s.u, buf, 0);
  o = gather(s, s.v, false, buf, o, s.u);
  o = gather(s, s.y, true, buf, o);
  s.relink(s.ru, buf, o);
  return applied(s);
}

/** 8: between routes, replace (U,X), (V,Y) by (U,V), (X,Y): U's head + reversed V head; X tail reversed + Y tail. */
export function move8(s: LsState): boolean {
  const ru = s.ru;
  const rv = s.rv;
  let cost =
    s.d(s.cU, s.cV) +
    s.d(s.cX, s.cY) -
    s.d(s.cU, s.cX) -
    s.d(s.cV, s.cY) +
    s.cumRev[s.v]! +
    s.rRev[ru]! -
    s.cumRev[s.x]! -
    s.rPenalty[ru]! -
    s.rPenalty[rv]!;
  if (cost >= 0) return false;
  const lu = s.cumLoad[s.u]!;
  const lv = s.cumLoad[s.v]!;
  cost += s.penaltyLoad(lu + lv) + s.penaltyLoad(s.rLoad[ru]! + s.rLoad[rv]! - lu - lv);
  if (cost > -EPS) return false;
  const buf = s.buf;
  const a = gather(s, s.v, false, buf, headOf(s, s.u, buf, 0));
  const b1 = gather(s, s.prev[s.endOf(ru)]!, false, buf, a, s.u);
  const b2 = gather(s, s.y, true, buf, b1);
  s.relink(ru, buf, a);
  s.relink(rv, buf.subarray(a), b2 - a);
  return applied(s);
}

/** 9: between routes, replace (U,X), (V,Y) by (U,Y), (V,X): the routes exchange their tails. */
export function move9(s: LsState): boolean {
  const ru = s.ru;
  const rv = s.rv;
  let cost =
    s.d(s.cU, s.cY) + s.d(s.cV, s.cX) - s.d(s.cU, s.cX) - s.d(s.cV, s.cY) - s.rPenalty[ru]! - s.rPenalty[rv]!;
  if (cost >= 0) return false;
  const lu = s.cumLoad[s.u]!;
  const lv = s.cumLoad[s.v]!;
  cost += s.penaltyLoad(lu + s.rLoad[rv]! - lv) + s.penaltyLoad(lv + s.rLoad[ru]! - lu);
  if (cost > -EPS) return false;
  const buf = s.buf;
  const a1 = headOf(s, s.u, buf, 0);
  const a2 = gather(s, s.y, true, buf, a1);
  const b1 = headOf(s, s.v, buf, a2);
  const b2 = gather(s, s.x, true, buf, b1);
  s.relink(ru, buf, a2);
  s.relink(rv, buf.subarray(a2), b2 - a2);
  return applied(s);
}

/** Customers from the route start up to `node` inclusive (none if node is the start depot). */
function headOf(s: LsState, node: number, buf: Int32Array, o: number): number {
  if (s.isDepot(node)) return o;
  const end = gather(s, node, false, buf, o);
  buf.subarray(o, end).reverse();
  return end;
}
