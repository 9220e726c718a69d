// Simulated devices for the ingestion benchmark: one MQTT connection per device, publishing
// `{"seq": n, "ts": <send time, epoch ms>}` with QoS 1. Two drivers:
//  - closed loop: every device keeps `window` messages in flight, publishing the next one as soon as
//    a PUBACK comes back ("as fast as acks allow"); an optional gate pauses everyone (used to bound
//    a broker's backlog when its PUBACK does not wait for dosi);
//  - fixed rate: the whole fleet publishes `rate` messages per second round-robin, and every
//    `sampleEvery`-th message's publish→PUBACK time is recorded.
import { connectLite, type LiteClient } from './mqtt-lite.ts';

export interface FleetDevice {
  id: string;
  username: string;
  password: string;
  topic: string;
}

interface Member {
  dev: FleetDevice;
  client: LiteClient;
  seq: number;
  paused: boolean;
}

export interface Counters {
  sent: number;
  acked: number;
  errors: number;
  skipped: number;
}

export interface Fleet {
  counters: Counters;
  /** Time the last device connected (ms since epoch). */
  connectedAt: number;
  /** Publishes as fast as acks allow until stop(). */
  closedLoop(window: number, gate?: () => boolean): { stop(): void };
  /** Publishes `rate` msg/s until stop(); records the ack latency of sampled messages. */
  fixedRate(
    rate: number,
    window: number,
    sampleEvery: number,
    onSample: (s: { dev: FleetDevice; seq: number; sentAt: number; ackMs: number }) => void,
  ): { stop(): void };
  /** Resolves once nothing is in flight (or after timeoutMs). */
  settle(timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

const encode = (seq: number, ts: number) => Buffer.from(`{"seq":${seq},"ts":${ts}}`);

export async function connectFleet(
  host: string,
  port: number,
  devices: FleetDevice[],
  opts: { parallel?: number; clientIdPrefix?: string } = {},
): Promise<Fleet> {
  const members: Member[] = [];
  const parallel = opts.parallel ?? 25;
  for (let i = 0; i < devices.length; i += parallel) {
    const part = await Promise.all(
      devices.slice(i, i + parallel).map(async (dev) => ({
        dev,
        client: await connectLite({
          host,
          port,
          clientId: `${opts.clientIdPrefix ?? ''}${dev.id}`,
          username: dev.username,
          password: dev.password,
        }),
        seq: 0,
        paused: false,
      })),
    );
    members.push(...part);
  }
  const connectedAt = Date.now();
  const counters: Counters = { sent: 0, acked: 0, errors: 0, skipped: 0 };

  function send(m: Member, onAck?: (sentAt: number, seq: number) => void): void {
    const seq = m.seq++;
    const sentAt = Date.now();
    counters.sent++;
    m.client.publish(m.dev.topic, encode(seq, sentAt), (err) => {
      if (err) counters.errors++;
      else counters.acked++;
      onAck?.(sentAt, seq);
    });
  }

  return {
    counters,
    connectedAt,
    closedLoop(window, gate) {
      let running = true;
      const pump = (m: Member) => {
        if (!running || !m.client.connected) return;
        if (gate && !gate()) {
          m.paused = true;
          return;
        }
        while (m.client.inflight < window && running) send(m, () => pump(m));
      };
      for (const m of members) pump(m);
      const resume = setInterval(() => {
        if (gate && !gate()) return;
        for (const m of members)
          if (m.paused) {
            m.paused = false;
            pump(m);
          }
      }, 5);
      return {
        stop() {
          running = false;
          clearInterval(resume);
        },
      };
    },
    fixedRate(rate, window, sampleEvery, onSample) {
      const t0 = performance.now();
      let issued = 0;
      let next = 0;
      let n = 0;
      const tick = setInterval(() => {
        const due = Math.floor(((performance.now() - t0) / 1000) * rate) - issued;
        for (let i = 0; i < due; i++) {
          issued++;
          const m = members[next]!;
          next = (next + 1) % members.length;
          if (!m.client.connected || m.client.inflight >= window) {
            counters.skipped++;
            continue;
          }
          if (++n % sampleEvery === 0) {
            const t = performance.now();
            send(m, (sentAt, seq) => onSample({ dev: m.dev, seq, sentAt, ackMs: performance.now() - t }));
          } else send(m);
        }
      }, 2);
      return { stop: () => clearInterval(tick) };
    },
    async settle(timeoutMs) {
      const end = Date.now() + timeoutMs;
      while (members.some((m) => m.client.inflight > 0) && Date.now() < end)
        await new Promise((r) => setTimeout(r, 50));
    },
    async close() {
      await Promise.all(members.map((m) => m.client.close()));
    },
  };
}
