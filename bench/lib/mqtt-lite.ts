// A minimal MQTT 3.1.1 client for load generation: QoS 1 publish with a callback on PUBACK, and a
// QoS 1 subscriber that acknowledges each message at once. Written on mqtt-packet because a full
// client library costs more CPU per message than the broker under test on a 2-core machine, which
// would make the load generator the bottleneck and the ratios meaningless. Both the relay
// measurement and the end-to-end measurement use this same client, so they pay the same cost.
import { connect as netConnect, type Socket } from 'node:net';
import mqttPacket from 'mqtt-packet';

export interface LiteOptions {
  host: string;
  port: number;
  clientId: string;
  username?: string;
  password?: string;
  /** Default true. */
  clean?: boolean;
  keepaliveSec?: number;
  /** Called for each PUBLISH received (QoS 1 ones are acknowledged before the call). */
  onMessage?: (topic: string, payload: Buffer) => void;
}

export interface LiteClient {
  /** Publishes with QoS 1; onAck runs when the PUBACK arrives (with an error if the link died). */
  publish(topic: string, payload: Buffer, onAck: (err?: Error) => void): void;
  subscribe(topic: string, qos?: 0 | 1): Promise<void>;
  /** Messages sent and not yet acknowledged. */
  readonly inflight: number;
  readonly connected: boolean;
  close(): Promise<void>;
}

const GEN = { protocolVersion: 4 } as const;

export function connectLite(o: LiteOptions): Promise<LiteClient> {
  return new Promise((resolve, reject) => {
    const socket: Socket = netConnect({ host: o.host, port: o.port });
    socket.setNoDelay(true);
    const parser = mqttPacket.parser(GEN);
    const acks = new Map<number, (err?: Error) => void>();
    const subWaiters = new Map<number, () => void>();
    let nextId = 1;
    let connected = false;
    let corked = false;
    let ping: NodeJS.Timeout | undefined;

    // Writes made in one turn of the event loop leave in one syscall.
    const write = (p: mqttPacket.Packet) => {
      if (socket.destroyed) return;
      if (!corked) {
        corked = true;
        socket.cork();
        process.nextTick(() => {
          corked = false;
          socket.uncork();
        });
      }
      socket.write(mqttPacket.generate(p, GEN));
    };
    const takeId = (): number => {
      for (let i = 0; i < 65535; i++) {
        const id = nextId;
        nextId = nextId >= 65535 ? 1 : nextId + 1;
        if (!acks.has(id) && !subWaiters.has(id)) return id;
      }
      throw new Error('no free packet id');
    };

    const fail = (err: Error) => {
      connected = false;
      if (ping) clearInterval(ping);
      for (const cb of acks.values()) cb(err);
      acks.clear();
    };

    socket.on('connect', () =>
      write({
        cmd: 'connect',
        protocolId: 'MQTT',
        protocolVersion: 4,
        clean: o.clean ?? true,
        clientId: o.clientId,
        keepalive: o.keepaliveSec ?? 60,
        ...(o.username !== undefined ? { username: o.username } : {}),
        ...(o.password !== undefined ? { password: Buffer.from(o.password) } : {}),
      }),
    );
    socket.on('data', (b) => parser.parse(b));
    socket.on('error', (err) => {
      if (!connected) reject(err);
      fail(err);
    });
    socket.on('close', () => fail(new Error('connection closed')));
    parser.on('error', (err: Error) => socket.destroy(err));
    parser.on('packet', (p) => {
      switch (p.cmd) {
        case 'connack':
          if (p.returnCode) {
            reject(new Error(`CONNACK ${p.returnCode} for ${o.clientId}`));
            socket.destroy();
            return;
          }
          connected = true;
          ping = setInterval(() => write({ cmd: 'pingreq' }), ((o.keepaliveSec ?? 60) * 1000) / 2);
          ping.unref();
          resolve(client);
          break;
        case 'puback': {
          const id = p.messageId ?? 0;
          const cb = acks.get(id);
          if (cb) {
            acks.delete(id);
            cb();
          }
          break;
        }
        case 'suback': {
          const id = p.messageId ?? 0;
          const w = subWaiters.get(id);
          subWaiters.delete(id);
          w?.();
          break;
        }
        case 'publish': {
          const payload = Buffer.isBuffer(p.payload) ? p.payload : Buffer.from(p.payload);
          if (p.qos === 1 && p.messageId !== undefined) write({ cmd: 'puback', messageId: p.messageId });
          o.onMessage?.(p.topic, payload);
          break;
        }
        default:
          break;
      }
    });

    const client: LiteClient = {
      publish(topic, payload, onAck) {
        if (!connected) return onAck(new Error('not connected'));
        const messageId = takeId();
        acks.set(messageId, onAck);
        write({ cmd: 'publish', topic, payload, qos: 1, messageId, retain: false, dup: false });
      },
      subscribe(topic, qos = 1) {
        return new Promise((res) => {
          const messageId = takeId();
          subWaiters.set(messageId, res);
          write({ cmd: 'subscribe', messageId, subscriptions: [{ topic, qos }] });
        });
      },
      get inflight() {
        return acks.size;
      },
      get connected() {
        return connected;
      },
      close() {
        return new Promise((res) => {
          if (socket.destroyed) return res();
          write({ cmd: 'disconnect' });
          socket.end(() => res());
          setTimeout(() => {
            socket.destroy();
            res();
          }, 1000).unref();
        });
      },
    };
  });
}
