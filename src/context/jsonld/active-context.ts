// The processed, immutable term map used to expand and compact names of one request.
// NGSI-LD 1.8 §5.5.7: the Core @context has absolute precedence whatever its position, and
// names no @context defines expand to the default vocabulary (§4.4).
import { CORE_CONTEXT_URL, DEFAULT_CONTEXT_VOCAB } from './constants.ts';
import { isKeyword } from './iri.ts';
import { expandIri, type ContextState, type TermDefinition } from './term-definitions.ts';

/** What may be placed in an `@context` member on output. */
export type JsonLdContextValue = string | Record<string, unknown> | (string | Record<string, unknown>)[];

export interface ActiveContext {
  /** URLs named by the user @context (in order), then the Core @context URL last (§4.4). */
  readonly contextUrls: readonly string[];
  /** The single URL to send in a Link header, or undefined when the context needs an inline value or hosting. */
  readonly linkUrl: string | undefined;
  /** True when the request gave no user @context (only the Core @context applies). */
  readonly isCoreOnly: boolean;
  expandTerm(term: string): string;
  compactIri(iri: string): string;
  isCoreTerm(term: string): boolean;
  /** The expanded `@type` of a term's definition ('@id', '@vocab', '@json', a datatype IRI), if any. */
  termType(term: string): string | undefined;
  termDefinition(term: string): TermDefinition | undefined;
  /** The value to put in `@context` on output: the user context with the Core @context last (§4.4). */
  asJsonLdContext(): JsonLdContextValue;
}

export interface ActiveContextInput {
  /** State after the user contexts (processed on top of the Core @context). */
  readonly user: ContextState;
  readonly core: ContextState;
  /** The user @context entries as given, Core @context URLs removed. */
  readonly source: readonly (string | Record<string, unknown>)[];
}

const MEMO_LIMIT = 10_000;

export function createActiveContext(input: ActiveContextInput): ActiveContext {
  const terms = new Map(input.user.terms);
  for (const [term, def] of input.core.terms) terms.set(term, def); // Core last: absolute precedence
  // The Core @vocab is the fallback "in case there is no other possible expansion" (§4.4), so a
  // user @vocab, when given, is kept.
  const vocab = input.user.vocab ?? input.core.vocab ?? DEFAULT_CONTEXT_VOCAB;
  const inverse = buildInverse(terms);
  const prefixes = [...terms].filter(([, d]) => d.prefix && !d.reverse);
  const expanded = new Map<string, string>();
  const compacted = new Map<string, string>();
  const urls = input.source.filter((s): s is string => typeof s === 'string');
  const only = input.source[0];

  const memo = (cache: Map<string, string>, key: string, compute: (k: string) => string): string => {
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
    if (cache.size >= MEMO_LIMIT) cache.clear();
    const value = compute(key);
    cache.set(key, value);
    return value;
  };

  const compute = (iri: string): string => compactOne(iri, { terms, inverse, prefixes, vocab });

  return {
    contextUrls: [...urls, CORE_CONTEXT_URL],
    linkUrl:
      input.source.length === 0
        ? CORE_CONTEXT_URL
        : input.source.length === 1 && typeof only === 'string'
          ? only
          : undefined,
    isCoreOnly: input.source.length === 0,
    expandTerm: (term) => memo(expanded, term, (t) => expandIri(t, terms, vocab)),
    compactIri: (iri) => memo(compacted, iri, compute),
    isCoreTerm: (term) => input.core.terms.has(term),
    termType: (term) => terms.get(term)?.type,
    termDefinition: (term) => terms.get(term),
    asJsonLdContext: () =>
      input.source.length === 0 ? CORE_CONTEXT_URL : [...input.source, CORE_CONTEXT_URL],
  };
}

/** The preferred term for each IRI: the shortest, then the lexicographically least (JSON-LD 1.1 API §4.3). */
function buildInverse(terms: ReadonlyMap<string, TermDefinition>): Map<string, string> {
  const inverse = new Map<string, string>();
  for (const [term, def] of terms) {
    if (def.reverse) continue;
    const current = inverse.get(def.iri);
    if (current === undefined || shorterOrLess(term, current)) inverse.set(def.iri, term);
  }
  return inverse;
}

const shorterOrLess = (a: string, b: string): boolean =>
  a.length < b.length || (a.length === b.length && a < b);

interface CompactionTables {
  readonly terms: ReadonlyMap<string, TermDefinition>;
  readonly inverse: ReadonlyMap<string, string>;
  readonly prefixes: readonly (readonly [string, TermDefinition])[];
  readonly vocab: string;
}

/** IRI compaction with vocab = true (JSON-LD 1.1 API §4.6): term, then @vocab suffix, then compact IRI. */
function compactOne(iri: string, t: CompactionTables): string {
  const term = t.inverse.get(iri);
  if (term !== undefined) return term;
  if (isKeyword(iri)) return iri;
  if (iri.startsWith(t.vocab) && iri.length > t.vocab.length) {
    const suffix = iri.slice(t.vocab.length);
    // A suffix that is a term or looks like a compact IRI would not expand back to `iri`.
    if (!t.terms.has(suffix) && !suffix.includes(':')) return suffix;
  }
  let best: string | undefined;
  for (const [prefix, def] of t.prefixes) {
    if (!iri.startsWith(def.iri) || iri.length === def.iri.length) continue;
    const candidate = `${prefix}:${iri.slice(def.iri.length)}`;
    if (t.terms.has(candidate)) continue;
    if (best === undefined || shorterOrLess(candidate, best)) best = candidate;
  }
  return best ?? iri;
}
