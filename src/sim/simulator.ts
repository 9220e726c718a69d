// The demo city simulator: every simulated device is its own MQTT connection (the broker lets a
// connection publish only to its own device's topic), publishing JSON readings to
// `dosi/{tenant}/{deviceId}/attrs`.
//
// Two modes:
//  - realistic (default): each device reports at its profile's interval (÷ speed), with jitter;
//  - load (`rate` set): devices publish round-robin so that the city as a whole sends `rate` msgs/s.
// In both, a device sends one reading right after it connects, so a map fills at once.
import mqtt, { type MqttClient } from 'mqtt';
import { mqttUsername } from '../devices/types.ts';
import { systemClock, type Clock, type Logger } from '../kernel/index.ts';
import { initialState, kindOf, payloadOf, type SimKind, type SimState } from './kinds.ts';
import { forkRng, type Rng } from './rng.ts';

export interface SimDevice {
  tenant: string;
  id: string;
  /** The device's MQTT password (its secret from provisioning). */
  secret: string;
  /** A kind of the catalogue (kinds.ts), e.g. 'waste'. */
  kind: string;
  location?: [number, number];
}

export interface SimulatorOptions {
  /** e.g. mqtt://127.0.0.1:1883 */
  mqttUrl: string;
  devices: SimDevice[];
  /**
   * Time multiplier (default 1): simulated time runs `speed` times faster than the clock from start(),
   * intervals shrink accordingly, and `ts` carries the simulated time (so it runs ahead of the clock).
   */
  speed?: number;
  /** Load mode: total messages per second across all devices, published round-robin. */
  rate?: number;
  /** Default 1: PUBACKs are counted as `acked`. With 0, `acked` counts messages written to the socket. */
  qos?: 0 | 1;
  clock?: Clock;
  log: Logger;
  /** How many connections are opened at the same time while starting (default 50). */
  connections?: number;
  /** Load mode: a device with this many unacknowledged messages is skipped for now (default 20). */
  maxInflight?: number;
  /** Base delay before reconnecting (default 2000 ms; a random extra up to the same is added). */
  reconnectMs?: number;
  /**
   * Who empties the bins: their own fixed dawn round (default) or trucks following a collection plan,
   * through `empty()`.
   */
  collection?: 'fixed' | 'reports';
}

export interface SimStats {
  /** Messages handed to the MQTT client. */
  sent: number;
  /** Messages acknowledged by the broker (QoS 1) or written (QoS 0). */
  acked: number;
  /** Publishes that failed (connection lost before the acknowledgement…) and connection errors. */
  errors: number;
  /** Publishes not attempted because the device was offline or had too many messages in flight. */
  skipped: number;
  /** Devices connected now. */
  connected: number;
  /** Acknowledged messages per second over the last few seconds. */
  ratePerSec: number;
}

export interface Simulator {
  /** Connects every device (resolves once each has connected or failed a first time). */
  start(): Promise<void>;
  /** Stops publishing and disconnects; idempotent. */
  stop(): Promise<void>;
  stats(): SimStats;
  /** A truck emptied the device (a bin) at `at`: its next readings start from empty; one is sent now. */
  empty(deviceId: string, at: Date): boolean;
}

export const attrsTopic = (tenant: string, deviceId: string): string => `dosi/${tenant}/${deviceId}/attrs`;

interface Sim {
  device: SimDevice;
  kind: SimKind;
  state: SimState;
  rng: Rng;
  topic: string;
  client?: MqttClient;
  inflight: number;
  timer?: NodeJS.Timeout;
  everConnected: boolean;
  failing: boolean;
}

/** After a refused CONNECT (bad credentials, unknown device), retry slowly: verifying a secret is costly. */
const REFUSED_RECONNECT_MS = 30_000;
const RATE_WINDOW_MS = 5_000;

export function createSimulator(opts: SimulatorOptions): Simulator {
  const clock = opts.clock ?? systemClock;
  const speed = opts.speed ?? 1;
  const qos = opts.qos ?? 1;
  const maxInflight = opts.maxInflight ?? 20;
  const reconnectMs = opts.reconnectMs ?? 2_000;
  const reconnectDelay = (): number => reconnectMs + Math.floor(Math.random() * reconnectMs);
  const log = opts.log.child({ component: 'sim' });
  if (!(speed > 0)) throw new Error('speed must be > 0');
  if (opts.rate !== undefined && !(opts.rate > 0)) throw new Error('rate must be > 0');

  const sims: Sim[] = opts.devices.map((device) => {
    const kind = kindOf(device.kind);
    return {
      device,
      kind,
      state: initialState(kind, device.tenant, device.id),
      rng: forkRng(`${device.tenant}/${device.id}`, 'readings'),
      topic: attrsTopic(device.tenant, device.id),
      inflight: 0,
      everConnected: false,
      failing: false,
    };
  });

  if (opts.collection === 'reports') for (const s of sims) s.kind.followReports?.(s.state, clock.now());
  const byId = new Map(sims.map((s) => [s.device.id, s]));

  const counters = { sent: 0, acked: 0, errors: 0, skipped: 0 };
  const samples: { t: number; acked: number }[] = [];
  let startReal = 0;
  let running = false;
  let stopped = false;
  let ticker: NodeJS.Timeout | undefined;
  let sampler: NodeJS.Timeout | undefined;

  const simNow = (): Date => {
    const now = clock.now().getTime();
    return new Date(speed === 1 ? now : startReal + (now - startReal) * speed);
  };

  function publish(s: Sim): void {
    const client = s.client;
    if (!client?.connected) {
      counters.skipped++;
      return;
    }
    const payload = JSON.stringify(payloadOf(s.kind, s.state, simNow(), s.rng));
    counters.sent++;
    s.inflight++;
    client.publish(s.topic, payload, { qos }, (err) => {
      s.inflight--;
      if (err) {
        counters.errors++;
        log.debug({ device: s.device.id, err: err.message }, 'publish failed');
      } else counters.acked++;
    });
  }

  /** Realistic mode: the next reading after the profile's interval, ±10 % so devices do not align. */
  function schedule(s: Sim): void {
    if (!running || opts.rate !== undefined) return;
    const ms = ((s.kind.reportingIntervalSec * 1000) / speed) * (0.9 + 0.2 * Math.random());
    s.timer = setTimeout(() => {
      publish(s);
      schedule(s);
    }, ms);
  }

  function connect(s: Sim): Promise<void> {
    return new Promise((resolve) => {
      const client = mqtt.connect(opts.mqttUrl, {
        username: mqttUsername(s.device.tenant, s.device.id),
        password: s.device.secret,
        clientId: mqttUsername(s.device.tenant, s.device.id),
        protocolVersion: 4,
        clean: true,
        keepalive: 60,
        connectTimeout: 10_000,
        // Spread reconnections so a broker restart is not met by every device at the same instant.
        reconnectPeriod: reconnectDelay(),
        reconnectOnConnackError: true,
      });
      s.client = client;
      let settled = false;
      const settle = () => {
        if (!settled) {
          settled = true;
          resolve();
        }
      };
      client.on('connect', () => {
        client.options.reconnectPeriod = reconnectDelay();
        if (s.failing) log.info({ device: s.device.id }, 'device reconnected');
        s.failing = false;
        const first = !s.everConnected;
        s.everConnected = true;
        settle();
        if (first && running) {
          publish(s);
          schedule(s);
        }
      });
      client.on('error', (err) => {
        counters.errors++;
        if ('code' in err && typeof err.code === 'number' && err.code > 0)
          client.options.reconnectPeriod = REFUSED_RECONNECT_MS;
        if (!s.failing) log.warn({ device: s.device.id, err: err.message }, 'device connection error');
        s.failing = true;
        settle();
      });
      client.on('close', settle);
    });
  }

  function startLoad(rate: number): void {
    let issued = 0;
    let next = 0;
    const t0 = clock.now().getTime();
    const tickMs = Math.max(1, Math.min(20, Math.floor(1000 / rate)));
    ticker = setInterval(() => {
      const due = Math.floor(((clock.now().getTime() - t0) / 1000) * rate) - issued;
      // After a stall (GC, busy loop) do not burst more than half a second's worth.
      const n = Math.min(due, Math.max(1, Math.ceil(rate / 2)));
      issued += due;
      for (let i = 0; i < n; i++) {
        let s: Sim | undefined;
        for (let tries = 0; tries < sims.length; tries++) {
          const c = sims[next]!;
          next = (next + 1) % sims.length;
          if (c.client?.connected && c.inflight < maxInflight) {
            s = c;
            break;
          }
        }
        if (s) publish(s);
        else counters.skipped++;
      }
    }, tickMs);
  }

  return {
    empty(deviceId, at) {
      const s = byId.get(deviceId);
      if (!s?.kind.emptied) return false;
      s.kind.emptied(s.state, at);
      if (running) publish(s);
      return true;
    },
    async start() {
      if (running || stopped) return;
      running = true;
      startReal = clock.now().getTime();
      sampler = setInterval(() => {
        samples.push({ t: Date.now(), acked: counters.acked });
        while (samples.length > 0 && Date.now() - samples[0]!.t > RATE_WINDOW_MS) samples.shift();
      }, 250);
      samples.push({ t: Date.now(), acked: 0 });
      log.info(
        { devices: sims.length, mode: opts.rate ? 'load' : 'realistic', rate: opts.rate, speed, qos },
        'simulator starting',
      );
      const parallel = Math.max(1, opts.connections ?? 50);
      for (let i = 0; i < sims.length && running; i += parallel) {
        await Promise.all(sims.slice(i, i + parallel).map(connect));
      }
      if (running && opts.rate !== undefined && sims.length > 0) startLoad(opts.rate);
      log.info({ connected: sims.filter((s) => s.client?.connected).length }, 'simulator started');
    },

    async stop() {
      if (stopped) return;
      stopped = true;
      running = false;
      if (ticker) clearInterval(ticker);
      if (sampler) clearInterval(sampler);
      for (const s of sims) if (s.timer) clearTimeout(s.timer);
      await Promise.all(
        sims.map(async (s) => {
          const c = s.client;
          if (!c) return;
          // Let in-flight messages be acknowledged, but never hang on a broker that is gone.
          let timer: NodeJS.Timeout | undefined;
          const forced = new Promise<void>((resolve) => {
            timer = setTimeout(() => {
              c.end(true, () => resolve());
            }, 2_000);
          });
          await Promise.race([c.endAsync(false), forced]);
          clearTimeout(timer);
        }),
      );
      log.info({ ...counters }, 'simulator stopped');
    },

    stats() {
      const first = samples[0];
      const now = Date.now();
      const span = first ? (now - first.t) / 1000 : 0;
      return {
        ...counters,
        connected: sims.filter((s) => s.client?.connected).length,
        ratePerSec: first && span > 0.2 ? Math.round(((counters.acked - first.acked) / span) * 10) / 10 : 0,
      };
    },
  };
}
