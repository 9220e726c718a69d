// Well-known IRIs of NGSI-LD JSON-LD handling.

/** The Core @context this broker bundles (NGSI-LD 1.8 §4.4, annex B). */
export const CORE_CONTEXT_URL = 'https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.8.jsonld';

/** Older and unversioned Core @context URLs, treated as the bundled v1.8 one. */
export const CORE_CONTEXT_ALIASES: ReadonlySet<string> = new Set([
  CORE_CONTEXT_URL,
  'https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context.jsonld',
  'https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.7.jsonld',
  'https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.6.jsonld',
]);

export const NGSI_LD_NAMESPACE = 'https://uri.etsi.org/ngsi-ld/';

/** Where terms that no @context defines expand to (the Core @context's @vocab, NGSI-LD 1.8 §4.4). */
export const DEFAULT_CONTEXT_VOCAB = 'https://uri.etsi.org/ngsi-ld/default-context/';

/** The Link relation that carries a JSON-LD @context (JSON-LD 1.1 §6.2, NGSI-LD 1.8 §6.3.5). */
export const JSONLD_CONTEXT_REL = 'http://www.w3.org/ns/json-ld#context';

export const JSONLD_MEDIA_TYPE = 'application/ld+json';

/** Path of hosted contexts (NGSI-LD 1.8 §6.30): …/ngsi-ld/v1/jsonldContexts/{contextId}. */
export const JSONLD_CONTEXTS_PATH = '/ngsi-ld/v1/jsonldContexts/';

/** Id under which dosi's own default user @context is served from the jsonldContexts resource. */
export const DOSI_CONTEXT_ID = 'dosi-context';
