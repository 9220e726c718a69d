// Distances for georel=near (NGSI-LD 1.8 §4.10), in metres on a sphere.
// distance(P, g) is the great-circle (haversine) distance from P to the nearest point of g:
// - a point: haversine;
// - a line: the nearest point of each segment, the segment being straight in lon/lat as GeoJSON
//   draws it (RFC 7946 §3.1.1). The nearest point is chosen in a local equirectangular
//   projection centred on P, then measured with haversine. The result is always the true
//   distance to a real point of the segment, so it never underestimates (the bbox prefilter
//   relies on that); it may overestimate by the projection's distortion, below 0.1 % for
//   segments within ~50 km of P at |latitude| ≤ 60° (checked in distance.test.ts);
// - a polygon: 0 when P is inside or on it (holes respected), else the distance to its rings.
import type { Geometry, Point, Position } from './geometry.ts';
import type { GeoQuery } from './georel.ts';
import { GeoQueryError } from './errors.ts';
import { toParts } from './parts.ts';
import { pointInPolygon } from './planar.ts';

/** Mean Earth radius (IUGG R1), as PostGIS uses for spheroid-less `geography` distances. */
export const EARTH_RADIUS_M = 6_371_008.8;

const RAD = Math.PI / 180;

export function haversineMeters(a: Position, b: Position): number {
  const dLat = (b[1] - a[1]) * RAD;
  const dLon = (b[0] - a[0]) * RAD;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * RAD) * Math.cos(b[1] * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Multiple of 360 that brings lon within 180° of ref, so a segment is projected unwrapped. */
function wrapShift(lon: number, ref: number): number {
  return Math.round((ref - lon) / 360) * 360;
}

/** Great-circle distance from p to the lon/lat segment ab (see the module comment). */
export function segmentDistanceMeters(p: Position, a: Position, b: Position): number {
  const k = Math.cos(p[1] * RAD);
  const shift = wrapShift(a[0], p[0]);
  const ax = (a[0] + shift - p[0]) * k;
  const ay = a[1] - p[1];
  const dx = (b[0] - a[0]) * k;
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.min(1, Math.max(0, -(ax * dx + ay * dy) / len2));
  const x: Position = [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])];
  return Math.min(haversineMeters(p, x), haversineMeters(p, a), haversineMeters(p, b));
}

function lineDistance(p: Position, line: readonly Position[]): number {
  let best = Infinity;
  for (let i = 1; i < line.length; i++) {
    const a = line[i - 1];
    const b = line[i];
    if (a && b) best = Math.min(best, segmentDistanceMeters(p, a, b));
  }
  return best;
}

/** Distance in metres from p to the nearest point of g (0 inside a polygon). */
export function distanceToGeometry(p: Position, g: Geometry): number {
  const parts = toParts(g);
  let best = Infinity;
  for (const q of parts.points) best = Math.min(best, haversineMeters(p, q));
  for (const l of parts.lines) best = Math.min(best, lineDistance(p, l));
  for (const rings of parts.polygons) {
    if (pointInPolygon(p, rings) !== 'outside') return 0;
    for (const r of rings) best = Math.min(best, lineDistance(p, r));
  }
  return best;
}

/**
 * Distance in metres from a reference point (a position, a Point, or a geo-query whose geometry
 * is a Point, as `near` queries are) to g; for sorting results nearest-first.
 */
export function distanceMeters(from: GeoQuery | Point | Position, g: Geometry): number {
  return distanceToGeometry(referencePoint(from), g);
}

function isPosition(x: GeoQuery | Point | Position): x is Position {
  return Array.isArray(x);
}

function referencePoint(from: GeoQuery | Point | Position): Position {
  if (isPosition(from)) return from;
  const g = 'georel' in from ? from.geometry : from;
  if (g.type !== 'Point')
    throw new GeoQueryError('geometry', `distance needs a Point reference geometry, got ${g.type}`);
  return g.coordinates;
}
