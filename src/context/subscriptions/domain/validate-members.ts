// Readers of single subscription members (NGSI-LD 1.8 §5.2.12, §5.2.13, §5.2.33).
import { DosiError, E } from '../../../kernel/index.ts';
import { GeoQueryError, parseCoordinatesValue, parseGeoQuery } from '../../geo/index.ts';
import { parseQ, parseTypeExpr, QuerySyntaxError } from '../../query/index.ts';
import type { TermMapper } from '../../ngsi/terms.ts';
import { assertName, assertUri, isPlainObject, short } from '../../ngsi/validate.ts';
import { scopePrefixes } from './scope.ts';
import { mapTypeExpr } from './type-expr.ts';
import { TRIGGERS, type EntitySelector, type GeoQ, type Trigger } from './types.ts';

export const bad = (detail: string): DosiError => new DosiError(E.NGSI_BAD_DATA, { detail });

/** A non-empty array of attribute names, expanded, each once. */
export function readNames(v: unknown, terms: TermMapper, what: string): string[] {
  if (!Array.isArray(v) || v.length === 0)
    throw bad(`${what} must be a non-empty array of attribute names, got ${short(v)}`);
  const out = (v as unknown[]).map((n, i) => {
    if (typeof n !== 'string') throw bad(`${what}[${i}] must be a string, got ${short(n)}`);
    return terms.expandTerm(assertName(n, `${what}[${i}]`));
  });
  return [...new Set(out)];
}

/** §5.2.33 EntitySelector: type is mandatory (a §4.17 expression); id and idPattern optional. */
export function readEntities(v: unknown, terms: TermMapper): EntitySelector[] {
  if (!Array.isArray(v) || v.length === 0)
    throw bad(`entities must be a non-empty array of {type, id?, idPattern?}, got ${short(v)}`);
  return (v as unknown[]).map((e, i) => {
    if (!isPlainObject(e)) throw bad(`entities[${i}] must be a JSON object, got ${short(e)}`);
    if (typeof e.type !== 'string' || e.type === '')
      throw bad(`entities[${i}].type is required (an entity type or type expression)`);
    let type;
    try {
      type = mapTypeExpr(parseTypeExpr(e.type), (n) => terms.expandTerm(n));
    } catch (err) {
      if (err instanceof QuerySyntaxError) throw bad(`entities[${i}].type: ${err.message}`);
      throw err;
    }
    const sel: EntitySelector = { type };
    if (e.id !== undefined) sel.id = assertUri(e.id, `entities[${i}].id`);
    if (e.idPattern !== undefined) sel.idPattern = readRegex(e.idPattern, `entities[${i}].idPattern`);
    return sel;
  });
}

function readRegex(v: unknown, what: string): string {
  if (typeof v !== 'string' || v === '')
    throw bad(`${what} must be a regular expression string, got ${short(v)}`);
  try {
    new RegExp(v, 'u');
  } catch {
    throw bad(`${what} ${short(v)} is not a valid regular expression`);
  }
  return v;
}

export function readTriggers(v: unknown): Trigger[] {
  if (!Array.isArray(v) || v.length === 0)
    throw bad(`notificationTrigger must be a non-empty array of ${TRIGGERS.join(', ')}`);
  for (const t of v as unknown[]) {
    if (typeof t !== 'string' || !(TRIGGERS as readonly string[]).includes(t))
      throw bad(`notificationTrigger: unknown trigger ${short(t)}; use ${TRIGGERS.join(', ')}`);
  }
  return [...new Set(v as Trigger[])];
}

/** §4.9: checked now, evaluated on each change with the subscriber's @context. */
export function readQ(v: unknown): string {
  if (typeof v !== 'string' || v === '') throw bad(`q must be a non-empty query string, got ${short(v)}`);
  try {
    parseQ(v);
  } catch (err) {
    if (err instanceof QuerySyntaxError) throw bad(`q: ${err.message}`);
    throw err;
  }
  return v;
}

/** §5.2.13 GeoQuery: georel, geometry and coordinates together; geoproperty defaults to location. */
export function readGeoQ(v: unknown, terms: TermMapper): GeoQ {
  if (!isPlainObject(v))
    throw bad(`geoQ must be a JSON object {georel, geometry, coordinates, geoproperty?}, got ${short(v)}`);
  try {
    const q = parseGeoQuery({
      georel: v.georel,
      geometry: v.geometry,
      coordinates: v.coordinates,
      geoproperty: v.geoproperty,
    });
    return {
      georel: v.georel as string,
      geometry: q.geometry.type,
      coordinates: parseCoordinatesValue(v.coordinates),
      geoproperty: terms.expandTerm(q.geoproperty),
    };
  } catch (err) {
    if (err instanceof GeoQueryError) throw bad(`geoQ: ${err.message}`);
    throw err;
  }
}

export function readScopeQ(v: unknown): string {
  if (typeof v !== 'string') throw bad(`scopeQ must be a string, got ${short(v)}`);
  const p = scopePrefixes(v);
  if (typeof p === 'string') throw bad(p);
  return v;
}
