// Public face of JSON-LD @context handling for the NGSI-LD API.
export {
  CORE_CONTEXT_ALIASES,
  CORE_CONTEXT_URL,
  DEFAULT_CONTEXT_VOCAB,
  DOSI_CONTEXT_ID,
  JSONLD_CONTEXT_REL,
  JSONLD_CONTEXTS_PATH,
  JSONLD_MEDIA_TYPE,
  NGSI_LD_NAMESPACE,
} from './constants.ts';
export { isLdContextError, LD_CONTEXT_ERROR_KINDS, LdContextError } from './errors.ts';
export type { LdContextErrorKind, LdContextErrorOptions } from './errors.ts';
export type { ActiveContext, JsonLdContextValue } from './active-context.ts';
export type { TermDefinition } from './term-definitions.ts';
export {
  bundledDocument,
  coreContextDocument,
  dosiContextDocument,
  isCoreContextUrl,
  jsonldContextsId,
} from './bundled.ts';
export { createContextResolver } from './resolver.ts';
export type { ContextLogger, ContextResolver, ContextResolverOptions } from './resolver.ts';
export { CONTEXT_KINDS, createMemoryContextStore } from './store.ts';
export type { ContextKind, ContextStore, MemoryContextStoreDeps, StoredContext } from './store.ts';
export { formatLinkHeader, parseLinkHeader } from './link-header.ts';
