// History rows → temporal representation of entities, compacted with the request's @context:
// normalized / concise (NGSI-LD 1.8 §4.5.9), simplified "temporalValues" (§4.5.10) and
// aggregated (§4.5.19). Pure.
import type { StoredInstance } from '../model.ts';
import { renderInstance, type Rendered, type RenderOptions } from '../ngsi/render.ts';
import type { TermMapper } from '../ngsi/terms.ts';
import { isPlainObject } from '../ngsi/validate.ts';
import {
  formatInstanceId,
  type AggregateRow,
  type InstanceRow,
  type TemporalHead,
  type TemporalResult,
} from './temporal-model.ts';
import type { TemporalFormat } from './temporal-query.ts';

export interface TemporalRenderOptions extends Omit<RenderOptions, 'format'> {
  format: TemporalFormat;
}

/** §4.5.10: the member holding the [value, time] pairs, by attribute type. */
const SIMPLIFIED_KEY: Record<string, string> = {
  Property: 'values',
  GeoProperty: 'values',
  Relationship: 'objects',
  LanguageProperty: 'languageMaps',
  VocabProperty: 'vocabs',
  ListProperty: 'valueLists',
  ListRelationship: 'objectLists',
  JsonProperty: 'jsons',
};

export function renderTemporal(
  result: TemporalResult,
  terms: TermMapper,
  o: TemporalRenderOptions,
): Rendered[] {
  const byEntity = new Map<string, (InstanceRow | AggregateRow)[]>();
  for (const r of result.rows) {
    const list = byEntity.get(r.entityId);
    if (list) list.push(r);
    else byEntity.set(r.entityId, [r]);
  }
  return result.heads.map((h) => {
    const out = renderHead(h, terms, o);
    const rows = byEntity.get(h.id) ?? [];
    const attrs = groupByAttr(rows, o);
    for (const [iri, list] of attrs) {
      const name = terms.compactIri(iri);
      if (result.kind === 'aggregated') out[name] = oneOrMany(aggregated(list as AggregateRow[], result));
      else if (o.format === 'temporalValues')
        out[name] = oneOrMany(simplified(list as InstanceRow[], terms, o));
      else out[name] = (list as InstanceRow[]).map((r) => instance(r, terms, o));
    }
    return out;
  });
}

function renderHead(h: TemporalHead, terms: TermMapper, o: TemporalRenderOptions): Rendered {
  const out: Rendered = {};
  if (o.keepId !== false) out.id = h.id;
  if (o.keepType !== false) {
    const types = h.types.map((t) => terms.compactIri(t));
    out.type = types.length === 1 ? types[0] : types;
  }
  return out;
}

/** Rows of one entity by attribute (insertion order), after attrs/pick/omit and the datasetId filter. */
function groupByAttr<R extends { attr: string; datasetId: string | undefined }>(
  rows: R[],
  o: TemporalRenderOptions,
): Map<string, R[]> {
  const out = new Map<string, R[]>();
  for (const r of rows) {
    if (o.keep && !o.keep.has(r.attr)) continue;
    if (o.drop?.has(r.attr)) continue;
    if (o.datasetId && !o.datasetId.includes(r.datasetId ?? '@none')) continue;
    const list = out.get(r.attr);
    if (list) list.push(r);
    else out.set(r.attr, [r]);
  }
  return out;
}

function byDataset<R extends { datasetId: string | undefined }>(rows: R[]): R[][] {
  const groups = new Map<string, R[]>();
  for (const r of rows) {
    const k = r.datasetId ?? '';
    const g = groups.get(k);
    if (g) g.push(r);
    else groups.set(k, [r]);
  }
  return [...groups.values()];
}

const oneOrMany = (list: Rendered[]): Rendered | Rendered[] =>
  list.length === 1 ? (list[0] as Rendered) : list;

/** §4.5.9: one instance with its instanceId; sysAttrs shows when the instance row was written and changed. */
function instance(r: InstanceRow, terms: TermMapper, o: TemporalRenderOptions): Rendered {
  const format = o.format === 'concise' ? 'concise' : 'normalized';
  const x = renderInstance(r.instance, terms, { format, sysAttrs: false, lang: o.lang });
  const out: Rendered = isPlainObject(x) ? { ...x } : { value: x };
  out.instanceId = formatInstanceId(r.instanceId);
  if (o.sysAttrs) {
    out.createdAt = r.createdAt;
    out.modifiedAt = r.modifiedAt;
  }
  return out;
}

/** §4.5.10: {type, values: [[value, time], …]} per datasetId. */
function simplified(rows: InstanceRow[], terms: TermMapper, o: TemporalRenderOptions): Rendered[] {
  return byDataset(rows).map((group) => {
    const last = group[group.length - 1]?.instance as StoredInstance;
    const out: Rendered = { type: last.type };
    if (group[0]?.datasetId !== undefined) out.datasetId = group[0].datasetId;
    out[SIMPLIFIED_KEY[last.type] ?? 'values'] = group.map((r) => [
      renderInstance(r.instance, terms, { format: 'keyValues', sysAttrs: false, lang: o.lang }),
      r.time,
    ]);
    return out;
  });
}

/** §4.5.19: {type, <method>: [[value, startAt, endAt], …]} per datasetId. */
function aggregated(
  rows: AggregateRow[],
  result: Extract<TemporalResult, { kind: 'aggregated' }>,
): Rendered[] {
  return byDataset(rows).map((group) => {
    const out: Rendered = { type: group[group.length - 1]?.type ?? 'Property' };
    if (group[0]?.datasetId !== undefined) out.datasetId = group[0].datasetId;
    for (const m of result.methods) {
      out[m] = group.map((r) => {
        const b = result.buckets[r.bucket];
        return [r.values[m] ?? null, b?.startAt, b?.endAt];
      });
    }
    return out;
  });
}
