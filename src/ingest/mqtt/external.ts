// The link to an external MQTT broker (Mosquitto, EMQX) when DOSI_MQTT_URL is set. The broker
// authenticates devices and enforces their topics (dosi exports its password and ACL files); dosi
// subscribes with a persistent session (clean start off, session never expires) and acknowledges
// each message only after it is durable. PUBACKs go out in the order the messages arrived (MQTT
// requires it), but many messages are in flight at once so group commit can batch them: with
// MQTT 5 dosi announces a Receive Maximum of 65,535.
//
// Written on mqtt-packet directly because a client library acknowledges one message at a time.
import { connect as netConnect, type Socket } from 'node:net';
import mqttPacket from 'mqtt-packet';
import type { Logger } from '../../kernel/index.ts';
import type { DeviceDirectory, IngestService } from '../ingest.service.ts';
import type { RawMessage } from '../types.ts';
import { parseTopic } from './topics.ts';

export interface ExternalLinkDeps {
  url: string;
  clientId: string;
  ingest: IngestService;
  devices: DeviceDirectory;
  log: Logger;
  onCommandResult?: (tenant: string, deviceId: string, payload: Buffer) => Promise<void>;
  keepaliveSec?: number;
  /** MQTT protocol level: 5 (default) or 4 (3.1.1). */
  protocolVersion?: 4 | 5;
  /** How often the link sends itself a probe through the broker (default 10 s). */
  probeIntervalMs?: number;
  /** Silence, with a probe outstanding, after which the link reconnects (default 30 s). */
  stallMs?: number;
}

/** Topic of the link's own probe messages: two levels, so no device subscription matches it. */
export const probeTopic = (clientId: string): string => `dosi/_link/${clientId.replace(/[+#/]/g, '_')}`;

interface Pending {
  messageId: number | undefined;
  done: boolean;
  conn: number;
}

export function startExternalLink(deps: ExternalLinkDeps) {
  const log = deps.log.child({ module: 'mqtt-link' });
  const u = new URL(deps.url);
  const host = u.hostname || '127.0.0.1';
  const port = Number(u.port || 1883);
  const version = deps.protocolVersion ?? 5;
  const keepalive = deps.keepaliveSec ?? 30;
  let socket: Socket | undefined;
  let conn = 0; // connection generation: acks of an old connection are never sent on a new one
  let connected = false;
  let stopped = false;
  let backoff = 0;
  let nextId = 1;
  let ping: NodeJS.Timeout | undefined;
  const order: Pending[] = [];
  let head = 0;
  let flushing = false;
  // Stall watchdog: the link publishes a QoS 1 probe to itself through the broker, on the same path
  // as the devices' messages. If the broker has sent nothing at all — not even the probe — for
  // stallMs, the session is stuck (seen with Mosquitto 2.0.11 after a restart under load) and the
  // link reconnects, which makes the broker re-send what is in flight. It acts only once a probe came
  // back (the broker's ACL lets the ingest account write dosi/_link/#); a refused probe turns it off.
  const probeTopicName = probeTopic(deps.clientId);
  const probeEvery = deps.probeIntervalMs ?? 10_000;
  const stallMs = deps.stallMs ?? 30_000;
  let probeSentAt: number | undefined;
  let probeId: number | undefined;
  let probesWork = false;
  let probesRefused = false;
  let lastHeard = Date.now();
  /** Messages of the current connection not yet stored, by packet identifier. */
  let unfinished = new Map<number, number>();
  let reuseReported = false;
  const readyWaiters: (() => void)[] = [];
  const inflight = new Set<Promise<void>>();

  const send = (packet: mqttPacket.Packet) => {
    if (socket && !socket.destroyed) socket.write(mqttPacket.generate(packet, { protocolVersion: version }));
  };

  /**
   * Sends the PUBACKs of the finished messages at the head of the arrival order, in one socket write
   * (MQTT-4.6.0-2: PUBACKs in the order the PUBLISH packets were received). The queue is consumed by
   * a head index, compacted now and then, so a long queue costs nothing per acknowledgement.
   *
   * A broker that lets more than 65,535 messages be in flight must reuse a Packet Identifier while
   * it is still unacknowledged (MQTT-2.2.1-3 forbids it; Mosquitto 2.0.11 does it under load, not
   * holding to the Receive Maximum once acknowledgements flow). Such a broker takes one PUBACK as
   * the acknowledgement of every message in flight with that identifier, so the PUBACK of an
   * identifier waits until every message received with it is stored.
   */
  function flushAcks(): void {
    const acks: Buffer[] = [];
    while (head < order.length && order[head]!.done) {
      const p = order[head]!;
      if (p.messageId !== undefined && p.conn === conn && connected) {
        if (unfinished.has(p.messageId)) break; // a later message with this identifier is not stored yet
        acks.push(pubackOf(p.messageId));
      }
      head++;
    }
    if (head > 1024 && head * 2 > order.length) {
      order.splice(0, head);
      head = 0;
    }
    if (acks.length && socket && !socket.destroyed)
      socket.write(acks.length === 1 ? acks[0]! : Buffer.concat(acks));
  }

  /** One flush per turn of the event loop: a committed batch is acknowledged in one write. */
  function scheduleFlush(): void {
    if (flushing) return;
    flushing = true;
    setImmediate(() => {
      flushing = false;
      flushAcks();
    });
  }

  function watch(): void {
    if (!connected || probesRefused) return;
    const now = Date.now();
    if (probeSentAt === undefined) {
      probeSentAt = now;
      probeId = nextMessageId();
      send({
        cmd: 'publish',
        topic: probeTopicName,
        payload: Buffer.from(String(now)),
        qos: 1,
        retain: false,
        dup: false,
        messageId: probeId,
      });
      return;
    }
    // With messages of its own still being stored, the broker may rightly wait for their PUBACKs.
    const idle = inflight.size === 0;
    if (probesWork && idle && now - probeSentAt > stallMs && now - lastHeard > stallMs) {
      log.warn(
        { silentForMs: now - lastHeard },
        'the MQTT broker sent nothing, not even the link probe: reconnecting so it re-sends what is in flight',
      );
      probeSentAt = undefined;
      socket?.destroy();
    }
  }

  function nextMessageId(): number {
    const id = nextId++;
    if (nextId > 65535) nextId = 1;
    return id;
  }

  function handlePublish(packet: mqttPacket.IPublishPacket): void {
    lastHeard = Date.now();
    if (packet.topic === probeTopicName) {
      probesWork = true;
      probeSentAt = undefined;
    }
    const messageId = packet.qos > 0 ? packet.messageId : undefined;
    const pending: Pending = { messageId, done: false, conn };
    if (messageId !== undefined) {
      const n = unfinished.get(messageId) ?? 0;
      if (n > 0 && !reuseReported) {
        reuseReported = true;
        log.warn(
          { messageId },
          'the MQTT broker reused a packet identifier still in flight (it exceeds the Receive Maximum); acknowledgements of that identifier wait until every copy is stored',
        );
      }
      unfinished.set(messageId, n + 1);
    }
    order.push(pending);
    /** This message is no longer being stored (a new connection has a map of its own). */
    const finish = () => {
      if (messageId === undefined || pending.conn !== conn) return;
      const n = (unfinished.get(messageId) ?? 1) - 1;
      if (n > 0) unfinished.set(messageId, n);
      else unfinished.delete(messageId);
    };
    const work = process(packet)
      .catch((err: unknown) => {
        // Not acknowledged: the broker redelivers it after the reconnection that follows.
        log.error({ err }, 'message not stored; reconnecting so the broker redelivers it');
        pending.messageId = undefined;
        socket?.destroy();
      })
      .finally(() => {
        finish();
        pending.done = true;
        inflight.delete(work);
        scheduleFlush();
      });
    inflight.add(work);
  }

  async function process(packet: mqttPacket.IPublishPacket): Promise<void> {
    const payload = Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload);
    const t = parseTopic(packet.topic);
    const raw: RawMessage = {
      tenant: t?.tenant ?? null,
      deviceId: t?.deviceId ?? null,
      transport: 'mqtt',
      topic: packet.topic,
      payload,
      receivedAt: deps.ingest.now(),
    };
    if (packet.topic === probeTopicName) return; // the link's own probe: nothing to store
    // The broker flags its redeliveries (DUP): those are checked against stored copies.
    if (packet.dup) raw.dupBefore = raw.receivedAt;
    if (!t || t.kind === 'cmd') {
      await deps.ingest.reject(
        raw,
        'wrong_topic',
        `topic ${packet.topic} is not dosi/{tenant}/{deviceId}/attrs|cmdexe`,
      );
      return;
    }
    const known = await deps.devices.resolve(t.tenant, t.deviceId);
    if (!known || known.device.disabled) {
      await deps.ingest.reject(raw, 'unknown_device', `no device ${t.deviceId} in tenant ${t.tenant}`);
      return;
    }
    if (t.kind === 'cmdexe') {
      await deps.onCommandResult?.(t.tenant, t.deviceId, payload);
      return;
    }
    await deps.ingest.accept(raw, known);
  }

  function open(): void {
    if (stopped) return;
    conn++;
    unfinished = new Map();
    reuseReported = false;
    const gen = conn;
    const s = netConnect({ host, port });
    socket = s;
    s.setNoDelay(true);
    const parser = mqttPacket.parser({ protocolVersion: version });
    s.on('connect', () => {
      send({
        cmd: 'connect',
        protocolId: 'MQTT',
        protocolVersion: version,
        clean: false,
        clientId: deps.clientId,
        keepalive,
        ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
        ...(u.password ? { password: Buffer.from(decodeURIComponent(u.password)) } : {}),
        ...(version === 5
          ? { properties: { sessionExpiryInterval: 0xffffffff, receiveMaximum: 65535 } }
          : {}),
      });
    });
    s.on('data', (buf) => parser.parse(buf));
    parser.on('packet', (packet) => {
      if (gen !== conn) return;
      switch (packet.cmd) {
        case 'connack': {
          const code = version === 5 ? packet.reasonCode : packet.returnCode;
          if (code) {
            log.error(
              { code, url: redact(deps.url) },
              'external MQTT broker refused dosi: check the user name and password in DOSI_MQTT_URL',
            );
            s.destroy();
            return;
          }
          connected = true;
          backoff = 0;
          lastHeard = Date.now();
          probeSentAt = undefined;
          log.info(
            { url: redact(deps.url), sessionPresent: packet.sessionPresent },
            'connected to the external MQTT broker',
          );
          // Subscribed on every connection: a restored session whose subscriptions were lost (a
          // broker restart with partial persistence) would otherwise stay silent. Re-subscribing
          // an existing subscription only replaces it.
          send({
            cmd: 'subscribe',
            messageId: nextMessageId(),
            subscriptions: [
              { topic: 'dosi/+/+/attrs', qos: 1 },
              { topic: 'dosi/+/+/cmdexe', qos: 1 },
              { topic: probeTopicName, qos: 1 },
            ],
          });
          ping = setInterval(() => send({ cmd: 'pingreq' }), (keepalive * 1000) / 2);
          ping.unref();
          for (const w of readyWaiters.splice(0)) w();
          break;
        }
        case 'publish':
          handlePublish(packet);
          break;
        case 'puback':
          if (packet.messageId === probeId && (packet.reasonCode ?? 0) >= 0x80 && !probesRefused) {
            probesRefused = true;
            log.warn(
              { topic: probeTopicName, reasonCode: packet.reasonCode },
              'the broker refuses the link probe: allow the ingest account to write dosi/_link/# (dosi device mosquitto does); the stall watchdog is off',
            );
          }
          break;
        case 'disconnect':
          s.destroy();
          break;
        default:
          break; // suback, puback (of commands), pingresp
      }
    });
    parser.on('error', (err: Error) => {
      log.error({ err: err.message }, 'malformed packet from the broker');
      s.destroy();
    });
    s.on('error', (err) => log.warn({ err: err.message, url: redact(deps.url) }, 'MQTT link error'));
    s.on('close', () => {
      if (gen !== conn) return;
      connected = false;
      if (ping) clearInterval(ping);
      if (stopped) return;
      backoff = Math.min(10_000, backoff ? backoff * 2 : 250);
      log.warn({ retryInMs: backoff }, 'MQTT link closed; reconnecting');
      setTimeout(open, backoff).unref();
    });
  }

  open();
  const watchdog = setInterval(watch, probeEvery);
  watchdog.unref();

  return {
    /** Resolves once connected (or rejects after timeoutMs). */
    ready(timeoutMs = 10_000): Promise<void> {
      if (connected) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const t = setTimeout(
          () =>
            reject(new Error(`could not connect to the MQTT broker at ${redact(deps.url)} (DOSI_MQTT_URL)`)),
          timeoutMs,
        );
        readyWaiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    },
    get connected(): boolean {
      return connected;
    },
    async publish(topic: string, payload: Buffer, qos: 0 | 1 = 1): Promise<void> {
      if (!connected) throw new Error('MQTT link is not connected');
      send({
        cmd: 'publish',
        topic,
        payload,
        qos,
        retain: false,
        dup: false,
        ...(qos ? { messageId: nextMessageId() } : {}),
      });
    },
    /** Waits for messages in flight (their acks are sent), then disconnects cleanly. */
    async close(): Promise<void> {
      stopped = true;
      clearInterval(watchdog);
      await Promise.allSettled([...inflight]);
      flushAcks();
      send({ cmd: 'disconnect' });
      await new Promise<void>((r) => {
        if (!socket || socket.destroyed) return r();
        socket.end(() => r());
        setTimeout(r, 1000).unref();
      });
      socket?.destroy();
      if (ping) clearInterval(ping);
    },
  };
}

/** A PUBACK with reason code 0 (success): the same 4 bytes in MQTT 3.1.1 and 5 (MQTT 5 §3.4.2.1). */
function pubackOf(messageId: number): Buffer {
  const b = Buffer.allocUnsafe(4);
  b[0] = 0x40;
  b[1] = 2;
  b.writeUInt16BE(messageId, 2);
  return b;
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

export type ExternalLink = ReturnType<typeof startExternalLink>;
