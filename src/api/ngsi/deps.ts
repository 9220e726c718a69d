import type { Config } from '../../config/index.ts';
import type { ContextService } from '../../context/index.ts';
import type { ContextResolver, ContextStore } from '../../context/jsonld/index.ts';

export interface NgsiDeps {
  config: Config;
  context: ContextService;
  contexts: ContextResolver;
  contextStore: ContextStore;
}
