// The external-broker link against a scripted MQTT 5 peer on a real socket: PUBACKs leave in arrival
// order, once per stored message, batched into few writes; and a packet identifier that a broker
// reuses while it is still in flight (Mosquitto 2.0.11 does, past its Receive Maximum) is
// acknowledged only once every message received with it is stored.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { once } from 'node:events';
import mqttPacket from 'mqtt-packet';
import pino from 'pino';
import type { DeviceDirectory, IngestService } from '../ingest.service.ts';
import { startExternalLink } from './external.ts';

interface Peer {
  url: string;
  /** CONNECT packets seen (1 + reconnections). */
  connects: number;
  /** Whether the broker routes the link's probe back to it (a stuck broker does not). */
  echo: boolean;
  /** PUBACK packet identifiers in the order they arrived. */
  acks: number[];
  publish(messageId: number, seq: number): void;
  connected: Promise<void>;
  close(): Promise<void>;
}

async function scriptedBroker(): Promise<Peer> {
  const acks: number[] = [];
  let client: Socket | undefined;
  let mid = 1;
  let onConnect: () => void = () => {};
  const connected = new Promise<void>((r) => (onConnect = r));
  const server = createServer((s) => {
    client = s;
    const parser = mqttPacket.parser({ protocolVersion: 5 });
    s.on('data', (b) => parser.parse(b));
    parser.on('packet', (p) => {
      if (p.cmd === 'connect') peer.connects++;
      if (p.cmd === 'publish' && p.qos === 1) {
        s.write(mqttPacket.generate({ cmd: 'puback', messageId: p.messageId ?? 0 }, { protocolVersion: 5 }));
        if (peer.echo) {
          const echo = { ...p, messageId: 60000 + (mid++ % 1000), dup: false };
          s.write(mqttPacket.generate(echo, { protocolVersion: 5 }));
        }
      }
      if (p.cmd === 'connect')
        s.write(
          mqttPacket.generate(
            { cmd: 'connack', sessionPresent: false, reasonCode: 0 },
            { protocolVersion: 5 },
          ),
        );
      else if (p.cmd === 'subscribe') {
        s.write(
          mqttPacket.generate(
            { cmd: 'suback', messageId: p.messageId ?? 0, granted: [1, 1] },
            { protocolVersion: 5 },
          ),
        );
        onConnect();
      } else if (p.cmd === 'puback' && p.messageId! < 60000) acks.push(p.messageId!);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  const peer: Peer = {
    url: `mqtt://ingest:pw@127.0.0.1:${port}`,
    connects: 0,
    echo: true,
    acks,
    connected,
    publish(messageId, seq) {
      client!.write(
        mqttPacket.generate(
          {
            cmd: 'publish',
            topic: 'dosi/hanam/d1/attrs',
            payload: Buffer.from(JSON.stringify({ seq })),
            qos: 1,
            messageId,
            dup: false,
            retain: false,
          },
          { protocolVersion: 5 },
        ),
      );
    },
    async close() {
      client?.destroy();
      server.close();
    },
  };
  return peer;
}

/** An ingest service whose "store" of each message completes when the test says so. */
function heldIngest() {
  const held = new Map<number, () => void>();
  const stored: number[] = [];
  const ingest = {
    now: () => new Date().toISOString(),
    reject: async () => ({ ok: false }),
    accept: async (raw: { payload: Buffer }) => {
      const { seq } = JSON.parse(raw.payload.toString()) as { seq: number };
      await new Promise<void>((r) => held.set(seq, r));
      stored.push(seq);
      return { ok: true };
    },
  } as unknown as IngestService;
  const devices = {
    resolve: async () => ({ device: { disabled: false } }),
  } as unknown as DeviceDirectory;
  const release = (seq: number) => {
    const r = held.get(seq);
    assert.ok(r, `message ${seq} is not held`);
    held.delete(seq);
    r();
  };
  return { ingest, devices, release, stored, held };
}

const until = async (cond: () => boolean, what: string) => {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > 5000) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
};
const settle = () => new Promise((r) => setTimeout(r, 50));

/** A link to a scripted broker, connected; everything held is released and both closed afterwards. */
async function withLink(
  opts: { probeIntervalMs?: number; stallMs?: number },
  fn: (peer: Peer, h: ReturnType<typeof heldIngest>) => Promise<void>,
): Promise<void> {
  const peer = await scriptedBroker();
  const h = heldIngest();
  const link = startExternalLink({
    url: peer.url,
    clientId: 't',
    ingest: h.ingest,
    devices: h.devices,
    log: pino({ level: 'silent' }),
    ...opts,
  });
  try {
    await peer.connected;
    await fn(peer, h);
  } finally {
    for (const seq of [...h.held.keys()]) h.release(seq);
    await link.close();
    await peer.close();
  }
}

describe('external MQTT link', () => {
  it('acknowledges in arrival order, after each message is stored', () =>
    withLink({}, async (peer, h) => {
      for (let i = 1; i <= 5; i++) peer.publish(100 + i, i);
      await until(() => h.held.size === 5, 'five messages held');
      h.release(3);
      h.release(2);
      await settle();
      assert.deepEqual(peer.acks, [], 'nothing before the first is stored');
      h.release(1);
      await until(() => peer.acks.length === 3, 'three acks');
      assert.deepEqual(peer.acks, [101, 102, 103]);
      h.release(5);
      await settle();
      assert.deepEqual(peer.acks, [101, 102, 103]);
      h.release(4);
      await until(() => peer.acks.length === 5, 'five acks');
      assert.deepEqual(peer.acks, [101, 102, 103, 104, 105]);
    }));

  it('holds the PUBACK of a reused packet identifier until every message with it is stored', () =>
    withLink({}, async (peer, h) => {
      peer.publish(7, 1);
      peer.publish(8, 2);
      peer.publish(7, 3); // the broker reuses 7 while the first 7 is unacknowledged
      await until(() => h.held.size === 3, 'three messages held');
      h.release(1);
      await settle();
      assert.deepEqual(peer.acks, [], 'one PUBACK 7 would acknowledge both: it waits for the second');
      h.release(2);
      await settle();
      assert.deepEqual(peer.acks, []);
      h.release(3);
      await until(() => peer.acks.length === 3, 'all acknowledged');
      assert.deepEqual(peer.acks, [7, 8, 7]);
      assert.deepEqual(h.stored, [1, 2, 3]);
    }));

  it('reconnects when the broker goes silent, not even routing the probe back', () =>
    withLink({ probeIntervalMs: 20, stallMs: 150 }, async (peer) => {
      await settle();
      await settle();
      assert.equal(peer.connects, 1, 'probes come back: no reconnection');
      peer.echo = false; // the broker is stuck
      await until(() => peer.connects === 2, 'a reconnection after the silence');
      peer.echo = true;
      await settle();
      await settle();
      assert.equal(peer.connects, 2, 'probes come back again: no further reconnection');
    }));
});
