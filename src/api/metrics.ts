// Prometheus metrics: one registry per app instance (no module singletons).
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { REJECT_REASONS } from '../ingest/types.ts';

export interface Metrics {
  registry: Registry;
  httpDuration: Histogram<'method' | 'route' | 'status'>;
  ngsiEntityWrites: Counter<'tenant' | 'op'>;
  notifications: Counter<'outcome'>;
  ingestReceived: Counter<'transport'>;
  ingestRejected: Counter<'reason'>;
  ingestStored: Counter;
  ingestBatch: Histogram;
  ingestCommit: Histogram;
  ingestQueue: Gauge;
  mqttConnections: Gauge;
}

export function createMetrics(opts: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (opts.defaultMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'dosi_' });
  const ingestRejected = new Counter({
    name: 'dosi_ingest_rejected_total',
    help: 'Device messages refused and kept in the dead-letter store, by reason',
    labelNames: ['reason'],
    registers: [registry],
  });
  for (const reason of REJECT_REASONS) ingestRejected.inc({ reason }, 0); // every reason shows, even at 0
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
    ingestReceived: new Counter({
      name: 'dosi_ingest_received_total',
      help: 'Device messages received, by transport',
      labelNames: ['transport'],
      registers: [registry],
    }),
    ingestRejected,
    ingestStored: new Counter({
      name: 'dosi_ingest_stored_total',
      help: 'Device readings stored durably',
      registers: [registry],
    }),
    ingestBatch: new Histogram({
      name: 'dosi_ingest_batch_size',
      help: 'Messages per ingestion transaction (group commit)',
      buckets: [1, 10, 50, 100, 250, 500, 1000, 2000, 5000],
      registers: [registry],
    }),
    ingestCommit: new Histogram({
      name: 'dosi_ingest_commit_seconds',
      help: 'Duration of one ingestion transaction',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    ingestQueue: new Gauge({
      name: 'dosi_ingest_queue',
      help: 'Messages waiting for the database',
      registers: [registry],
    }),
    mqttConnections: new Gauge({
      name: 'dosi_mqtt_connections',
      help: 'Clients connected to the embedded MQTT broker',
      registers: [registry],
    }),
  };
}
