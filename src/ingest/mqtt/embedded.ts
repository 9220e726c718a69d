// The embedded MQTT broker (aedes, MQTT 3.1.1), dosi's default. Devices log in with
// `{deviceId}@{tenant}` and their secret; a device may publish only to its own attrs/cmdexe topics
// and subscribe only to its own cmd topic. A QoS 1 PUBACK is sent only after the reading (or its
// dead letter) is committed: the durable write happens inside authorizePublish, which aedes awaits
// before acknowledging.
import { createServer, type Server } from 'node:net';
import { timingSafeEqual } from 'node:crypto';
import { Aedes, type AuthenticateError, type Client } from 'aedes';
import { parseMqttUsername } from '../../devices/types.ts';
import type { Logger } from '../../kernel/index.ts';
import type { DeviceDirectory, IngestService, KnownDevice } from '../ingest.service.ts';
import type { RawMessage } from '../types.ts';
import { deviceTopic, parseTopic } from './topics.ts';

export const SERVICE_USER = 'dosi-service';

export interface EmbeddedBrokerDeps {
  port: number;
  host: string;
  ingest: IngestService;
  devices: DeviceDirectory;
  log: Logger;
  /** Password of the platform's own MQTT account (may subscribe to everything, publish commands). */
  servicePassword: string;
  /** A command result from a device (cmdexe). */
  onCommandResult?: (tenant: string, deviceId: string, payload: Buffer) => Promise<void>;
  onConnections?: (n: number) => void;
}

interface Session {
  service: boolean;
  known?: KnownDevice;
  /** When this connection was accepted (ms): a client resends its unacknowledged messages first. */
  connectedAt: number;
}

/** Messages this soon after a (re)connection may be resends of messages stored before it. */
const RESEND_WINDOW_MS = 15_000;

const sessions = new WeakMap<Client, Session>();

function authError(code: 4 | 5, message: string): AuthenticateError {
  return Object.assign(new Error(message), { returnCode: code });
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export async function startEmbeddedBroker(deps: EmbeddedBrokerDeps) {
  const log = deps.log.child({ module: 'mqtt' });
  const now = () => deps.ingest.now();
  let connections = 0;

  const connectLetter = (tenant: string | null, deviceId: string | null, username: string): RawMessage => ({
    tenant,
    deviceId,
    transport: 'mqtt',
    topic: `CONNECT ${username}`,
    payload: Buffer.alloc(0),
    receivedAt: now(),
  });

  const broker = await Aedes.createBroker({
    concurrency: 1000,
    maxClientsIdLength: 128,
    authenticate(client, username, password, done) {
      const pw = password?.toString('utf8') ?? '';
      if (username === SERVICE_USER) {
        if (sameSecret(pw, deps.servicePassword)) {
          sessions.set(client, { service: true, connectedAt: Date.now() });
          return done(null, true);
        }
        return done(authError(4, 'bad service credentials'), false);
      }
      const who = username ? parseMqttUsername(username) : undefined;
      if (!who) {
        void deps.ingest
          .reject(
            connectLetter(null, null, username ?? ''),
            'bad_credentials',
            'user name must be {deviceId}@{tenant}',
          )
          .finally(() => done(authError(4, 'user name must be {deviceId}@{tenant}'), false));
        return;
      }
      deps.devices.authenticate(who.tenant, who.deviceId, pw).then(
        async (r) => {
          if (typeof r === 'string') {
            await deps.ingest.reject(
              connectLetter(who.tenant, who.deviceId, username ?? ''),
              r,
              r === 'unknown_device' ? `no device ${who.deviceId} in tenant ${who.tenant}` : 'wrong password',
            );
            return done(authError(r === 'unknown_device' ? 5 : 4, r), false);
          }
          sessions.set(client, { service: false, known: r, connectedAt: Date.now() });
          done(null, true);
        },
        (err: unknown) => {
          log.error({ err }, 'device authentication failed');
          done(
            Object.assign<Error, { returnCode: 3 }>(new Error('server unavailable'), { returnCode: 3 }),
            false,
          );
        },
      );
    },

    authorizePublish(client, packet, cb) {
      if (!client) return cb(null); // dosi's own publications (commands)
      const s = sessions.get(client);
      if (s?.service)
        return cb(
          parseTopic(packet.topic)?.kind === 'cmd'
            ? null
            : new Error('service account publishes commands only'),
        );
      const known = s?.known;
      if (!known) return cb(new Error('not authenticated'));
      const t = parseTopic(packet.topic);
      const payload = Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload);
      const raw: RawMessage = {
        tenant: known.device.tenant,
        deviceId: known.device.id,
        transport: 'mqtt',
        topic: packet.topic,
        payload,
        receivedAt: now(),
      };
      // MQTT 3.1.1 clients do not always set DUP on a resend after reconnecting (mqtt.js does not):
      // early messages of a connection are checked against copies stored before it.
      if (packet.dup) raw.dupBefore = raw.receivedAt;
      else if (s && Date.now() - s.connectedAt < RESEND_WINDOW_MS) raw.dupBefore = raw.receivedAt;
      const own = t && t.tenant === known.device.tenant && t.deviceId === known.device.id;
      if (!own || t.kind === 'cmd') {
        // Another device's or tenant's topic: kept as evidence, and the connection is closed.
        void deps.ingest
          .reject(
            raw,
            'wrong_topic',
            `device ${known.device.id}@${known.device.tenant} may not publish to ${packet.topic}`,
          )
          .then(
            () => cb(new Error('topic not allowed')),
            (err: unknown) => cb(err as Error),
          );
        return;
      }
      if (t.kind === 'cmdexe') {
        (deps.onCommandResult?.(t.tenant, t.deviceId, payload) ?? Promise.resolve()).then(
          () => cb(null),
          (err: unknown) => cb(err as Error),
        );
        return;
      }
      deps.ingest.accept(raw, known).then(
        () => cb(null),
        (err: unknown) => {
          log.error({ err }, 'reading not stored; connection closed so the device retries');
          cb(err as Error);
        },
      );
    },

    authorizeSubscribe(client, sub, cb) {
      const s = sessions.get(client);
      if (s?.service) return cb(null, sub);
      const d = s?.known?.device;
      if (d && sub.topic === deviceTopic(d.tenant, d.id, 'cmd')) return cb(null, sub);
      cb(null, null); // refused: SUBACK 0x80, the connection stays
    },
  });

  broker.on('client', () => deps.onConnections?.(++connections));
  broker.on('clientDisconnect', () => deps.onConnections?.(--connections));
  broker.on('clientError', (client, err) =>
    log.debug({ client: client.id, err: err.message }, 'mqtt client error'),
  );

  const server: Server = createServer((socket) => broker.handle(socket));
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE')
        reject(
          new Error(
            `MQTT port ${deps.port} is in use (another broker, e.g. Mosquitto, holds it): set DOSI_MQTT_PORT to a free port, or DOSI_MQTT_URL to use that broker`,
          ),
        );
      else reject(err);
    });
    server.listen(deps.port, deps.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : deps.port;
  log.info({ port }, 'embedded MQTT broker listening');

  return {
    port,
    /** Publishes to a device (commands); resolves once queued for delivery. */
    publish(topic: string, payload: Buffer, qos: 0 | 1 = 1): Promise<void> {
      return new Promise((resolve, reject) =>
        broker.publish({ cmd: 'publish', topic, payload, qos, retain: false, dup: false }, (err) =>
          err ? reject(err) : resolve(),
        ),
      );
    },
    async close(): Promise<void> {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await closed;
    },
  };
}

export type EmbeddedBroker = Awaited<ReturnType<typeof startEmbeddedBroker>>;
