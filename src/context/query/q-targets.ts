// What a query term compares against (NGSI-LD 1.8 §4.9 "target value"), shared by the SQL/JSON
// path compiler and the in-memory evaluator so that both read an attribute the same way.

/** Instance members that are metadata, kept as plain keys (not sub-attribute instances). */
export const METADATA_KEYS: ReadonlySet<string> = new Set([
  'observedAt',
  'unitCode',
  'datasetId',
  'createdAt',
  'modifiedAt',
]);

const CORE_PREFIX = 'https://uri.etsi.org/ngsi-ld/';

/** The metadata key a path segment names (`observedAt` or its core-context IRI), if any. */
export function metadataKey(segment: string): string | undefined {
  const name = segment.startsWith(CORE_PREFIX) ? segment.slice(CORE_PREFIX.length) : segment;
  return METADATA_KEYS.has(name) ? name : undefined;
}

/**
 * A member of an instance that holds its value. `value` for Property / GeoProperty, `object`
 * for Relationship, `valueList` / `objectList` for the list types, `json` for JsonProperty,
 * `vocab` for VocabProperty and every language's string of a LanguageProperty (§4.5). An
 * instance holds one of them, so a term reads them all.
 */
export interface ValueField {
  readonly name: string;
  /** Read every member's value (languageMap: any language) when no key follows. */
  readonly anyMember: boolean;
  /** Equality also accepts the expansion of the literal (VocabProperty holds IRIs). */
  readonly vocab: boolean;
}

const field = (name: string, anyMember = false, vocab = false): ValueField => ({ name, anyMember, vocab });

const PLAIN_FIELDS: readonly ValueField[] = [
  field('value'),
  field('object'),
  field('valueList'),
  field('objectList'),
  field('json'),
  field('vocab', false, true),
  field('languageMap', true),
];

/** Fields that can hold a compound value to index with keys (`attr[key]`, `name[en]`). */
const COMPOUND_FIELDS: readonly ValueField[] = [field('value'), field('valueList'), field('json'), field('languageMap')];

export function valueFields(keys: readonly string[]): readonly ValueField[] {
  return keys.length === 0 ? PLAIN_FIELDS : COMPOUND_FIELDS;
}

/**
 * How a path continues below one attribute instance: either the instance itself (a bare
 * existence check), some of its fields followed by keys, or a sub-attribute instance.
 */
export type Step =
  | { readonly kind: 'self' }
  | { readonly kind: 'fields'; readonly fields: readonly ValueField[]; readonly keys: readonly string[] }
  /** Go into sub-attribute `iri` when the instance has it, else `fallback` (Orion-LD's dotted keys). */
  | { readonly kind: 'sub'; readonly iri: string; readonly then: Step; readonly fallback: Step };

/**
 * Plans the steps for `dotted` segments then `keys` below an instance. `wantValue` false asks
 * whether the node exists (`attr.sub`), true asks for its value (`attr.sub == 3`).
 */
export function planSteps(
  dotted: readonly string[],
  keys: readonly string[],
  wantValue: boolean,
  expand: (term: string) => string,
): Step {
  const [head, ...rest] = dotted;
  if (head === undefined) {
    return !wantValue && keys.length === 0 ? { kind: 'self' } : { kind: 'fields', fields: valueFields(keys), keys };
  }
  const meta = metadataKey(head);
  if (meta !== undefined) {
    return { kind: 'fields', fields: [field(meta)], keys: [...rest, ...keys] };
  }
  return {
    kind: 'sub',
    iri: expand(head),
    then: planSteps(rest, keys, wantValue, expand),
    fallback: { kind: 'fields', fields: valueFields(dotted), keys: [...dotted, ...keys] },
  };
}
