// Test support: an in-memory MQTT broker (aedes) on a free port that checks device credentials and lets a
// device publish only to its own attrs topic — the rules dosi's broker applies — and records what arrives.
import { createServer, type Server, type Socket } from 'node:net';
import { Aedes } from 'aedes';
import { parseMqttUsername } from '../devices/types.ts';
import { attrsTopic } from './simulator.ts';

export interface Received {
  clientId: string;
  topic: string;
  payload: string;
}

export interface TestBroker {
  url: string;
  received: Received[];
  /** Authentication failures seen. */
  refused: string[];
  /** Drops every client connection (the simulator must reconnect). */
  dropAll(): void;
  close(): Promise<void>;
}

/** credentials: MQTT username (`{id}@{tenant}`) → password. */
export async function startTestBroker(credentials: Map<string, string>): Promise<TestBroker> {
  const received: Received[] = [];
  const refused: string[] = [];
  const owner = new Map<string, string>(); // client id → topic it may publish to
  const broker = await Aedes.createBroker({
    authenticate: (client, username, password, done) => {
      const who = username ? parseMqttUsername(username) : undefined;
      const ok = !!who && !!username && credentials.get(username) === password?.toString();
      if (!ok || !who) {
        refused.push(username ?? '');
        const err = Object.assign(new Error('bad credentials'), { returnCode: 4 as const });
        done(err, false);
        return;
      }
      owner.set(client.id, attrsTopic(who.tenant, who.deviceId));
      done(null, true);
    },
    authorizePublish: (client, packet, cb) => {
      if (!client || owner.get(client.id) !== packet.topic) {
        cb(new Error('wrong topic'));
        return;
      }
      cb(null);
    },
  });
  broker.on('publish', (packet, client) => {
    if (client)
      received.push({ clientId: client.id, topic: packet.topic, payload: packet.payload.toString() });
  });
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    broker.handle(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  if (!addr || typeof addr === 'string') throw new Error('no address');
  return {
    url: `mqtt://127.0.0.1:${addr.port}`,
    received,
    refused,
    dropAll: () => {
      for (const s of sockets) s.destroy();
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await new Promise<void>((resolve) => broker.close(() => resolve()));
    },
  };
}
