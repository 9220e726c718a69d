// Wiring of the ingestion path: writer (group commit) → service (decode, validate, dead letters) →
// transports (embedded MQTT broker or the link to an external broker; HTTP routes are mounted by
// the API). The composition root calls createIngestion and start/stop.
import { randomBytes } from 'node:crypto';
import type { Bus } from '../bus/types.ts';
import type { Config } from '../config/index.ts';
import type { TermMapper } from '../context/ngsi/terms.ts';
import type { Clock, Logger } from '../kernel/index.ts';
import type { Db, Queryable } from '../storage/index.ts';
import type { Metrics } from '../api/metrics.ts';
import { createIngestService, type DeviceDirectory } from './ingest.service.ts';
import { startEmbeddedBroker, type EmbeddedBroker } from './mqtt/embedded.ts';
import { startExternalLink, type ExternalLink } from './mqtt/external.ts';
import { createWriter } from './writer.ts';

export { ingestMigrations } from './migrations.ts';
export { ingestRoutes } from './routes.ts';
export { SERVICE_USER } from './mqtt/embedded.ts';
export type { IngestService, DeviceDirectory, Outcome } from './ingest.service.ts';

export interface IngestionDeps {
  config: Pick<
    Config,
    | 'mqtt'
    | 'mqttPort'
    | 'mqttHost'
    | 'mqttUrl'
    | 'mqttServicePassword'
    | 'mqttClientId'
    | 'ingestMaxBatch'
    | 'ingestMaxQueue'
  >;
  db: Db;
  log: Logger;
  clock: Clock;
  bus: Bus;
  terms: TermMapper;
  devices: DeviceDirectory & {
    markSeen(
      q: Queryable,
      seen: { tenant: string; id: string; at: string }[],
    ): Promise<{ tenant: string; id: string; entityId: string }[]>;
  };
  metrics: Metrics;
  onCommandResult?: (tenant: string, deviceId: string, payload: Buffer) => Promise<void>;
}

export function createIngestion(deps: IngestionDeps) {
  const m = deps.metrics;
  const writer = createWriter({
    db: deps.db,
    log: deps.log,
    terms: deps.terms,
    bus: deps.bus,
    markSeen: (q, seen) => deps.devices.markSeen(q, seen),
    maxBatch: deps.config.ingestMaxBatch,
    maxQueued: deps.config.ingestMaxQueue,
    metrics: {
      stored: (n) => m.ingestStored.inc(n),
      rejected: (reason, n) => m.ingestRejected.inc({ reason }, n),
      batch: (size, seconds) => {
        m.ingestBatch.observe(size);
        m.ingestCommit.observe(seconds);
      },
      queue: (n) => m.ingestQueue.set(n),
    },
  });
  const ingest = createIngestService({
    db: deps.db,
    writer,
    devices: deps.devices,
    clock: deps.clock,
    log: deps.log,
    metrics: { received: (transport) => m.ingestReceived.inc({ transport }) },
  });
  const servicePassword = deps.config.mqttServicePassword ?? randomBytes(18).toString('base64url');
  let broker: EmbeddedBroker | undefined;
  let link: ExternalLink | undefined;

  return {
    ingest,
    writer,
    servicePassword,
    /** Port of the embedded broker once started (undefined with an external broker). */
    get mqttPort(): number | undefined {
      return broker?.port;
    },
    async start(): Promise<void> {
      if (!deps.config.mqtt) return;
      if (deps.config.mqttUrl) {
        link = startExternalLink({
          url: deps.config.mqttUrl,
          clientId: deps.config.mqttClientId,
          ingest,
          devices: deps.devices,
          log: deps.log,
          ...(deps.onCommandResult ? { onCommandResult: deps.onCommandResult } : {}),
        });
        await link
          .ready()
          .catch((err: unknown) =>
            deps.log.warn(
              { err: (err as Error).message },
              'MQTT broker not reachable yet; retrying in the background',
            ),
          );
      } else {
        broker = await startEmbeddedBroker({
          port: deps.config.mqttPort,
          host: deps.config.mqttHost,
          ingest,
          devices: deps.devices,
          log: deps.log,
          servicePassword,
          ...(deps.onCommandResult ? { onCommandResult: deps.onCommandResult } : {}),
          onConnections: (n) => m.mqttConnections.set(n),
        });
      }
    },
    /** Publishes to a device topic (commands) over whichever broker is in use. */
    async publish(topic: string, payload: Buffer): Promise<void> {
      if (broker) return broker.publish(topic, payload, 1);
      if (link) return link.publish(topic, payload, 1);
      throw new Error('MQTT is disabled (DOSI_MQTT=false)');
    },
    /** Stops taking messages, then lets the writer commit what it holds. */
    async stop(): Promise<void> {
      await broker?.close();
      await link?.close();
      await writer.stop();
    },
  };
}

export type Ingestion = ReturnType<typeof createIngestion>;
