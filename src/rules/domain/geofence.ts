// Geofence areas: circles by great-circle distance, polygons with the context module's planar
// predicates (lon/lat as PostGIS `geometry`), so a rule and an NGSI-LD geo-query agree on "inside".
import { covers, haversineMeters, toParts, type Geometry } from '../../context/geo/index.ts';
import type { Area } from './types.ts';

/** Inside or on the boundary of the area. */
export function insideArea(area: Area, point: readonly [number, number]): boolean {
  if (area.type === 'Circle') return haversineMeters(area.center, point) <= area.radiusM;
  const polygon: Geometry = { type: 'Polygon', coordinates: area.coordinates };
  return covers(toParts(polygon), toParts({ type: 'Point', coordinates: point }));
}

/** A [lon, lat] from a GeoJSON Point value, or undefined. */
export function pointOf(v: unknown): [number, number] | undefined {
  const g = v as { type?: unknown; coordinates?: unknown } | null;
  if (!g || typeof g !== 'object' || g.type !== 'Point' || !Array.isArray(g.coordinates)) return undefined;
  const [lon, lat] = g.coordinates as unknown[];
  return typeof lon === 'number' && typeof lat === 'number' ? [lon, lat] : undefined;
}
