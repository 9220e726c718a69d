// Prometheus metrics: one registry per app instance (no module singletons).
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface Metrics {
  registry: Registry;
  httpDuration: Histogram<'method' | 'route' | 'status'>;
  ngsiEntityWrites: Counter<'tenant' | 'op'>;
  notifications: Counter<'outcome'>;
}

export function createMetrics(opts: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (opts.defaultMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'dosi_' });
  return {
    registry,
    httpDuration: new Histogram({
      name: 'dosi_http_request_duration_seconds',
      help: 'HTTP request duration by route and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    ngsiEntityWrites: new Counter({
      name: 'dosi_ngsi_entity_writes_total',
      help: 'NGSI-LD entity write operations',
      labelNames: ['tenant', 'op'],
      registers: [registry],
    }),
    notifications: new Counter({
      name: 'dosi_notifications_total',
      help: 'Subscription notification delivery attempts by outcome',
      labelNames: ['outcome'],
      registers: [registry],
    }),
  };
}
