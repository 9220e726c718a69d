// Processing of one local context object into term definitions: a reduced JSON-LD 1.1 Context
// Processing algorithm (JSON-LD 1.1 API §4.1, §4.2) covering what NGSI-LD user contexts may
// contain. Scoped contexts are refused for user contexts (NGSI-LD 1.8 §5.5.7).
import { LdContextError } from './errors.ts';
import {
  endsWithGenDelim,
  isAbsoluteIri,
  isKeyword,
  isPlainObject,
  looksLikeKeyword,
  splitCompactIri,
} from './iri.ts';

export interface TermDefinition {
  /** Expanded IRI, or a keyword for aliases such as `type` → `@type`. */
  readonly iri: string;
  /** Expanded `@type`: '@id', '@vocab', '@json', '@none' or a datatype IRI. */
  readonly type: string | undefined;
  readonly container: readonly string[];
  /** May be used as the prefix of a compact IRI on output (JSON-LD 1.1 §4.2.2). */
  readonly prefix: boolean;
  readonly reverse: boolean;
}

export interface ContextState {
  readonly terms: ReadonlyMap<string, TermDefinition>;
  readonly vocab: string | undefined;
}

export const EMPTY_STATE: ContextState = { terms: new Map(), vocab: undefined };

const DEFINITION_KEYS = new Set([
  '@id',
  '@type',
  '@container',
  '@context',
  '@reverse',
  '@language',
  '@direction',
  '@prefix',
  '@protected',
  '@nest',
  '@index',
  '@propagate',
]);
const TYPE_KEYWORDS = new Set(['@id', '@vocab', '@json', '@none']);
const CONTAINERS = new Set(['@list', '@set', '@index', '@language', '@id', '@type', '@graph']);

interface Pass {
  readonly local: Record<string, unknown>;
  readonly terms: Map<string, TermDefinition>;
  readonly defined: Map<string, boolean>;
  readonly vocab: string | undefined;
  readonly trusted: boolean;
}

const bad = (message: string): LdContextError => new LdContextError('BadRequestData', message);

/**
 * Applies one local context object to `state`. `trusted` is set for the bundled Core @context,
 * whose own scoped contexts are accepted (and ignored: NGSI-LD payloads never need them).
 */
export function applyLocalContext(
  state: ContextState,
  local: Record<string, unknown>,
  trusted = false,
): ContextState {
  if ('@import' in local) throw bad('@import in an @context is not supported');
  const version = local['@version'];
  if (version !== undefined && version !== 1.1)
    throw bad(`invalid @version value ${JSON.stringify(version)}`);
  const vocab = '@vocab' in local ? processVocab(local['@vocab'], state) : state.vocab;
  const pass: Pass = { local, terms: new Map(state.terms), defined: new Map(), vocab, trusted };
  for (const term of Object.keys(local)) {
    if (!term.startsWith('@')) defineTerm(pass, term);
  }
  return { terms: pass.terms, vocab };
}

function processVocab(value: unknown, state: ContextState): string | undefined {
  if (value === null) return undefined;
  if (typeof value !== 'string') throw bad('@vocab must be a string or null');
  const iri = expandIri(value, state.terms, state.vocab);
  if (!isAbsoluteIri(iri)) throw bad(`@vocab ${JSON.stringify(value)} is not an absolute IRI`);
  return iri;
}

function defineTerm(pass: Pass, term: string): void {
  const state = pass.defined.get(term);
  if (state === true) return;
  if (state === false) throw bad(`cyclic IRI mapping for term "${term}"`);
  pass.defined.set(term, false);
  if (term === '' || looksLikeKeyword(term)) throw bad(`invalid term "${term}"`);
  const value = pass.local[term];
  if (value === null) {
    pass.terms.delete(term); // JSON-LD: an explicit null decouples the term from earlier contexts
  } else if (typeof value === 'string') {
    const iri = termIri(pass, term, value);
    pass.terms.set(term, {
      iri,
      type: undefined,
      container: [],
      reverse: false,
      prefix: isPrefixCandidate(term, iri),
    });
  } else if (isPlainObject(value)) {
    const def = expandedDefinition(pass, term, value);
    if (def === undefined) pass.terms.delete(term);
    else pass.terms.set(term, def);
  } else {
    throw bad(`invalid term definition for "${term}": expected a string, an object or null`);
  }
  pass.defined.set(term, true);
}

const isPrefixCandidate = (term: string, iri: string): boolean =>
  !term.includes(':') && !term.includes('/') && !isKeyword(iri) && endsWithGenDelim(iri);

function expandedDefinition(
  pass: Pass,
  term: string,
  def: Record<string, unknown>,
): TermDefinition | undefined {
  for (const key of Object.keys(def)) {
    if (!DEFINITION_KEYS.has(key)) throw bad(`invalid term definition for "${term}": unknown member ${key}`);
  }
  // NGSI-LD 1.8 §5.5.7: scoped contexts in a user @context are BadRequestData.
  if ('@context' in def && !pass.trusted)
    throw bad(`term "${term}" has a scoped @context, which NGSI-LD forbids`);
  const reverse = '@reverse' in def;
  const idValue = reverse ? def['@reverse'] : def['@id'];
  if (idValue === null) return undefined;
  if (idValue !== undefined && typeof idValue !== 'string') throw bad(`invalid @id for term "${term}"`);
  const iri = termIri(pass, term, idValue ?? term);
  const prefixFlag = def['@prefix'];
  if (prefixFlag !== undefined && typeof prefixFlag !== 'boolean')
    throw bad(`@prefix of "${term}" must be a boolean`);
  return {
    iri,
    type: termTypeOf(pass, term, def['@type']),
    container: containerOf(term, def['@container']),
    prefix: prefixFlag === true,
    reverse,
  };
}

function termIri(pass: Pass, term: string, id: string): string {
  let iri: string;
  if (id !== term) iri = expandInPass(pass, id);
  else if (splitCompactIri(term) !== undefined || isAbsoluteIri(term)) iri = expandInPass(pass, term);
  else if (pass.vocab !== undefined)
    iri = pass.vocab + term; // JSON-LD 1.1 API §4.2.2 step 20
  else throw bad(`term "${term}" has no IRI mapping and no @vocab applies`);
  if (iri === '@context') throw bad(`term "${term}" may not alias @context`);
  if (!isKeyword(iri) && !isAbsoluteIri(iri))
    throw bad(`term "${term}" maps to "${id}", which is not an absolute IRI`);
  return iri;
}

function termTypeOf(pass: Pass, term: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw bad(`@type of term "${term}" must be a string`);
  if (TYPE_KEYWORDS.has(value)) return value;
  const iri = expandInPass(pass, value);
  if (!isAbsoluteIri(iri)) throw bad(`@type "${value}" of term "${term}" is not an IRI`);
  return iri;
}

function containerOf(term: string, value: unknown): readonly string[] {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? (value as unknown[]) : [value];
  for (const c of list) {
    if (typeof c !== 'string' || !CONTAINERS.has(c)) throw bad(`invalid @container for term "${term}"`);
  }
  return list as string[];
}

/** IRI expansion while a local context is processed: terms of the same object are defined on demand. */
function expandInPass(pass: Pass, value: string): string {
  if (isKeyword(value)) return value;
  if (Object.hasOwn(pass.local, value) && !value.startsWith('@')) defineTerm(pass, value);
  const compact = splitCompactIri(value);
  if (compact !== undefined && Object.hasOwn(pass.local, compact.prefix)) defineTerm(pass, compact.prefix);
  return expandIri(value, pass.terms, pass.vocab);
}

/**
 * Vocabulary-relative IRI expansion (JSON-LD 1.1 API §4.4.2 with vocab = true): keywords stay,
 * terms map to their IRI, `prefix:suffix` uses a defined prefix, absolute IRIs stay, anything else
 * is appended to @vocab (or returned unchanged when there is none).
 * Any defined term may serve as prefix here (JSON-LD 1.0 behaviour, lenient on input).
 */
export function expandIri(
  value: string,
  terms: ReadonlyMap<string, TermDefinition>,
  vocab: string | undefined,
): string {
  if (isKeyword(value)) return value;
  const def = terms.get(value);
  if (def !== undefined) return def.iri;
  const compact = splitCompactIri(value);
  if (compact !== undefined) {
    const prefix = terms.get(compact.prefix);
    if (prefix !== undefined && !isKeyword(prefix.iri)) return prefix.iri + compact.suffix;
  }
  if (isAbsoluteIri(value)) return value;
  return vocab === undefined ? value : vocab + value;
}
