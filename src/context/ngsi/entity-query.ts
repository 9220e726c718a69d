// NGSI-LD query parameters (§6.4.3.2, §5.7.2) → a repository filter plus the exact checks done in code.
import { DosiError, E } from '../../kernel/index.ts';
import {
  matchGeoQuery,
  parseGeoQuery,
  queryBbox,
  distanceMeters,
  GeoQueryError,
  type GeoQuery,
  type Geometry,
  validateGeometry,
} from '../geo/index.ts';
import {
  compileQToJsonPath,
  compileTypeExprToSql,
  parseQ,
  parseTypeExpr,
  QuerySyntaxError,
  evaluateQ,
  type QExpr,
} from '../query/index.ts';
import type { StoredEntity } from '../model.ts';
import type { EntityFilter } from '../store/entity.repository.ts';
import { LOCATION_IRI } from '../store/entity-row.ts';
import type { TermMapper } from './terms.ts';
import { normalizeQDates } from './q-normalize.ts';
import { assertUri } from './validate.ts';

export interface EntityQueryInput {
  type?: string | undefined;
  id?: string | readonly string[] | undefined;
  idPattern?: string | undefined;
  q?: string | undefined;
  attrs?: readonly string[] | undefined;
  georel?: string | undefined;
  geometry?: string | undefined;
  coordinates?: unknown;
  geoproperty?: string | undefined;
  scopeQ?: string | undefined;
}

export interface CompiledQuery {
  filter: EntityFilter;
  /** Exact geo predicate; when present, pagination happens after it. */
  geo?: { query: GeoQuery; iri: string; near: boolean } | undefined;
  qExpr?: QExpr | undefined;
}

export function compileEntityQuery(
  input: EntityQueryInput,
  terms: TermMapper,
  opts: { requireFilter: boolean },
): CompiledQuery {
  const filter: EntityFilter = {};
  const out: CompiledQuery = { filter };
  try {
    if (input.type !== undefined && input.type !== '') {
      const expr = parseTypeExpr(input.type);
      const expand = (t: string) => terms.expandTerm(t);
      filter.typeSql = (add) => compileTypeExprToSql(expr, expand, add);
    }
    if (input.q !== undefined && input.q !== '') {
      const expr = normalizeQDates(parseQ(input.q));
      out.qExpr = expr;
      filter.q = compileQToJsonPath(expr, (t) => terms.expandTerm(t));
    }
  } catch (err) {
    if (err instanceof QuerySyntaxError) throw new DosiError(E.NGSI_BAD_QUERY, { detail: err.message });
    throw err;
  }
  const ids = typeof input.id === 'string' ? input.id.split(',').filter(Boolean) : input.id;
  if (ids?.length) filter.ids = ids.map((i) => assertUri(i, 'id'));
  if (input.idPattern !== undefined) filter.idPattern = checkRegex(input.idPattern);
  if (input.attrs?.length) filter.attrsAny = input.attrs.map((a) => terms.expandTerm(a));
  if (input.scopeQ !== undefined) filter.scopePrefixes = parseScopeQ(input.scopeQ);
  if (input.georel !== undefined || input.geometry !== undefined || input.coordinates !== undefined) {
    let query: GeoQuery;
    try {
      query = parseGeoQuery({
        georel: input.georel,
        geometry: input.geometry,
        coordinates: input.coordinates,
        geoproperty: input.geoproperty,
      });
    } catch (err) {
      if (err instanceof GeoQueryError) throw new DosiError(E.NGSI_BAD_GEOQUERY, { detail: err.message });
      throw err;
    }
    const iri = terms.expandTerm(input.geoproperty ?? 'location');
    out.geo = { query, iri, near: query.georel.startsWith('near') };
    if (iri === LOCATION_IRI) {
      const b = queryBbox(query);
      if (b) filter.bbox = b;
      else filter.hasLocation = true; // entities without a location can never match
    }
  }
  const hasFilter =
    filter.typeSql || filter.ids || filter.idPattern || filter.q || filter.attrsAny || out.geo;
  // NGSI-LD 1.8 §5.7.2: a query must be restricted by type, attrs, id, q or a geo-query.
  if (opts.requireFilter && !hasFilter) {
    throw new DosiError(E.NGSI_BAD_QUERY, {
      detail:
        'give at least one of type, id, idPattern, attrs, q or a geo-query (georel, geometry, coordinates)',
    });
  }
  return out;
}

function checkRegex(p: string): string {
  try {
    new RegExp(p);
    return p;
  } catch {
    throw new DosiError(E.NGSI_BAD_QUERY, { detail: `idPattern ${p} is not a valid regular expression` });
  }
}

/** §4.19 scopeQ: a list of scopes (',' or '|' or ';'), '#' = any descendant; returned as prefixes. */
function parseScopeQ(s: string): string[] {
  const parts = s
    .split(/[,|;()]/)
    .map((x) => x.trim())
    .filter(Boolean);
  if (parts.length === 0 || parts.some((p) => !/^\/[^\s+]*$/.test(p)))
    throw new DosiError(E.NGSI_BAD_QUERY, { detail: `scopeQ ${s} must list scopes like /Hanam/Misa` });
  return parts.map((p) => p.replace(/\/#$/, '').replace(/\/$/, '') || '/');
}

/** Exact geo test and, for near, the distance used for ordering (nearest first). */
export function geoMatch(e: StoredEntity, geo: NonNullable<CompiledQuery['geo']>): number | undefined {
  let best: number | undefined;
  for (const inst of e.attrs[geo.iri] ?? []) {
    if (inst.type !== 'GeoProperty') continue;
    let g;
    try {
      g = validateGeometry(inst.value);
    } catch {
      continue;
    }
    if (!matchGeoQuery(geo.query, g)) continue;
    const d = geo.near ? distanceMeters(geo.query, g) : 0;
    best = best === undefined ? d : Math.min(best, d);
  }
  return best;
}

/** The same test for a stored single Point given by its coordinates (no JSON to parse or validate). */
export function pointMatch(x: number, y: number, geo: NonNullable<CompiledQuery['geo']>): number | undefined {
  const g: Geometry = { type: 'Point', coordinates: [x, y] };
  if (!matchGeoQuery(geo.query, g)) return undefined;
  return geo.near ? distanceMeters(geo.query, g) : 0;
}

/** Exact test of a geo phase-1 row: coordinates for a single Point, else the geo-attribute's instances. */
export function candidateDistance(
  row: { id: string; x: number | null; y: number | null; geo: StoredEntity['attrs'][string] | null },
  geo: NonNullable<CompiledQuery['geo']>,
): number | undefined {
  if (row.x !== null && row.y !== null) return pointMatch(row.x, row.y, geo);
  return geoMatch(
    { id: row.id, types: [], attrs: { [geo.iri]: row.geo ?? [] }, createdAt: '', modifiedAt: '' },
    geo,
  );
}

export function matchesInMemory(e: StoredEntity, c: CompiledQuery, terms: TermMapper): boolean {
  if (c.qExpr && !evaluateQ(c.qExpr, e, (t) => terms.expandTerm(t))) return false;
  if (c.geo && geoMatch(e, c.geo) === undefined) return false;
  return true;
}
