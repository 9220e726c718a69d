// Stored form → response representation: normalized, concise or keyValues (NGSI-LD 1.8 §4.5),
// compacted against the request's @context, with projection (attrs/pick/omit), sysAttrs and lang.
import type { StoredEntity, StoredInstance } from '../model.ts';
import { INSTANCE_CORE_KEYS } from '../model.ts';
import type { TermMapper } from './terms.ts';

export type Format = 'normalized' | 'concise' | 'keyValues';

export interface RenderOptions {
  format: Format;
  sysAttrs: boolean;
  /** Expanded attribute IRIs to keep (attrs or pick); undefined = all. */
  keep?: ReadonlySet<string> | undefined;
  /** Expanded attribute IRIs to drop (omit). */
  drop?: ReadonlySet<string> | undefined;
  /** pick/omit may also name id and type. */
  keepId?: boolean;
  keepType?: boolean;
  /** NGSI-LD 1.8 §4.15: language filter for LanguageProperty. */
  lang?: string | undefined;
  /** datasetId filter; '@none' selects the default instance. */
  datasetId?: readonly string[] | undefined;
}

export type Rendered = Record<string, unknown>;

export function renderEntity(e: StoredEntity, terms: TermMapper, o: RenderOptions): Rendered {
  const out: Rendered = {};
  if (o.keepId !== false) out.id = e.id;
  if (o.keepType !== false) {
    const types = e.types.map((t) => terms.compactIri(t));
    out.type = types.length === 1 ? types[0] : types;
  }
  if (e.scope?.length) out.scope = e.scope.length === 1 ? e.scope[0] : e.scope;
  for (const [iri, instances] of Object.entries(e.attrs)) {
    if (o.keep && !o.keep.has(iri)) continue;
    if (o.drop?.has(iri)) continue;
    const selected = o.datasetId
      ? instances.filter((i) => o.datasetId?.includes(i.datasetId ?? '@none'))
      : instances;
    if (selected.length === 0) continue;
    const rendered = selected.map((i) => renderInstance(i, terms, o));
    out[terms.compactIri(iri)] = rendered.length === 1 ? rendered[0] : rendered;
  }
  if (o.sysAttrs && o.format !== 'keyValues') {
    out.createdAt = e.createdAt;
    out.modifiedAt = e.modifiedAt;
  }
  return out;
}

export function renderInstance(
  i: StoredInstance,
  terms: TermMapper,
  o: Pick<RenderOptions, 'format' | 'sysAttrs' | 'lang'>,
): unknown {
  if (o.format === 'keyValues') return simpleValue(i, terms, o.lang);
  const out: Record<string, unknown> = {};
  const concise = o.format === 'concise';
  if (!concise || i.type === 'Property' || i.type === 'GeoProperty') out.type = i.type;
  switch (i.type) {
    case 'LanguageProperty':
      if (o.lang !== undefined) {
        // §4.15: with lang, a LanguageProperty is returned as a Property holding one string.
        const [tag, text] = pickLanguage(i.languageMap ?? {}, o.lang);
        out.type = 'Property';
        out.value = text;
        out.lang = tag;
      } else out.languageMap = i.languageMap;
      break;
    case 'VocabProperty':
      out.vocab = Array.isArray(i.vocab)
        ? i.vocab.map((v) => terms.compactIri(v))
        : terms.compactIri(String(i.vocab));
      break;
    default:
      for (const k of ['value', 'object', 'objectType', 'valueList', 'objectList', 'json'] as const) {
        if (i[k] !== undefined) out[k] = k === 'objectType' ? terms.compactIri(String(i[k])) : i[k];
      }
  }
  if (i.datasetId !== undefined) out.datasetId = i.datasetId;
  if (i.observedAt !== undefined) out.observedAt = i.observedAt;
  if (i.unitCode !== undefined) out.unitCode = i.unitCode;
  if (o.sysAttrs) {
    if (i.createdAt !== undefined) out.createdAt = i.createdAt;
    if (i.modifiedAt !== undefined) out.modifiedAt = i.modifiedAt;
  }
  for (const [k, v] of Object.entries(i)) {
    if (INSTANCE_CORE_KEYS.has(k) || v === undefined) continue;
    out[terms.compactIri(k)] = renderInstance(v as StoredInstance, terms, o);
  }
  if (concise) {
    // §4.5.8: a Property with nothing but a value is the bare value.
    delete out.type;
    if (i.type === 'GeoProperty' && Object.keys(out).length === 1) return out.value;
    if (
      i.type === 'Property' &&
      Object.keys(out).length === 1 &&
      (typeof out.value !== 'object' || Array.isArray(out.value))
    )
      return out.value;
  }
  return out;
}

function simpleValue(i: StoredInstance, terms: TermMapper, lang: string | undefined): unknown {
  switch (i.type) {
    case 'Relationship':
      return i.object;
    case 'LanguageProperty':
      return lang !== undefined ? pickLanguage(i.languageMap ?? {}, lang)[1] : i.languageMap;
    case 'VocabProperty':
      return Array.isArray(i.vocab)
        ? i.vocab.map((v) => terms.compactIri(v))
        : terms.compactIri(String(i.vocab));
    case 'ListProperty':
      return i.valueList;
    case 'ListRelationship':
      return i.objectList;
    case 'JsonProperty':
      return i.json;
    default:
      return i.value;
  }
}

/** §4.15: exact tag, then primary language match, then '@none', then any. */
function pickLanguage(map: Record<string, string>, lang: string): [string, string | undefined] {
  const wanted = lang.split(',').map((s) => s.split(';')[0]?.trim().toLowerCase() ?? '');
  for (const w of wanted) {
    if (w === '*') break;
    for (const [tag, text] of Object.entries(map)) {
      if (tag.toLowerCase() === w || tag.toLowerCase().split('-')[0] === w.split('-')[0]) return [tag, text];
    }
  }
  const none = map['@none'];
  if (none !== undefined) return ['@none', none];
  const first = Object.entries(map)[0];
  return first ? [first[0], first[1]] : ['@none', undefined];
}
