// Counts reading events on dosi's NATS JetStream bus with an ordered consumer on
// `<prefix>.reading.>`: what a processing node would see. Independent of MQTT and of the database.
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';

export interface BusReading {
  deviceId: string;
  seq: number;
  /** observedAt of the reading = the `ts` the device put in the message (send time). */
  observedMs: number;
}

export interface NatsObserver {
  readonly count: number;
  close(): Promise<void>;
  /** Deletes the stream (cleanup of a benchmark run). */
  deleteStream(): Promise<void>;
}

export async function observeReadings(
  url: string,
  stream: string,
  prefix: string,
  onReading?: (r: BusReading) => void,
): Promise<NatsObserver> {
  const nc: NatsConnection = await connect({ servers: url, name: 'dosi-bench-observer' });
  const js = jetstream(nc);
  const consumer = await js.consumers.get(stream, {
    filter_subjects: `${prefix}.reading.>`,
    deliver_policy: DeliverPolicy.All,
  });
  const messages = await consumer.consume({ max_messages: 2000 });
  let count = 0;
  const done = (async () => {
    for await (const m of messages) {
      count++;
      if (onReading) {
        const ev = m.json<{ deviceId: string; values: { value: unknown; observedAt: string }[] }>();
        const v = ev.values[0];
        if (v && typeof v.value === 'number')
          onReading({ deviceId: ev.deviceId, seq: v.value, observedMs: Date.parse(v.observedAt) });
      }
    }
  })().catch(() => undefined);
  return {
    get count() {
      return count;
    },
    async close() {
      await messages.close().catch(() => undefined);
      await done;
      await nc.drain().catch(() => undefined);
    },
    async deleteStream() {
      const c = await connect({ servers: url, name: 'dosi-bench-cleanup' });
      try {
        await (await jetstreamManager(c)).streams.delete(stream).catch(() => false);
      } finally {
        await c.close();
      }
    },
  };
}
