// What a query term compares against (NGSI-LD 1.8 §4.9 "target value"), shared by the SQL/JSON
// path compiler and the in-memory evaluator so that both read an attribute the same way.
import type { QTerm, QValue } from './q-ast.ts';
import { assertStorable } from './q-literal.ts';

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
  /** Holds only strings (IRIs, language strings): a number or boolean never matches here. */
  readonly textOnly: boolean;
}

const field = (name: string, anyMember = false, vocab = false, textOnly = false): ValueField => ({
  name,
  anyMember,
  vocab,
  textOnly,
});

const PLAIN_FIELDS: readonly ValueField[] = [
  field('value'),
  field('object', false, false, true),
  field('valueList'),
  field('objectList', false, false, true),
  field('json'),
  field('vocab', false, true, true),
  field('languageMap', true, false, true),
];

/** Fields that can hold a compound value to index with keys (`attr[key]`, `name[en]`). */
const COMPOUND_FIELDS: readonly ValueField[] = [
  field('value'),
  field('valueList'),
  field('json'),
  field('languageMap', false, false, true),
];

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
    return !wantValue && keys.length === 0
      ? { kind: 'self' }
      : { kind: 'fields', fields: valueFields(keys), keys };
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

/** VocabProperty values are stored expanded: `category==commercial` also matches its IRI. */
export function vocabExpansion(v: QValue, expand: (term: string) => string): string[] {
  if (v.kind === 'number' || v.kind === 'boolean') return [];
  const iri = expand(v.value);
  assertStorable(iri);
  return iri === v.value ? [] : [iri];
}

/**
 * Whether a term's test is worth running on a field: terms whose literals are all numbers or
 * booleans skip text-only fields (shorter SQL; the evaluator skips them too, to stay equal).
 */
export function fieldCanMatch(literals: readonly QValue[] | undefined, f: ValueField): boolean {
  if (!f.textOnly || literals === undefined) return true;
  return literals.some((v) => v.kind !== 'number' && v.kind !== 'boolean');
}

/** The literal values of a term; undefined for a pattern (which tests text). */
export function termLiterals(t: QTerm): readonly QValue[] | undefined {
  switch (t.kind) {
    case 'compare':
      return [t.value];
    case 'range':
      return [t.low, t.high];
    case 'list':
      return t.values;
    default:
      return undefined;
  }
}
