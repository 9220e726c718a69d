// Temporal representation input (NGSI-LD 1.8 §4.5.9): every attribute is an array of instances,
// each validated like an ordinary attribute instance (normalizeAttribute). Pure.
import type { StoredInstance } from '../model.ts';
import { ENTITY_KEYS, normalizeAttribute } from '../ngsi/normalize.ts';
import type { TermMapper } from '../ngsi/terms.ts';
import { assertName, badData, isPlainObject, short } from '../ngsi/validate.ts';

export interface TemporalWriteItem {
  attr: string;
  instance: StoredInstance;
}

/** The attribute instances of a temporal entity (or fragment) body, expanded; at least one. */
export function temporalInstances(body: unknown, terms: TermMapper, now: string): TemporalWriteItem[] {
  if (!isPlainObject(body)) throw badData(`a temporal entity must be a JSON object, got ${short(body)}`);
  const out: TemporalWriteItem[] = [];
  for (const [key, value] of Object.entries(body)) {
    if (ENTITY_KEYS.has(key)) continue;
    assertName(key, 'attribute name');
    const attr = terms.expandTerm(key);
    const list = Array.isArray(value) ? value : [value];
    if (list.length === 0) throw badData(`attribute ${key} has no instances`);
    for (const raw of list) {
      if (!isPlainObject(raw))
        throw badData(`each instance of ${key} must be a JSON object, got ${short(raw)}`);
      for (const instance of normalizeAttribute(key, raw, terms, now)) out.push({ attr, instance });
    }
  }
  if (out.length === 0) throw badData('the body holds no attribute instance');
  return out;
}

/**
 * §5.6.15 modify attribute instance: the members sent replace those stored; observedAt and
 * datasetId stay when not sent, createdAt always stays. A change of attribute type starts afresh.
 */
export function modifyInstance(old: StoredInstance, patch: StoredInstance, now: string): StoredInstance {
  const base: StoredInstance = patch.type === old.type ? { ...old, ...patch } : { ...patch };
  if (patch.observedAt === undefined && old.observedAt !== undefined) base.observedAt = old.observedAt;
  if (patch.datasetId === undefined && old.datasetId !== undefined) base.datasetId = old.datasetId;
  if (old.createdAt !== undefined) base.createdAt = old.createdAt;
  base.modifiedAt = now;
  return base;
}
