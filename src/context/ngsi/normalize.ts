// Input → stored form. Accepts the normalized and the concise representation (NGSI-LD 1.8 §4.5,
// §4.5.8 concise), expands names with the request's @context and validates every member.
import { validateGeometry } from '../geo/index.ts';
import type { AttributeType, StoredEntity, StoredInstance } from '../model.ts';
import { ATTRIBUTE_TYPES, INSTANCE_CORE_KEYS } from '../model.ts';
import { CORE_GEO_PROPERTIES, type TermMapper } from './terms.ts';
import { assertName, assertUri, badData, isDateTime, isPlainObject, isUri, short } from './validate.ts';

/** Entity members that are not attributes. */
export const ENTITY_KEYS: ReadonlySet<string> = new Set([
  'id',
  '@id',
  'type',
  '@type',
  '@context',
  'scope',
  'createdAt',
  'modifiedAt',
  'deletedAt',
]);

export interface NormalizeOptions {
  now: string;
  /** false for fragments (PATCH/append bodies) that carry no id and type. */
  entity: boolean;
}

export type EntityFragment = Pick<StoredEntity, 'attrs'> & {
  id?: string;
  types?: string[];
  scope?: string[];
};

export function normalizeEntity(body: unknown, terms: TermMapper, opts: NormalizeOptions): EntityFragment {
  if (!isPlainObject(body)) throw badData(`an entity must be a JSON object, got ${short(body)}`);
  const out: EntityFragment = { attrs: {} };
  const id = body.id ?? body['@id'];
  const type = body.type ?? body['@type'];
  if (opts.entity) {
    out.id = assertUri(id, 'entity id');
    if (type === undefined) throw badData('the entity has no type');
  } else if (id !== undefined) {
    out.id = assertUri(id, 'entity id');
  }
  if (type !== undefined) out.types = normalizeTypes(type, terms);
  if (body.scope !== undefined) out.scope = normalizeScope(body.scope);
  for (const [key, value] of Object.entries(body)) {
    if (ENTITY_KEYS.has(key)) continue;
    assertName(key, 'attribute name');
    const iri = terms.expandTerm(key);
    out.attrs[iri] = normalizeAttribute(key, value, terms, opts.now);
  }
  return out;
}

export function normalizeTypes(type: unknown, terms: TermMapper): string[] {
  const list = Array.isArray(type) ? type : [type];
  if (list.length === 0) throw badData('the entity type list is empty');
  return [
    ...new Set(
      list.map((t) => {
        if (typeof t !== 'string' || t === '')
          throw badData(`entity type must be a non-empty string, got ${short(t)}`);
        return terms.expandTerm(assertName(t, 'entity type'));
      }),
    ),
  ];
}

function normalizeScope(scope: unknown): string[] {
  const list = Array.isArray(scope) ? scope : [scope];
  // NGSI-LD 1.8 §4.18: scopes are /-separated hierarchical names.
  return list.map((s) => {
    if (typeof s !== 'string' || !/^\/[^\s#+]*$/.test(s))
      throw badData(`scope ${short(s)} must look like /Hanam/Misa`);
    return s;
  });
}

/** One attribute in any accepted representation → its instances. null is reserved for merge-patch deletion. */
export function normalizeAttribute(
  name: string,
  value: unknown,
  terms: TermMapper,
  now: string,
): StoredInstance[] {
  const list =
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((v) => isPlainObject(v) && ('type' in v || 'datasetId' in v) && isInstanceLike(v))
      ? value
      : [value];
  const instances = list.map((v) => normalizeInstance(name, v, terms, now, 0));
  const seen = new Set<string>();
  for (const inst of instances) {
    const key = inst.datasetId ?? '@default';
    if (seen.has(key))
      throw badData(
        `attribute ${name} has two instances with ${inst.datasetId ? `datasetId ${inst.datasetId}` : 'no datasetId'}`,
      );
    seen.add(key);
  }
  return instances;
}

function isInstanceLike(v: Record<string, unknown>): boolean {
  return typeof v.type === 'string'
    ? (ATTRIBUTE_TYPES as readonly string[]).includes(v.type)
    : 'value' in v || 'object' in v;
}

function normalizeInstance(
  name: string,
  raw: unknown,
  terms: TermMapper,
  now: string,
  depth: number,
): StoredInstance {
  if (depth > 8) throw badData(`attribute ${name} nests sub-attributes too deeply`);
  if (raw === null || raw === undefined) throw badData(`attribute ${name} has no value`);
  const obj = isPlainObject(raw) ? raw : { value: raw };
  const type = inferType(name, obj);
  const inst: StoredInstance = { type };
  fillCore(name, type, obj, inst, terms);
  for (const [key, v] of Object.entries(obj)) {
    if (INSTANCE_CORE_KEYS.has(key) || key === '@context') continue;
    assertName(key, `sub-attribute of ${name}:`);
    inst[terms.expandTerm(key)] = normalizeInstance(`${name}.${key}`, v, terms, now, depth + 1);
  }
  if (obj.datasetId !== undefined) inst.datasetId = assertUri(obj.datasetId, `datasetId of ${name}`);
  if (obj.observedAt !== undefined) {
    if (!isDateTime(obj.observedAt))
      throw badData(`observedAt of ${name} must be an ISO 8601 date-time, got ${short(obj.observedAt)}`);
    inst.observedAt = new Date(obj.observedAt).toISOString();
  }
  if (obj.unitCode !== undefined) {
    if (typeof obj.unitCode !== 'string' || obj.unitCode === '')
      throw badData(`unitCode of ${name} must be a string (UN/CEFACT code)`);
    inst.unitCode = obj.unitCode;
  }
  inst.createdAt = now;
  inst.modifiedAt = now;
  return inst;
}

function inferType(name: string, obj: Record<string, unknown>): AttributeType {
  const t = obj.type;
  if (typeof t === 'string' && (ATTRIBUTE_TYPES as readonly string[]).includes(t)) {
    if (t === 'Property' && CORE_GEO_PROPERTIES.includes(name) && isGeoJson(obj.value)) return 'GeoProperty';
    return t as AttributeType;
  }
  if (t !== undefined && !isGeoJson(obj)) throw badData(`attribute ${name} has unknown type ${short(t)}`);
  // Concise representation (§4.5.8): the member present tells the attribute type.
  if (isGeoJson(obj)) return 'GeoProperty';
  if ('object' in obj) return 'Relationship';
  if ('languageMap' in obj) return 'LanguageProperty';
  if ('vocab' in obj) return 'VocabProperty';
  if ('valueList' in obj) return 'ListProperty';
  if ('objectList' in obj) return 'ListRelationship';
  if ('json' in obj) return 'JsonProperty';
  if (CORE_GEO_PROPERTIES.includes(name) && isGeoJson(obj.value)) return 'GeoProperty';
  return 'Property';
}

function isGeoJson(v: unknown): boolean {
  return isPlainObject(v) && typeof v.type === 'string' && 'coordinates' in v;
}

function fillCore(
  name: string,
  type: AttributeType,
  obj: Record<string, unknown>,
  inst: StoredInstance,
  terms: TermMapper,
): void {
  // A concise GeoProperty is the bare GeoJSON object.
  const src =
    isGeoJson(obj) && type === 'GeoProperty' && !('value' in obj)
      ? { value: { type: obj.type, coordinates: obj.coordinates } }
      : obj;
  switch (type) {
    case 'Property':
      if (src.value === undefined || src.value === null) throw badData(`Property ${name} has no value`);
      inst.value = src.value;
      return;
    case 'GeoProperty':
      try {
        inst.value = validateGeometry(src.value);
      } catch (err) {
        throw badData(`GeoProperty ${name}: ${(err as Error).message}`);
      }
      return;
    case 'Relationship': {
      const o = src.object;
      const ok = Array.isArray(o) ? o.length > 0 && o.every(isUri) : isUri(o);
      if (!ok) throw badData(`Relationship ${name} needs an object that is a URI, got ${short(o)}`);
      inst.object = o as string | string[];
      if (typeof src.objectType === 'string') inst.objectType = terms.expandTerm(src.objectType);
      else if (src.objectType !== undefined) throw badData(`objectType of ${name} must be a type name`);
      return;
    }
    case 'LanguageProperty': {
      const m = src.languageMap;
      if (
        !isPlainObject(m) ||
        Object.values(m).some(
          (v) => typeof v !== 'string' && !(Array.isArray(v) && v.every((x) => typeof x === 'string')),
        )
      ) {
        throw badData(`LanguageProperty ${name} needs a languageMap of language tag → string`);
      }
      inst.languageMap = m as Record<string, string>;
      return;
    }
    case 'VocabProperty': {
      const v = src.vocab;
      const list = Array.isArray(v) ? v : [v];
      if (list.length === 0 || list.some((x) => typeof x !== 'string' || x === ''))
        throw badData(`VocabProperty ${name} needs vocab terms`);
      const expanded = list.map((x) => terms.expandTerm(x as string));
      inst.vocab = Array.isArray(v) ? expanded : (expanded[0] as string);
      return;
    }
    case 'ListProperty':
      if (!Array.isArray(src.valueList)) throw badData(`ListProperty ${name} needs a valueList array`);
      inst.valueList = src.valueList;
      return;
    case 'ListRelationship':
      if (!Array.isArray(src.objectList)) throw badData(`ListRelationship ${name} needs an objectList array`);
      inst.objectList = src.objectList;
      return;
    case 'JsonProperty':
      if (src.json === undefined) throw badData(`JsonProperty ${name} needs a json member`);
      inst.json = src.json;
      return;
  }
}
