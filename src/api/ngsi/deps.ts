import type { Config } from '../../config/index.ts';
import type { ContextService } from '../../context/index.ts';
import type { ContextResolver, ContextStore } from '../../context/jsonld/index.ts';
import type { SubscriptionService } from '../../context/subscriptions/index.ts';
import type { TemporalService } from '../../context/temporal/index.ts';

export interface NgsiDeps {
  config: Config;
  context: ContextService;
  contexts: ContextResolver;
  contextStore: ContextStore;
  subscriptions: SubscriptionService;
  temporal: TemporalService;
}
