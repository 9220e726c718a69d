// What attributes a tenant knows, for save-time validation of rules: the attributes of its device
// profiles (with their value types) and of its stored entities (type known from the NGSI-LD attribute
// type only: GeoProperty → point), narrowed to the rule's entity type when it has one. `location`
// is always known. Attributes nobody has produced yet are refused: a rule on them could never fire.
import type { TermMapper } from '../context/index.ts';
import type { DeviceProfile } from '../devices/index.ts';
import type { AttrKind, KnownAttributes } from './domain/validate.ts';

export interface AttributeSources {
  listProfiles(tenant: string): Promise<DeviceProfile[]>;
  typeStats(tenant: string): Promise<{ type: string; attrs: string[] }[]>;
  terms: TermMapper;
}

const PROFILE_KIND: Record<string, AttrKind> = {
  number: 'number',
  integer: 'number',
  boolean: 'boolean',
  string: 'string',
  point: 'point',
};

export async function knownAttributes(
  src: AttributeSources,
  tenant: string,
  entityType: string | undefined,
): Promise<KnownAttributes> {
  const attrs = new Map<string, AttrKind>([['location', 'point']]);
  for (const p of await src.listProfiles(tenant)) {
    if (entityType !== undefined && p.entityType !== entityType) continue;
    for (const a of p.attributes) attrs.set(a.attr, PROFILE_KIND[a.type] ?? 'any');
  }
  for (const t of await src.typeStats(tenant)) {
    if (entityType !== undefined && src.terms.compactIri(t.type) !== entityType) continue;
    for (const iri of t.attrs) {
      const name = src.terms.compactIri(iri);
      if (!attrs.has(name)) attrs.set(name, 'any');
    }
  }
  return { tenant, attrs };
}
