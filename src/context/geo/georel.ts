// Parsing of NGSI-LD geo-queries (ETSI GS CIM 009 v1.8 §4.10): the georel, geometry,
// coordinates and geoproperty parameters of GET /entities, and the same members of a
// subscription's geoQ or of a Query in POST /entityOperations/query (JSON, §5.2.13).
import { GeoQueryError } from './errors.ts';
import {
  GEOMETRY_TYPES,
  type GeometryType,
  type Point,
  type SimpleGeometry,
  validateCoordinates,
} from './geometry.ts';

export const GEORELS = [
  'near',
  'within',
  'contains',
  'intersects',
  'disjoint',
  'equals',
  'overlaps',
] as const;
export type GeoRel = (typeof GEORELS)[number];

/** §4.10: near;maxDistance==N or near;minDistance==N, N in metres; the reference is a Point. */
export interface NearQuery {
  readonly georel: 'near';
  readonly geometry: Point;
  readonly maxDistance?: number;
  readonly minDistance?: number;
  readonly geoproperty: string;
}

export interface RelationQuery {
  readonly georel: Exclude<GeoRel, 'near'>;
  readonly geometry: SimpleGeometry;
  readonly geoproperty: string;
}

export type GeoQuery = NearQuery | RelationQuery;

/** The raw parameters; unknown because geoQ members arrive as arbitrary JSON. */
export interface GeoQueryInput {
  readonly georel?: unknown;
  readonly geometry?: unknown;
  readonly coordinates?: unknown;
  readonly geoproperty?: unknown;
}

/** §4.10: the default GeoProperty a geo-query applies to. */
export const DEFAULT_GEOPROPERTY = 'location';

const REQUIRED = ['georel', 'geometry', 'coordinates'] as const;
const DISTANCE = /^(maxDistance|minDistance)==(\d+(?:\.\d+)?)$/;

function requireString(v: unknown, param: 'georel' | 'geometry' | 'geoproperty'): string {
  if (typeof v !== 'string')
    throw new GeoQueryError(param, `'${param}' must be a string, got ${v === null ? 'null' : typeof v}`);
  if (v === '') throw new GeoQueryError(param, `'${param}' must not be empty`);
  return v;
}

interface ParsedGeorel {
  readonly georel: GeoRel;
  readonly maxDistance?: number;
  readonly minDistance?: number;
}

/**
 * georel grammar (§4.10): near;maxDistance==N | near;minDistance==N | within | contains |
 * intersects | disjoint | equals | overlaps. As an extension, near may carry both distances
 * (near;minDistance==A;maxDistance==B with A ≤ B) to select a ring; each at most once.
 */
export function parseGeorel(text: unknown): ParsedGeorel {
  const [op = '', ...modifiers] = requireString(text, 'georel').split(';');
  if (!(GEORELS as readonly string[]).includes(op)) {
    throw new GeoQueryError('georel', `unknown georel '${op}'; expected one of ${GEORELS.join(', ')}`);
  }
  const georel = op as GeoRel;
  if (georel !== 'near') {
    if (modifiers.length > 0)
      throw new GeoQueryError(
        'georel',
        `georel '${georel}' takes no modifiers, got ';${modifiers.join(';')}'`,
      );
    return { georel };
  }
  const distances: { maxDistance?: number; minDistance?: number } = {};
  for (const m of modifiers) {
    const match = DISTANCE.exec(m);
    const name = match?.[1] as 'maxDistance' | 'minDistance' | undefined;
    if (!match || !name) {
      throw new GeoQueryError(
        'georel',
        `bad near modifier '${m}'; expected maxDistance==<metres> or minDistance==<metres>`,
      );
    }
    if (distances[name] !== undefined) throw new GeoQueryError('georel', `'${name}' is given twice`);
    distances[name] = Number(match[2]);
  }
  const { maxDistance, minDistance } = distances;
  if (maxDistance === undefined && minDistance === undefined) {
    throw new GeoQueryError(
      'georel',
      `georel 'near' needs a distance: near;maxDistance==<metres> or near;minDistance==<metres>`,
    );
  }
  if (maxDistance !== undefined && minDistance !== undefined && minDistance > maxDistance) {
    throw new GeoQueryError(
      'georel',
      `minDistance ${minDistance} is greater than maxDistance ${maxDistance}`,
    );
  }
  return { georel, ...distances };
}

/** §4.10 lists the geometry names as in GeoJSON; lower-case forms (NGSIv2 habit) are accepted. */
export function parseGeometryType(text: unknown): GeometryType {
  const s = requireString(text, 'geometry');
  const found = GEOMETRY_TYPES.find((t) => t.toLowerCase() === s.toLowerCase());
  if (!found)
    throw new GeoQueryError(
      'geometry',
      `unknown geometry '${s}'; expected one of ${GEOMETRY_TYPES.join(', ')}`,
    );
  return found;
}

/** coordinates: JSON text (a URL parameter, already URL-decoded) or an already-parsed array. */
export function parseCoordinatesValue(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  try {
    return JSON.parse(v) as unknown;
  } catch (e) {
    throw new GeoQueryError('coordinates', `'coordinates' is not valid JSON: ${(e as Error).message}`);
  }
}

function parseGeoproperty(v: unknown): string {
  if (v === undefined) return DEFAULT_GEOPROPERTY;
  const s = requireString(v, 'geoproperty');
  if (/[\s"<>]/.test(s))
    throw new GeoQueryError('geoproperty', `'geoproperty' is not an attribute name: '${s}'`);
  return s;
}

/**
 * Validates georel, geometry and coordinates together (§4.10: all three or none) and returns
 * the query. Restrictions, as in Orion-LD: near needs a Point (the distance is measured from a
 * point), within needs a Polygon or MultiPolygon (only an area can hold another geometry).
 */
export function parseGeoQuery(input: GeoQueryInput): GeoQuery {
  const missing = REQUIRED.filter((k) => input[k] === undefined);
  if (missing.length > 0) {
    const given = REQUIRED.filter((k) => input[k] !== undefined);
    const first = missing[0] ?? 'georel';
    const what = given.length > 0 ? `'${given.join("', '")}' given without` : 'missing';
    throw new GeoQueryError(
      first,
      `incomplete geo-query: ${what} '${missing.join("', '")}' (georel, geometry and coordinates go together)`,
    );
  }
  const rel = parseGeorel(input.georel);
  const type = parseGeometryType(input.geometry);
  const geometry = validateCoordinates(
    type,
    parseCoordinatesValue(input.coordinates),
    'coordinates',
    'coordinates',
  );
  const geoproperty = parseGeoproperty(input.geoproperty);
  if (rel.georel === 'near') {
    if (geometry.type !== 'Point')
      throw new GeoQueryError('geometry', `georel 'near' needs geometry Point, got ${geometry.type}`);
    return { ...rel, georel: 'near', geometry, geoproperty };
  }
  if (rel.georel === 'within' && geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon') {
    throw new GeoQueryError(
      'geometry',
      `georel 'within' needs geometry Polygon or MultiPolygon, got ${geometry.type}`,
    );
  }
  return { georel: rel.georel, geometry, geoproperty };
}

/** undefined when no geo-query parameter is present; otherwise as parseGeoQuery. */
export function parseOptionalGeoQuery(input: GeoQueryInput): GeoQuery | undefined {
  if (REQUIRED.every((k) => input[k] === undefined)) {
    if (input.geoproperty !== undefined) {
      throw new GeoQueryError('geoproperty', `'geoproperty' given without georel, geometry and coordinates`);
    }
    return undefined;
  }
  return parseGeoQuery(input);
}

/** The geo-query back as §4.10 members, e.g. to render a subscription's geoQ (JSON coordinates). */
export function formatGeoQuery(q: GeoQuery): {
  georel: string;
  geometry: string;
  coordinates: unknown;
  geoproperty: string;
} {
  let georel: string = q.georel;
  if (q.georel === 'near') {
    if (q.minDistance !== undefined) georel += `;minDistance==${q.minDistance}`;
    if (q.maxDistance !== undefined) georel += `;maxDistance==${q.maxDistance}`;
  }
  return {
    georel,
    geometry: q.geometry.type,
    coordinates: q.geometry.coordinates,
    geoproperty: q.geoproperty,
  };
}
