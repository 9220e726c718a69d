// Pure entity mutations (NGSI-LD 1.8 §5.6): each returns the new entity, the instances written
// (kept as temporal history) and the attributes it did not touch, with the reason.
import type { StoredEntity, StoredInstance } from '../model.ts';
import { INSTANCE_CORE_KEYS } from '../model.ts';

export interface Written {
  attr: string;
  instance: StoredInstance;
  deleted?: boolean;
}

export interface NotUpdated {
  attr: string;
  reason: string;
}

export interface MutationResult {
  entity: StoredEntity;
  written: Written[];
  notUpdated: NotUpdated[];
}

const sameDataset = (a: StoredInstance, b: StoredInstance): boolean =>
  (a.datasetId ?? null) === (b.datasetId ?? null);

function clone(e: StoredEntity): StoredEntity {
  return { ...e, attrs: { ...e.attrs } };
}

/** Puts instances into an attribute, replacing those with the same datasetId; createdAt survives. */
function putInstances(current: StoredInstance[] | undefined, incoming: StoredInstance[]): StoredInstance[] {
  const out = [...(current ?? [])];
  for (const inst of incoming) {
    const i = out.findIndex((c) => sameDataset(c, inst));
    if (i >= 0) {
      const createdAt = out[i]?.createdAt ?? inst.createdAt;
      out[i] = createdAt === undefined ? inst : { ...inst, createdAt };
    } else out.push(inst);
  }
  return out;
}

/** §5.6.3 append: adds attributes, overwrites existing ones unless noOverwrite. */
export function appendAttrs(
  e: StoredEntity,
  attrs: StoredEntity['attrs'],
  now: string,
  noOverwrite: boolean,
): MutationResult {
  const next = clone(e);
  const written: Written[] = [];
  const notUpdated: NotUpdated[] = [];
  for (const [iri, incoming] of Object.entries(attrs)) {
    const current = next.attrs[iri];
    const accepted =
      noOverwrite && current
        ? incoming.filter((inst) => !current.some((c) => sameDataset(c, inst)))
        : incoming;
    if (accepted.length < incoming.length)
      notUpdated.push({ attr: iri, reason: 'attribute exists and noOverwrite was requested' });
    if (accepted.length === 0) continue;
    next.attrs[iri] = putInstances(current, accepted);
    for (const instance of accepted) written.push({ attr: iri, instance });
  }
  if (written.length) next.modifiedAt = now;
  return { entity: next, written, notUpdated };
}

/** §5.6.2 update: only attributes (and dataset instances) that exist are replaced. */
export function updateAttrs(e: StoredEntity, attrs: StoredEntity['attrs'], now: string): MutationResult {
  const next = clone(e);
  const written: Written[] = [];
  const notUpdated: NotUpdated[] = [];
  for (const [iri, incoming] of Object.entries(attrs)) {
    const current = next.attrs[iri];
    if (!current) {
      notUpdated.push({ attr: iri, reason: 'attribute does not exist' });
      continue;
    }
    const accepted = incoming.filter((inst) => current.some((c) => sameDataset(c, inst)));
    if (accepted.length < incoming.length)
      notUpdated.push({ attr: iri, reason: 'no instance with that datasetId exists' });
    if (accepted.length === 0) continue;
    next.attrs[iri] = putInstances(current, accepted);
    for (const instance of accepted) written.push({ attr: iri, instance });
  }
  if (written.length) next.modifiedAt = now;
  return { entity: next, written, notUpdated };
}

/** §5.6.4 partial attribute update: members given replace those stored, the rest stays. */
export function patchAttr(
  e: StoredEntity,
  iri: string,
  patch: StoredInstance,
  now: string,
): MutationResult | undefined {
  const current = e.attrs[iri];
  const i = current?.findIndex((c) => sameDataset(c, patch)) ?? -1;
  const old = current?.[i];
  if (!current || !old) return undefined;
  const merged = mergeInstance(old, patch, now);
  const next = clone(e);
  next.attrs[iri] = current.map((c, k) => (k === i ? merged : c));
  next.modifiedAt = now;
  return { entity: next, written: [{ attr: iri, instance: merged }], notUpdated: [] };
}

/** Merges instance members; sub-attributes merge recursively, a patch member replaces the stored one. */
export function mergeInstance(old: StoredInstance, patch: StoredInstance, now: string): StoredInstance {
  const out: StoredInstance = { ...old };
  // The value members of a type change together: drop the old ones when the type changes.
  if (patch.type !== old.type)
    for (const k of ['value', 'object', 'languageMap', 'vocab', 'valueList', 'objectList', 'json'])
      delete out[k];
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined || k === 'createdAt') continue;
    if (!INSTANCE_CORE_KEYS.has(k) && out[k] !== undefined)
      out[k] = mergeInstance(out[k] as StoredInstance, v as StoredInstance, now);
    else out[k] = v;
  }
  out.createdAt = old.createdAt ?? now;
  out.modifiedAt = now;
  return out;
}

/** §5.6.17 merge-patch: null deletes, existing attributes merge, new ones are added. */
export function mergeEntity(
  e: StoredEntity,
  attrs: StoredEntity['attrs'],
  deletions: readonly string[],
  now: string,
): MutationResult {
  const next = clone(e);
  const written: Written[] = [];
  for (const iri of deletions) {
    const gone = next.attrs[iri];
    if (!gone) continue;
    delete next.attrs[iri];
    for (const instance of gone)
      written.push({ attr: iri, instance: { ...instance, modifiedAt: now }, deleted: true });
  }
  for (const [iri, incoming] of Object.entries(attrs)) {
    const current = next.attrs[iri] ?? [];
    const merged = incoming.map((inst) => {
      const old = current.find((c) => sameDataset(c, inst));
      return old ? mergeInstance(old, inst, now) : inst;
    });
    next.attrs[iri] = putInstances(current, merged);
    for (const instance of merged) written.push({ attr: iri, instance });
  }
  next.modifiedAt = now;
  return { entity: next, written, notUpdated: [] };
}

/** §5.6.5 delete attribute: the default instance, one datasetId, or all instances. */
export function deleteAttr(
  e: StoredEntity,
  iri: string,
  now: string,
  datasetId: string | undefined,
  all: boolean,
): MutationResult | undefined {
  const current = e.attrs[iri];
  if (!current) return undefined;
  const gone = all ? current : current.filter((c) => (c.datasetId ?? undefined) === datasetId);
  if (gone.length === 0) return undefined;
  const next = clone(e);
  const rest = current.filter((c) => !gone.includes(c));
  if (rest.length) next.attrs[iri] = rest;
  else delete next.attrs[iri];
  next.modifiedAt = now;
  return {
    entity: next,
    written: gone.map((instance) => ({
      attr: iri,
      instance: { ...instance, modifiedAt: now },
      deleted: true,
    })),
    notUpdated: [],
  };
}
