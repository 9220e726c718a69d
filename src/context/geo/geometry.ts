// GeoJSON geometries (IETF RFC 7946 §3.1) as carried by NGSI-LD GeoProperty values (NGSI-LD 1.8
// §4.7) and by the `coordinates` parameter of geo-queries (§4.10). Validation is strict: finite
// numbers, WGS84 ranges, the minimum sizes and nesting depth of each type, closed rings.
import { GeoQueryError, type GeoParam } from './errors.ts';

/** [longitude, latitude] or [longitude, latitude, altitude]; altitude is kept but never used. */
export type Position = readonly [number, number] | readonly [number, number, number];

export interface Point {
  readonly type: 'Point';
  readonly coordinates: Position;
}
export interface MultiPoint {
  readonly type: 'MultiPoint';
  readonly coordinates: readonly Position[];
}
export interface LineString {
  readonly type: 'LineString';
  readonly coordinates: readonly Position[];
}
export interface MultiLineString {
  readonly type: 'MultiLineString';
  readonly coordinates: readonly (readonly Position[])[];
}
/** First ring is the outer boundary, the others are holes (RFC 7946 §3.1.6). */
export interface Polygon {
  readonly type: 'Polygon';
  readonly coordinates: readonly (readonly Position[])[];
}
export interface MultiPolygon {
  readonly type: 'MultiPolygon';
  readonly coordinates: readonly (readonly (readonly Position[])[])[];
}
export interface GeometryCollection {
  readonly type: 'GeometryCollection';
  readonly geometries: readonly Geometry[];
}

/** The six types a geo-query may use (NGSI-LD 1.8 §4.10). */
export type SimpleGeometry = Point | MultiPoint | LineString | MultiLineString | Polygon | MultiPolygon;
export type Geometry = SimpleGeometry | GeometryCollection;

export const GEOMETRY_TYPES = [
  'Point',
  'MultiPoint',
  'LineString',
  'MultiLineString',
  'Polygon',
  'MultiPolygon',
] as const;
export type GeometryType = (typeof GEOMETRY_TYPES)[number];

/** RFC 7946 §3.1.8 says to avoid nested collections; we tolerate a little, not unbounded recursion. */
const MAX_COLLECTION_DEPTH = 4;

interface Where {
  readonly param: GeoParam;
  readonly path: string;
}

function fail(where: Where, message: string): never {
  throw new GeoQueryError(where.param, `${where.path}: ${message}`);
}

function at(where: Where, index: number): Where {
  return { param: where.param, path: `${where.path}[${index}]` };
}

function arrayOf(v: unknown, where: Where, min: number, what: string): readonly unknown[] {
  if (!Array.isArray(v)) fail(where, `expected an array of ${what}, got ${describe(v)}`);
  if (v.length < min) fail(where, `expected at least ${min} ${what}, got ${v.length}`);
  return v as readonly unknown[];
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'string' ? `the string ${JSON.stringify(v)}` : `a ${typeof v}`;
}

/** RFC 7946 §3.1.1 (position) and §4 (WGS84 longitude, latitude order). */
function validatePosition(v: unknown, where: Where): Position {
  if (!Array.isArray(v) || v.length < 2 || v.length > 3) {
    fail(where, `a position must be an array [longitude, latitude] or [longitude, latitude, altitude]`);
  }
  const items = v as readonly unknown[];
  items.forEach((n, i) => {
    if (typeof n !== 'number' || !Number.isFinite(n))
      fail(at(where, i), `expected a finite number, got ${describe(n)}`);
  });
  const [lon, lat, alt] = items as readonly number[];
  if (lon === undefined || lon < -180 || lon > 180) fail(where, `longitude ${lon} is outside [-180, 180]`);
  if (lat === undefined || lat < -90 || lat > 90) fail(where, `latitude ${lat} is outside [-90, 90]`);
  return alt === undefined ? [lon, lat] : [lon, lat, alt];
}

function positions(v: unknown, where: Where, min: number): Position[] {
  return arrayOf(v, where, min, 'positions').map((p, i) => validatePosition(p, at(where, i)));
}

/** RFC 7946 §3.1.6: a linear ring has ≥ 4 positions and its first and last are equivalent. */
function ring(v: unknown, where: Where): Position[] {
  const r = positions(v, where, 4);
  const first = r[0];
  const last = r[r.length - 1];
  if (!first || !last || first[0] !== last[0] || first[1] !== last[1]) {
    fail(where, 'a linear ring must be closed (its first and last positions must be the same)');
  }
  return r;
}

function polygonRings(v: unknown, where: Where): Position[][] {
  return arrayOf(v, where, 1, 'linear rings').map((r, i) => ring(r, at(where, i)));
}

/** Array nesting depth along the first elements; undefined when an empty array hides it. */
function depthOf(v: unknown): number | undefined {
  if (!Array.isArray(v)) return 0;
  if (v.length === 0) return undefined;
  const d = depthOf(v[0]);
  return d === undefined ? undefined : d + 1;
}

const DEPTH: Record<GeometryType, readonly [number, string]> = {
  Point: [1, 'a position'],
  MultiPoint: [2, 'an array of positions'],
  LineString: [2, 'an array of positions'],
  MultiLineString: [3, 'an array of line strings (arrays of positions)'],
  Polygon: [3, 'an array of linear rings (arrays of positions)'],
  MultiPolygon: [4, 'an array of polygons (arrays of linear rings)'],
};

/** Validates `coordinates` for one of the six simple types; `path` names the input in messages. */
export function validateCoordinates(
  type: GeometryType,
  coordinates: unknown,
  param: GeoParam,
  path: string,
): SimpleGeometry {
  const where: Where = { param, path };
  const [depth, shape] = DEPTH[type];
  const actual = depthOf(coordinates);
  if (actual !== undefined && actual !== depth && actual > 0) {
    fail(
      where,
      `${type} coordinates must be ${shape}, nested ${depth} deep; got arrays nested ${actual} deep`,
    );
  }
  switch (type) {
    case 'Point':
      return { type, coordinates: validatePosition(coordinates, where) };
    case 'MultiPoint':
      return { type, coordinates: positions(coordinates, where, 1) };
    case 'LineString':
      return { type, coordinates: positions(coordinates, where, 2) };
    case 'MultiLineString':
      return {
        type,
        coordinates: arrayOf(coordinates, where, 1, 'line strings').map((l, i) =>
          positions(l, at(where, i), 2),
        ),
      };
    case 'Polygon':
      return { type, coordinates: polygonRings(coordinates, where) };
    case 'MultiPolygon':
      return {
        type,
        coordinates: arrayOf(coordinates, where, 1, 'polygons').map((p, i) => polygonRings(p, at(where, i))),
      };
  }
}

export function isGeometryType(t: unknown): t is GeometryType {
  return typeof t === 'string' && (GEOMETRY_TYPES as readonly string[]).includes(t);
}

/**
 * Validates a GeoJSON geometry object as stored in a GeoProperty's value (NGSI-LD 1.8 §4.7).
 * Returns a fresh copy holding only `type` and `coordinates` (or `geometries`); foreign members
 * such as `bbox` are accepted and dropped. Type names are case-sensitive, as in RFC 7946.
 */
export function validateGeometry(value: unknown, path = 'value'): Geometry {
  return geometryAt(value, { param: 'value', path }, 0);
}

function geometryAt(value: unknown, where: Where, depth: number): Geometry {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail(where, `a GeoJSON geometry must be an object with "type" and "coordinates", got ${describe(value)}`);
  }
  const obj = value as Record<string, unknown>;
  const type = obj['type'];
  if (type === 'GeometryCollection') return collection(obj, where, depth);
  if (!isGeometryType(type)) {
    fail(
      where,
      `unknown geometry type ${JSON.stringify(type)}; expected one of ${GEOMETRY_TYPES.join(', ')}, GeometryCollection`,
    );
  }
  if (!('coordinates' in obj)) fail(where, `a ${type} needs "coordinates"`);
  return validateCoordinates(type, obj['coordinates'], where.param, `${where.path}.coordinates`);
}

/** RFC 7946 §3.1.8. */
function collection(obj: Record<string, unknown>, where: Where, depth: number): GeometryCollection {
  if (depth >= MAX_COLLECTION_DEPTH)
    fail(where, `GeometryCollections nested deeper than ${MAX_COLLECTION_DEPTH}`);
  const path = `${where.path}.geometries`;
  const list = arrayOf(obj['geometries'], { param: where.param, path }, 1, 'geometries');
  return {
    type: 'GeometryCollection',
    geometries: list.map((g, i) => geometryAt(g, { param: where.param, path: `${path}[${i}]` }, depth + 1)),
  };
}
