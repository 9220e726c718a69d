// Bounding boxes, for the database's index prefilter: it keeps only entities whose stored bbox
// intersects queryBbox(q), then runs the exact matchGeoQuery on them. The box must therefore
// be conservative: never smaller than the set of places a matching geometry can reach.
import type { Geometry, Position } from './geometry.ts';
import type { GeoQuery } from './georel.ts';
import { EARTH_RADIUS_M } from './distance.ts';
import { type Parts, toParts } from './parts.ts';

/** [minLon, minLat, maxLon, maxLat] as in RFC 7946 §5 (altitude ignored; no antimeridian wrap). */
export type BBox = readonly [number, number, number, number];

export interface BBoxRect {
  readonly minLon: number;
  readonly minLat: number;
  readonly maxLon: number;
  readonly maxLat: number;
}

const EMPTY: BBox = [Infinity, Infinity, -Infinity, -Infinity];

function extend(b: BBox, p: Position): BBox {
  return [Math.min(b[0], p[0]), Math.min(b[1], p[1]), Math.max(b[2], p[0]), Math.max(b[3], p[1])];
}

export function partsBbox(p: Parts): BBox {
  let b = EMPTY;
  for (const q of p.points) b = extend(b, q);
  for (const l of p.lines) for (const q of l) b = extend(b, q);
  // Holes lie inside the outer ring, but extending by every ring costs little and stays safe.
  for (const rings of p.polygons) for (const r of rings) for (const q of r) b = extend(b, q);
  return b;
}

export function geometryBbox(g: Geometry): BBox {
  return partsBbox(toParts(g));
}

export function bboxesIntersect(a: BBox, b: BBox): boolean {
  return a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
}

/** True when box a contains box b (edges may touch). */
export function bboxContains(a: BBox, b: BBox): boolean {
  return a[0] <= b[0] && a[1] <= b[1] && a[2] >= b[2] && a[3] >= b[3];
}

export function toRect(b: BBox): BBoxRect {
  return { minLon: b[0], minLat: b[1], maxLon: b[2], maxLat: b[3] };
}

/** Relative and absolute widening of the search radius, against rounding in both directions. */
const RADIUS_MARGIN = 1e-6;
const ANGLE_MARGIN_RAD = 1e-9;
const DEG = 180 / Math.PI;

/**
 * The box of the spherical cap of angular radius δ around `center`: latitude ±δ and, while the
 * cap holds no pole, longitude ± asin(sin δ / cos φ) (the meridians tangent to the cap). When the
 * cap holds a pole or crosses the antimeridian, the whole longitude band is returned: the stored
 * bboxes are planar in lon/lat, so a wrapped box could not be expressed as one rectangle.
 */
export function capBbox(center: Position, meters: number): BBoxRect {
  const delta = (meters / EARTH_RADIUS_M) * (1 + RADIUS_MARGIN) + ANGLE_MARGIN_RAD;
  const [lon, lat] = center;
  const minLat = lat - delta * DEG;
  const maxLat = lat + delta * DEG;
  if (minLat <= -90 || maxLat >= 90)
    return { minLon: -180, minLat: Math.max(-90, minLat), maxLon: 180, maxLat: Math.min(90, maxLat) };
  const ratio = Math.sin(delta) / Math.cos((lat * Math.PI) / 180);
  const dLon = ratio >= 1 ? 180 : Math.asin(ratio) * DEG;
  const minLon = lon - dLon;
  const maxLon = lon + dLon;
  if (minLon < -180 || maxLon > 180) return { minLon: -180, minLat, maxLon: 180, maxLat };
  return { minLon, minLat, maxLon, maxLat };
}

/**
 * A box that the bbox of every geometry matching q intersects, or undefined when no such box
 * narrows the search (disjoint, and near with only minDistance: matches can be anywhere).
 * - near;maxDistance: some point of a match lies within maxDistance (great-circle) of the
 *   reference point, so inside the cap's box (see capBbox).
 * - within, contains, intersects, equals, overlaps: a match shares a point with the query
 *   geometry, so its bbox meets the query geometry's bbox.
 */
export function queryBbox(q: GeoQuery): BBoxRect | undefined {
  switch (q.georel) {
    case 'near':
      return q.maxDistance === undefined ? undefined : capBbox(q.geometry.coordinates, q.maxDistance);
    case 'disjoint':
      return undefined;
    default:
      return toRect(geometryBbox(q.geometry));
  }
}
