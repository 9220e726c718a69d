// Row ↔ StoredEntity mapping, kept apart from the SQL so both directions are obvious.
import { geometryBbox, validateGeometry } from '../geo/index.ts';
import type { StoredEntity } from '../model.ts';

export const LOCATION_IRI = 'https://uri.etsi.org/ngsi-ld/location';

export interface EntityRow {
  id: string;
  types: string[];
  scope: string[] | null;
  attrs: StoredEntity['attrs'];
  created_at: string;
  modified_at: string;
}

export const ENTITY_COLUMNS = 'id, types, scope, attrs, created_at, modified_at';

export function fromRow(r: EntityRow): StoredEntity {
  const e: StoredEntity = {
    id: r.id,
    types: r.types,
    attrs: r.attrs,
    createdAt: r.created_at,
    modifiedAt: r.modified_at,
  };
  if (r.scope?.length) e.scope = r.scope;
  return e;
}

/** Union bounding box of all location instances, for the geo prefilter columns (exact test in code). */
export function locationBbox(e: StoredEntity): [number, number, number, number] | null {
  let box: [number, number, number, number] | null = null;
  for (const inst of e.attrs[LOCATION_IRI] ?? []) {
    if (inst.type !== 'GeoProperty') continue;
    try {
      const b = [...geometryBbox(validateGeometry(inst.value))] as [number, number, number, number];
      box = box
        ? [Math.min(box[0], b[0]), Math.min(box[1], b[1]), Math.max(box[2], b[2]), Math.max(box[3], b[3])]
        : b;
    } catch {
      // a stored geometry was validated on write; an unreadable one is simply not indexed
    }
  }
  return box;
}

/** True when the location is a single Point instance (geo phase 1 then needs no JSON). */
export function isSinglePoint(e: StoredEntity): boolean {
  const list = e.attrs[LOCATION_IRI];
  const v = list?.length === 1 ? (list[0]?.value as { type?: unknown } | undefined) : undefined;
  return list?.[0]?.type === 'GeoProperty' && v?.type === 'Point';
}
