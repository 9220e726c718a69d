// The contexts dosi ships with, so that it never has to download them (NGSI-LD 1.8 §4.4:
// the Core @context "shall be implicitly present").
import { readFileSync } from 'node:fs';
import { CORE_CONTEXT_ALIASES, DOSI_CONTEXT_ID, JSONLD_CONTEXTS_PATH } from './constants.ts';
import { applyLocalContext, EMPTY_STATE, type ContextState } from './term-definitions.ts';
import { isPlainObject } from './iri.ts';

const files = {
  core: 'ngsi-ld-core-context-v1.8.jsonld',
  dosi: 'dosi-context.jsonld',
} as const;

const loaded = new Map<keyof typeof files, Record<string, unknown>>();

function load(name: keyof typeof files): Record<string, unknown> {
  const hit = loaded.get(name);
  if (hit !== undefined) return hit;
  const text = readFileSync(new URL(`./contexts/${files[name]}`, import.meta.url), 'utf8');
  const doc: unknown = JSON.parse(text);
  if (!isPlainObject(doc) || !isPlainObject(doc['@context']))
    throw new Error(`bundled context ${files[name]} is malformed`);
  loaded.set(name, doc);
  return doc;
}

/** The Core @context document ({"@context": {...}}), as served at its URL. */
export const coreContextDocument = (): Record<string, unknown> => load('core');

/** dosi's default user @context document. */
export const dosiContextDocument = (): Record<string, unknown> => load('dosi');

export const isCoreContextUrl = (url: string): boolean => CORE_CONTEXT_ALIASES.has(url);

/** The id in a `…/ngsi-ld/v1/jsonldContexts/{id}` URL, decoded; undefined for other URLs. */
export function jsonldContextsId(url: string): string | undefined {
  const at = url.indexOf(JSONLD_CONTEXTS_PATH);
  if (at < 0) return undefined;
  const rest = url.slice(at + JSONLD_CONTEXTS_PATH.length);
  if (rest === '' || /[/?#]/.test(rest)) return undefined;
  try {
    return decodeURIComponent(rest);
  } catch {
    return undefined;
  }
}

/** A bundled document for `url`, if dosi ships one. */
export function bundledDocument(url: string): Record<string, unknown> | undefined {
  if (isCoreContextUrl(url)) return coreContextDocument();
  if (jsonldContextsId(url) === DOSI_CONTEXT_ID) return dosiContextDocument();
  return undefined;
}

let coreState: ContextState | undefined;

/** The processed Core @context (computed once per process). */
export function coreContextState(): ContextState {
  coreState ??= applyLocalContext(
    EMPTY_STATE,
    coreContextDocument()['@context'] as Record<string, unknown>,
    true,
  );
  return coreState;
}
