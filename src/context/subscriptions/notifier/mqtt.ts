// MQTT binding of notifications (NGSI-LD 1.8 §7.2): the message is {metadata, body} as JSON,
// published to the topic of the endpoint URI. One connection per broker and credentials, reused.
import { randomUUID } from 'node:crypto';
import { connect, type MqttClient } from 'mqtt';
import type { Logger } from '../../../kernel/index.ts';
import type { Delivery, Notification } from '../domain/notification.ts';
import { parseMqttUri, type MqttTarget } from '../domain/mqtt-uri.ts';

export interface MqttNotifier {
  send(d: Delivery, payload: Notification): Promise<void>;
  close(): Promise<void>;
}

const info = (d: Delivery, key: string) => d.notifierInfo.find((kv) => kv.key === key)?.value;

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

export function createMqttNotifier(opts: { timeoutMs: number; log: Logger }): MqttNotifier {
  const clients = new Map<string, Promise<MqttClient>>();

  function open(t: MqttTarget, version: 4 | 5): Promise<MqttClient> {
    return new Promise<MqttClient>((resolve, reject) => {
      const c = connect(t.broker, {
        clientId: `dosi-notify-${randomUUID()}`,
        protocolVersion: version,
        reconnectPeriod: 0, // a lost connection is reopened on the next send
        connectTimeout: opts.timeoutMs,
        ...(t.username !== undefined ? { username: t.username } : {}),
        ...(t.password !== undefined ? { password: t.password } : {}),
      });
      const fail = (err?: Error) => {
        c.end(true);
        reject(err ?? new Error(`connection to ${t.broker} closed`));
      };
      c.once('connect', () => {
        c.off('error', fail);
        c.off('close', fail);
        c.on('error', (err) =>
          opts.log.warn({ err, broker: t.broker }, 'MQTT notification connection error'),
        );
        resolve(c);
      });
      c.once('error', fail);
      c.once('close', fail);
    });
  }

  async function client(t: MqttTarget, version: 4 | 5): Promise<MqttClient> {
    const key = `${t.broker}|${t.username ?? ''}|${t.password ?? ''}|${version}`;
    const existing = clients.get(key);
    if (existing) {
      const c = await existing.catch(() => undefined);
      if (c?.connected) return c;
      if (clients.get(key) === existing) clients.delete(key);
      c?.end(true);
    }
    const fresh = clients.get(key) ?? open(t, version);
    clients.set(key, fresh);
    fresh.catch(() => {
      if (clients.get(key) === fresh) clients.delete(key);
    });
    return fresh;
  }

  return {
    async send(d, payload) {
      const t = parseMqttUri(d.uri);
      // §7.2 notifierInfo: MQTT-Version and MQTT-QoS; QoS 1 unless asked otherwise, so the broker acknowledges.
      const version = info(d, 'MQTT-Version') === 'mqtt5.0' ? 5 : 4;
      const qos = Number(info(d, 'MQTT-QoS') ?? '1') as 0 | 1 | 2;
      const c = await withTimeout(client(t, version), opts.timeoutMs, `MQTT connection to ${t.broker}`);
      const message = JSON.stringify({ metadata: d.headers, body: payload });
      await withTimeout(
        c.publishAsync(t.topic, message, { qos }),
        opts.timeoutMs,
        `MQTT publish to ${t.broker}`,
      );
    },
    async close() {
      const all = [...clients.values()];
      clients.clear();
      await Promise.all(
        all.map(async (p) => (await p.catch(() => undefined))?.endAsync().catch(() => undefined)),
      );
    },
  };
}
