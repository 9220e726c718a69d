// Bus events → observations for the engine. Readings carry short attribute names; entity changes
// carry expanded IRIs, compacted here with the core @context so that both name attributes alike.
// A reading also arrives as an entity change: the engine ignores an observation not newer than the
// last one of that attribute, so the second copy changes nothing.
import type { DeviceStateEvent, ReadingEvent } from '../bus/index.ts';
import type { StoredInstance, TermMapper } from '../context/index.ts';
import type { EntityObservation } from './engine.ts';

export interface Observed {
  tenant: string;
  entityType: string | undefined;
  obs: EntityObservation;
}

export function fromReading(e: ReadingEvent): Observed[] {
  if (!e || typeof e.tenant !== 'string' || !Array.isArray(e.values)) return [];
  return e.values.map((v) => ({
    tenant: e.tenant,
    entityType: e.entityType,
    obs: {
      kind: 'value',
      entityId: e.entityId,
      entityType: e.entityType,
      attr: v.attr,
      value: v.value,
      at: v.observedAt,
    },
  }));
}

interface ChangeLike {
  tenant: string;
  kind: string;
  after?: { id: string; types: string[]; attrs: Record<string, StoredInstance[]> };
  attrs: string[];
  at: string;
}

function pick(list: StoredInstance[] | undefined): StoredInstance | undefined {
  return list?.find((i) => i.datasetId === undefined) ?? list?.[0];
}

export function fromChange(c: ChangeLike, terms: TermMapper): Observed[] {
  if (!c || typeof c.tenant !== 'string' || !c.after || !Array.isArray(c.attrs)) return [];
  const after = c.after;
  const entityType = after.types[0] !== undefined ? terms.compactIri(after.types[0]) : undefined;
  const out: Observed[] = [];
  for (const iri of c.attrs) {
    const inst = pick(after.attrs[iri]);
    if (!inst) continue;
    const value = inst.type === 'Relationship' ? inst.object : inst.value;
    if (value === undefined) continue;
    const at = inst.observedAt ?? (typeof inst.modifiedAt === 'string' ? inst.modifiedAt : c.at);
    out.push({
      tenant: c.tenant,
      entityType,
      obs: {
        kind: 'value',
        entityId: after.id,
        entityType: entityType ?? '',
        attr: terms.compactIri(iri),
        value,
        at,
      },
    });
  }
  return out;
}

export function fromDeviceState(e: DeviceStateEvent, entityType: string | undefined): Observed | undefined {
  if (!e || typeof e.tenant !== 'string' || (e.state !== 'online' && e.state !== 'offline')) return undefined;
  return {
    tenant: e.tenant,
    entityType,
    obs: {
      kind: 'device',
      entityId: e.entityId,
      ...(entityType ? { entityType } : {}),
      state: e.state,
      at: e.at,
    },
  };
}
