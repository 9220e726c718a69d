// Spatial relations between two geometries, planar in lon/lat (as PostGIS `geometry` does).
// Semantics, NGSI-LD 1.8 §4.10 relations read with DE-9IM (OGC 06-103r4 §6.1.15):
// - intersects(a, b): they share at least one point; boundaries count.
// - covers(a, b): no point of b lies outside a; b on a's boundary counts as covered. We use
//   this "covers" reading for `within`/`contains` so that an entity exactly on a district's
//   border is found (as NGSIv2 `coveredBy` did); OGC's strict Within would drop it.
// - overlaps(a, b): same dimension, their interiors share a piece of that dimension, and
//   neither covers the other.
// Known approximation: when `a` is a MultiPolygon, a gap enclosed by several of its member
// polygons (not a hole of any one of them) is not noticed by covers().
import type { Position } from './geometry.ts';
import { dimension, type Parts, allSegments, anchorVertices, ringSegments, segmentsOf } from './parts.ts';
import {
  interiorPoint,
  lerp,
  onSegment,
  pointInPolygon,
  samePosition,
  segmentsIntersect,
  segmentsOverlap,
  splitParams,
} from './planar.ts';
import { bboxContains, bboxesIntersect, partsBbox } from './bbox.ts';

/** True when p is a point of a (on a point, on a line, or in a polygon including its boundary). */
export function pointCovered(p: Position, a: Parts): boolean {
  return (
    a.points.some((q) => samePosition(p, q)) ||
    a.lines.some((l) => segmentsOf(l).some(([s, t]) => onSegment(p, s, t))) ||
    a.polygons.some((rings) => pointInPolygon(p, rings) !== 'outside')
  );
}

export function intersects(a: Parts, b: Parts): boolean {
  if (!bboxesIntersect(partsBbox(a), partsBbox(b))) return false;
  if (a.points.some((p) => pointCovered(p, b)) || b.points.some((p) => pointCovered(p, a))) return true;
  const sb = allSegments(b);
  for (const [p, q] of allSegments(a)) {
    if (sb.some(([r, s]) => segmentsIntersect(p, q, r, s))) return true;
  }
  // No edges meet: one part may still lie wholly inside a polygon of the other.
  const inPolygons = (p: Position, x: Parts): boolean =>
    x.polygons.some((r) => pointInPolygon(p, r) !== 'outside');
  return anchorVertices(a).some((p) => inPolygons(p, b)) || anchorVertices(b).some((p) => inPolygons(p, a));
}

/**
 * The pieces of segment pq cut at every point where an edge of `a` touches it; each open piece
 * then lies wholly inside, on, or outside every part of `a`, so its midpoint speaks for it.
 */
function pieces(p: Position, q: Position, edges: readonly (readonly [Position, Position])[]): Position[] {
  const ts = [0, 1, ...edges.flatMap(([r, s]) => splitParams(p, q, r, s))].sort((x, y) => x - y);
  const mids: Position[] = [];
  for (let i = 1; i < ts.length; i++) {
    const t0 = ts[i - 1] ?? 0;
    const t1 = ts[i] ?? 1;
    if (t1 > t0) mids.push(lerp(p, q, (t0 + t1) / 2));
  }
  return mids;
}

function segmentCovered(p: Position, q: Position, a: Parts, edges: ReturnType<typeof allSegments>): boolean {
  if (!pointCovered(p, a) || !pointCovered(q, a)) return false;
  return pieces(p, q, edges).every((m) => pointCovered(m, a));
}

/** Every hole of a polygon of `a` must stay out of b's interior, unless another part fills it. */
function holesOutside(rings: readonly (readonly Position[])[], a: Parts): boolean {
  for (const poly of a.polygons) {
    for (const hole of poly.slice(1)) {
      const ip = interiorPoint(hole);
      if (ip && pointInPolygon(ip, rings) === 'inside' && !pointCovered(ip, a)) return false;
    }
  }
  return true;
}

/** No point of b lies outside a (boundary included). */
export function covers(a: Parts, b: Parts): boolean {
  if (!bboxContains(partsBbox(a), partsBbox(b))) return false;
  if (dimension(b) > dimension(a)) return false;
  const edges = allSegments(a);
  const segOk = ([p, q]: readonly [Position, Position]): boolean => segmentCovered(p, q, a, edges);
  if (!b.points.every((p) => pointCovered(p, a))) return false;
  if (!b.lines.every((l) => segmentsOf(l).every(segOk))) return false;
  return b.polygons.every((rings) => rings.flatMap(segmentsOf).every(segOk) && holesOutside(rings, a));
}

/** Some piece of a's polygon boundaries lies strictly inside a polygon of b. */
function boundaryEntersInterior(a: Parts, b: Parts): boolean {
  const edgesB = ringSegments(b);
  return ringSegments(a).some(([p, q]) =>
    pieces(p, q, edgesB).some((m) => b.polygons.some((rings) => pointInPolygon(m, rings) === 'inside')),
  );
}

function top(p: Parts): Parts {
  const d = dimension(p);
  return {
    points: d === 0 ? p.points : [],
    lines: d === 1 ? p.lines : [],
    polygons: d === 2 ? p.polygons : [],
  };
}

export function overlaps(a: Parts, b: Parts): boolean {
  const d = dimension(a);
  if (d !== dimension(b) || !intersects(a, b) || covers(a, b) || covers(b, a)) return false;
  const ta = top(a);
  const tb = top(b);
  if (d === 0) return ta.points.some((p) => tb.points.some((q) => samePosition(p, q)));
  if (d === 1) {
    const sb = allSegments(tb);
    return allSegments(ta).some(([p, q]) => sb.some(([r, s]) => segmentsOverlap(p, q, r, s)));
  }
  // Neither covers the other, so their interiors meet iff a boundary enters the other's interior.
  return boundaryEntersInterior(ta, tb) || boundaryEntersInterior(tb, ta);
}
