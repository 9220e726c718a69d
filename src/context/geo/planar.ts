// Planar primitives in the lon/lat plane, the way GeoJSON draws lines (RFC 7946 §3.1.1: straight
// in the coordinate reference system) and PostGIS `geometry` tests them. Orientation tests
// treat a point within ~1e-11° (about 1 µm) of a line as lying on it, so that points computed on
// a segment (split points, midpoints) still count as on it despite rounding: a difference of two
// longitudes near 127° is only exact to ~3e-14°.
import type { Position } from './geometry.ts';

/** Distance tolerance, in degrees, for "on the line". */
const ABS_EPS = 1e-11;
/** Relative tolerance for segment parameters. */
const REL_EPS = 1e-12;

/** Sign of the turn a → b → c: 1 left, -1 right, 0 collinear (within tolerance). */
export function orient(a: Position, b: Position, c: Position): -1 | 0 | 1 {
  const abx = b[0] - a[0];
  const aby = b[1] - a[1];
  const acx = c[0] - a[0];
  const acy = c[1] - a[1];
  const cross = abx * acy - aby * acx;
  // |cross| / |ab| is the distance from c to the line ab; |cross| / |ac| that from b to line ac.
  const tol = ABS_EPS * Math.max(Math.hypot(abx, aby), Math.hypot(acx, acy));
  if (Math.abs(cross) <= tol) return 0;
  return cross > 0 ? 1 : -1;
}

export function samePosition(a: Position, b: Position): boolean {
  return a[0] === b[0] && a[1] === b[1];
}

function between(v: number, lo: number, hi: number): boolean {
  return v >= Math.min(lo, hi) && v <= Math.max(lo, hi);
}

/** True when p lies on the closed segment ab. */
export function onSegment(p: Position, a: Position, b: Position): boolean {
  return orient(a, b, p) === 0 && between(p[0], a[0], b[0]) && between(p[1], a[1], b[1]);
}

/** True when the closed segments ab and cd share at least one point (touching counts). */
export function segmentsIntersect(a: Position, b: Position, c: Position, d: Position): boolean {
  if (Math.max(a[0], b[0]) < Math.min(c[0], d[0]) || Math.max(c[0], d[0]) < Math.min(a[0], b[0]))
    return false;
  if (Math.max(a[1], b[1]) < Math.min(c[1], d[1]) || Math.max(c[1], d[1]) < Math.min(a[1], b[1]))
    return false;
  const o1 = orient(a, b, c);
  const o2 = orient(a, b, d);
  const o3 = orient(c, d, a);
  const o4 = orient(c, d, b);
  if (o1 * o2 < 0 && o3 * o4 < 0) return true;
  return onSegment(c, a, b) || onSegment(d, a, b) || onSegment(a, c, d) || onSegment(b, c, d);
}

/** True when ab and cd are collinear and share a piece of positive length. */
export function segmentsOverlap(a: Position, b: Position, c: Position, d: Position): boolean {
  if (samePosition(a, b) || orient(a, b, c) !== 0 || orient(a, b, d) !== 0) return false;
  const tc = param(a, b, c);
  const td = param(a, b, d);
  return Math.min(1, Math.max(tc, td)) - Math.max(0, Math.min(tc, td)) > REL_EPS;
}

/** Parameter t of the projection of p on the line ab (0 at a, 1 at b). */
function param(a: Position, b: Position, p: Position): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  return len2 === 0 ? 0 : ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2;
}

export function lerp(a: Position, b: Position, t: number): Position {
  return [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])];
}

/**
 * Parameters along ab (in [0, 1]) where cd touches it: one for a crossing, the two ends of the
 * shared piece for a collinear overlap, none when they are apart. Used to split ab into pieces
 * that each lie wholly on one side of every edge.
 */
export function splitParams(a: Position, b: Position, c: Position, d: Position): number[] {
  if (samePosition(a, b) || !segmentsIntersect(a, b, c, d)) return [];
  if (orient(a, b, c) === 0 && orient(a, b, d) === 0) {
    return [param(a, b, c), param(a, b, d)].map((t) => Math.min(1, Math.max(0, t)));
  }
  if (onSegment(c, a, b)) return [param(a, b, c)];
  if (onSegment(d, a, b)) return [param(a, b, d)];
  // Proper crossing: solve a + t(b - a) = c + s(d - c) for t.
  const rx = b[0] - a[0];
  const ry = b[1] - a[1];
  const sx = d[0] - c[0];
  const sy = d[1] - c[1];
  const denom = rx * sy - ry * sx;
  if (denom === 0) return [];
  const t = ((c[0] - a[0]) * sy - (c[1] - a[1]) * sx) / denom;
  return [Math.min(1, Math.max(0, t))];
}

export type Location = 'inside' | 'boundary' | 'outside';

/** Even-odd ray casting, with points on an edge reported as 'boundary'. */
export function pointInRing(p: Position, ring: readonly Position[]): Location {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[i];
    const b = ring[j];
    if (!a || !b) continue;
    if (onSegment(p, a, b)) return 'boundary';
    if (a[1] > p[1] !== b[1] > p[1]) {
      const x = a[0] + ((p[1] - a[1]) * (b[0] - a[0])) / (b[1] - a[1]);
      if (p[0] < x) inside = !inside;
    }
  }
  return inside ? 'inside' : 'outside';
}

/** Point against a polygon with holes (RFC 7946 §3.1.6): inside a hole means outside. */
export function pointInPolygon(p: Position, rings: readonly (readonly Position[])[]): Location {
  const [outer, ...holes] = rings;
  if (!outer) return 'outside';
  const where = pointInRing(p, outer);
  if (where !== 'inside') return where;
  for (const hole of holes) {
    const h = pointInRing(p, hole);
    if (h === 'inside') return 'outside';
    if (h === 'boundary') return 'boundary';
  }
  return 'inside';
}

/**
 * A point strictly inside a ring (scan line halfway between its two lowest distinct latitudes),
 * or undefined for a degenerate ring with no area.
 */
export function interiorPoint(ring: readonly Position[]): Position | undefined {
  const ys = [...new Set(ring.map((p) => p[1]))].sort((x, y) => x - y);
  const y0 = ys[0];
  const y1 = ys[1];
  if (y0 === undefined || y1 === undefined) return undefined;
  const y = (y0 + y1) / 2;
  const xs: number[] = [];
  for (let i = 1; i < ring.length; i++) {
    const a = ring[i - 1];
    const b = ring[i];
    if (a && b && a[1] > y !== b[1] > y) xs.push(a[0] + ((y - a[1]) * (b[0] - a[0])) / (b[1] - a[1]));
  }
  xs.sort((u, v) => u - v);
  const x0 = xs[0];
  const x1 = xs[1];
  return x0 === undefined || x1 === undefined || x0 === x1 ? undefined : [(x0 + x1) / 2, y];
}
