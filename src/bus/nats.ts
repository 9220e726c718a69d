// The NATS JetStream event bus: used when DOSI_NATS_URL is set, so several dosi processes can share
// ingestion and processing, and events survive restarts.
//
// - One stream (default `DOSI`, file storage, max age 7 days, duplicate window 2 min) holds every event
//   under `<prefix>.>`. Callers always use `dosi.…` subjects (see `subjects` in types.ts); the bus
//   swaps the root token for `prefix` on the wire and back on delivery, so several dosi deployments
//   (or test runs) can share one NATS server with different prefixes and streams.
// - publish sets the event id as `Nats-Msg-Id`: publishing the same id again within the duplicate
//   window is acknowledged but not stored twice.
// - A durable subscription is a durable pull consumer (explicit ack, ack wait 30 s, unlimited
//   deliveries, all history for a new consumer). The ack follows the handler; a throwing handler gets
//   a `nak` with back-off (100 ms, doubling, capped at 60 s), so the event stays until it succeeds.
//   Processes using the same durable name share the work. Events fetched but not yet handled when a
//   subscription closes are handed back at once (their next delivery counts in deliveryCount). A batch
//   handler (subscribeBatch) gets up to maxBatch fetched events at once; they are acked together after
//   it resolved, or all nak'ed when it threw.
// - A non-durable subscription is an ordered consumer starting after the stream's last event at
//   subscribe time; it cannot nak, so failures are retried in-process like the memory bus (5 attempts,
//   then the event is logged and dropped).
// - The connection reconnects forever and logs disconnects and reconnects.
import { AsyncLocalStorage } from 'node:async_hooks';
import { connect, nanos, type NatsConnection } from '@nats-io/transport-node';
import {
  AckPolicy,
  DeliverPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  StorageType,
  jetstream,
  jetstreamManager,
  type Consumer,
  type ConsumerInfo,
  type ConsumerMessages,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
} from '@nats-io/jetstream';
import type { Logger } from '../kernel/logger.ts';
import {
  DEFAULT_MAX_BATCH,
  MAX_ATTEMPTS,
  RETRY_BASE_MS,
  backoffMs,
  encode,
  errorMessage,
  single,
  sleep,
} from './delivery.ts';
import { assertBusPattern, assertBusSubject, isValidSubject, withRoot, withoutRoot } from './pattern.ts';
import type {
  Bus,
  BusBatchHandler,
  BusBatchOptions,
  BusEvent,
  BusHandler,
  BusMeta,
  BusSubscribeOptions,
  BusSubscription,
} from './types.ts';

export interface NatsBusOptions {
  /** NATS server URL(s), comma-separated for a cluster. */
  url: string;
  log: Logger;
  /** JetStream stream name (default `DOSI`). */
  stream?: string;
  /** Root token(s) of the subjects on the wire (default `dosi`); the stream covers `<prefix>.>`. */
  prefix?: string;
  /** How long the stream keeps events (default 7 days). */
  maxAgeMs?: number;
  /** Window in which a re-published event id is dropped (default 2 minutes). */
  duplicateWindowMs?: number;
  /** Delay before the first redelivery of a failed event, doubled per attempt (default 100 ms). */
  retryBaseMs?: number;
  /** How long the server waits for an ack before redelivering (default 30 s). */
  ackWaitMs?: number;
  /**
   * Lifetime of one pull request of a durable subscription (default 2 s, at least 1 s). Closing a
   * durable subscription waits for its open request to end, so this bounds how long close() takes.
   */
  pullExpiresMs?: number;
  /** Connection name shown in NATS monitoring (default `dosi`). */
  name?: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** Events a subscription holds ahead of its handler (at least twice its maxBatch). */
const PULL_BATCH = 200;
/** publishMany writes this many events at once, with up to PUBLISH_CHUNKS chunks awaiting acks. */
const PUBLISH_CHUNK = 1_000;
const PUBLISH_CHUNKS = 4;
const DURABLE_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/** A URL fit for logs and errors: credentials replaced. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/g, '//***@');
}

function isApiError(err: unknown, code: number): boolean {
  return err instanceof JetStreamApiError && err.code === code;
}

interface Sub {
  closing: boolean;
  /** Aborts back-off sleeps when the subscription closes. */
  abort: AbortController;
  /** Stops consuming; the loops in `done` then finish what is in flight. */
  stop: () => void;
  done: Promise<void>;
  closed: Promise<void> | undefined;
}

export async function createNatsBus(opts: NatsBusOptions): Promise<Bus> {
  const stream = opts.stream ?? 'DOSI';
  const prefix = opts.prefix ?? 'dosi';
  const maxAgeMs = opts.maxAgeMs ?? 7 * DAY_MS;
  const duplicateWindowMs = Math.min(opts.duplicateWindowMs ?? 2 * 60_000, maxAgeMs);
  const retryBaseMs = opts.retryBaseMs ?? RETRY_BASE_MS;
  const ackWaitMs = opts.ackWaitMs ?? 30_000;
  const pullExpiresMs = Math.max(1_000, opts.pullExpiresMs ?? 2_000);
  const server = redactUrl(opts.url);
  const log = opts.log.child({ component: 'bus', bus: 'nats', server, stream });
  if (!isValidSubject(prefix)) throw new Error(`invalid NATS subject prefix "${prefix}"`);

  const nc = await connect({
    servers: opts.url.split(',').map((s) => s.trim()),
    name: opts.name ?? 'dosi',
    maxReconnectAttempts: -1,
    reconnectTimeWait: 2_000,
    // Per-request stack capture costs more than it helps at event rates.
    noAsyncTraces: true,
  });
  watchConnection(nc, log);

  let jsm: JetStreamManager;
  try {
    jsm = await jetstreamManager(nc);
    await ensureStream(jsm);
  } catch (err) {
    await nc.close().catch(() => undefined);
    throw err;
  }
  const js: JetStreamClient = jetstream(nc);

  const subs = new Set<Sub>();
  /** Set while a handler runs, so closing a subscription from its own handler does not deadlock. */
  const scope = new AsyncLocalStorage<Sub>();
  let closed = false;
  let closePromise: Promise<void> | undefined;

  async function ensureStream(m: JetStreamManager): Promise<void> {
    const want = {
      subjects: [`${prefix}.>`],
      max_age: nanos(maxAgeMs),
      duplicate_window: nanos(duplicateWindowMs),
    };
    try {
      const { config } = await m.streams.info(stream);
      const same =
        config.subjects.length === 1 &&
        config.subjects[0] === want.subjects[0] &&
        config.max_age === want.max_age &&
        config.duplicate_window === want.duplicate_window;
      if (!same) {
        await m.streams.update(stream, { ...config, ...want });
        log.info({ subjects: want.subjects, maxAgeMs, duplicateWindowMs }, 'bus: stream settings updated');
      }
    } catch (err) {
      if (!isApiError(err, JetStreamApiCodes.StreamNotFound)) throw err;
      await m.streams.add({ name: stream, storage: StorageType.File, ...want });
      log.info({ subjects: want.subjects, maxAgeMs, duplicateWindowMs }, 'bus: stream created');
    }
  }

  function checkOpen(): void {
    if (closed) throw new Error('event bus is closed');
  }

  /** The durable consumer for `name`, created (with all history) or re-pointed at `filter` as needed. */
  async function durableConsumer(name: string, filter: string): Promise<ConsumerInfo> {
    try {
      const ci = await jsm.consumers.info(stream, name);
      if (ci.config.filter_subject === filter) return ci;
      log.warn(
        { durable: name, from: ci.config.filter_subject, to: filter },
        'bus: durable consumer re-filtered',
      );
      return await jsm.consumers.update(stream, name, { filter_subject: filter });
    } catch (err) {
      if (!isApiError(err, JetStreamApiCodes.ConsumerNotFound)) throw err;
      return jsm.consumers.add(stream, {
        durable_name: name,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        filter_subject: filter,
        ack_wait: nanos(ackWaitMs),
        max_deliver: -1,
      });
    }
  }

  function metaOf(m: JsMsg, deliveryCount: number): BusMeta {
    return {
      subject: withoutRoot(m.subject, prefix),
      id: m.headers?.get('Nats-Msg-Id') || String(m.seq),
      deliveryCount,
    };
  }

  /** Decodes the payload; a message that is not JSON did not come from a dosi bus. */
  function decode(m: JsMsg): { ok: true; data: unknown } | { ok: false } {
    try {
      return { ok: true, data: JSON.parse(m.string()) };
    } catch (err) {
      log.error({ err, subject: m.subject, seq: m.seq }, 'bus: message payload is not JSON; skipped');
      return { ok: false };
    }
  }

  /** The decodable messages of a batch as events; a message that is not JSON is terminated (durable). */
  function eventsOf(msgs: JsMsg[], durable: boolean): { kept: JsMsg[]; events: BusEvent[] } {
    const kept: JsMsg[] = [];
    const events: BusEvent[] = [];
    for (const m of msgs) {
      const decoded = decode(m);
      if (!decoded.ok) {
        if (durable) m.term('payload is not JSON');
        continue;
      }
      kept.push(m);
      events.push({ data: decoded.data, meta: metaOf(m, durable ? m.info.deliveryCount : 1) });
    }
    return { kept, events };
  }

  /** Durable: ack all on success; on failure nak all with back-off and let the server redeliver. */
  async function handleAcked(sub: Sub, handler: BusBatchHandler, msgs: JsMsg[], durable: string) {
    const { kept, events } = eventsOf(msgs, true);
    if (events.length === 0) return;
    try {
      await scope.run(sub, () => handler(events));
      for (const m of kept) m.ack();
    } catch (err) {
      let delay = 0;
      for (const [i, m] of kept.entries()) {
        const d = backoffMs(events[i]!.meta.deliveryCount, retryBaseMs);
        m.nak(d);
        delay = Math.max(delay, d);
      }
      const meta = events[0]!.meta;
      const ctx = {
        err,
        durable,
        subject: meta.subject,
        id: meta.id,
        deliveryCount: meta.deliveryCount,
        events: events.length,
        delay,
      };
      const what = events.length === 1 ? '' : ` of ${events.length} events`;
      const msg = `bus: handler failed, redelivery${what} in ${delay} ms: ${errorMessage(err)}`;
      if (meta.deliveryCount >= MAX_ATTEMPTS) log.error(ctx, msg);
      else log.warn(ctx, msg);
    }
  }

  /** Non-durable: nothing to nak, so retry here with back-off, then drop. */
  async function handleLocal(sub: Sub, handler: BusBatchHandler, msgs: JsMsg[]): Promise<void> {
    const { kept, events: first } = eventsOf(msgs, false);
    if (first.length === 0) return;
    for (let n = 1; ; n++) {
      // Each attempt gets a fresh copy, as a redelivery would.
      const events =
        n === 1 ? first : kept.map((m) => ({ data: JSON.parse(m.string()) as unknown, meta: metaOf(m, n) }));
      try {
        await scope.run(sub, () => handler(events));
        return;
      } catch (err) {
        const meta = events[0]!.meta;
        const ctx = { err, subject: meta.subject, id: meta.id, deliveryCount: n, events: events.length };
        const what = events.length === 1 ? 'event' : `batch of ${events.length} events`;
        if (n >= MAX_ATTEMPTS) {
          log.error(ctx, `bus: handler failed ${n} times; ${what} dropped: ${errorMessage(err)}`);
          return;
        }
        log.warn(ctx, `bus: handler failed, will retry the ${what}: ${errorMessage(err)}`);
        if (!(await sleep(backoffMs(n, retryBaseMs), sub.abort.signal))) return;
      }
    }
  }

  /**
   * A durable subscription: a pump fetches batches into a local queue while one loop runs the handler.
   *
   * Bounded fetches rather than `consume()`: closing a consumer whose pull request is still open on
   * the server leaves that request behind, and the server may hand it events (including ones just
   * nak'ed) that then sit unacknowledged for the whole ack wait. Here close() stops asking for more,
   * lets the open request run out (pullExpiresMs), and naks what arrives meanwhile, so the next
   * subscriber with the same name gets those events at once.
   */
  async function startDurable(
    durable: string,
    filter: string,
    handler: BusBatchHandler,
    maxBatch: number,
  ): Promise<Sub> {
    let consumer: Consumer | undefined = js.consumers.getConsumerFromInfo(
      await durableConsumer(durable, filter),
    );
    const ahead = Math.max(PULL_BATCH, 2 * maxBatch);
    const queue: JsMsg[] = [];
    let inFlight: JsMsg[] = [];
    let pumping = true;
    /** Wakes the handler loop (new work, or the pump ended) / the pump (queue drained, or closing). */
    let wakeWorker: (() => void) | undefined;
    let wakePump: (() => void) | undefined;
    const ctx = { durable, filter };
    const sub: Sub = {
      closing: false,
      abort: new AbortController(),
      stop: () => {
        wakePump?.();
        wakeWorker?.();
      },
      done: Promise.resolve(),
      closed: undefined,
    };

    // Events waiting in the queue must not be redelivered elsewhere while this handler is busy.
    const keepAlive = setInterval(
      () => {
        for (const m of inFlight) m.working();
        for (const m of queue) m.working();
      },
      Math.max(1_000, Math.floor(ackWaitMs / 3)),
    );
    keepAlive.unref();

    const pump = async () => {
      let failing = false;
      while (!sub.closing) {
        if (queue.length > ahead / 2) {
          await new Promise<void>((resolve) => (wakePump = resolve));
          wakePump = undefined;
          continue;
        }
        try {
          consumer ??= js.consumers.getConsumerFromInfo(await durableConsumer(durable, filter));
          const batch = await consumer.fetch({
            max_messages: ahead - queue.length,
            expires: pullExpiresMs,
          });
          for await (const m of batch) {
            // While closing too: the handler loop hands everything back in order, after the events
            // ahead of this one.
            queue.push(m);
            wakeWorker?.();
          }
          if (failing) log.info(ctx, 'bus: durable consumer recovered');
          failing = false;
        } catch (err) {
          // Re-check (and if need be re-create) the consumer on the next round.
          consumer = undefined;
          if (!failing)
            log.warn({ ...ctx, err }, `bus: fetching events failed, retrying: ${errorMessage(err)}`);
          failing = true;
          await sleep(1_000, sub.abort.signal);
        }
      }
    };

    const work = async () => {
      for (;;) {
        if (queue.length === 0) {
          if (!pumping) return;
          await new Promise<void>((resolve) => (wakeWorker = resolve));
          wakeWorker = undefined;
          continue;
        }
        const batch = queue.splice(0, maxBatch);
        if (queue.length <= ahead / 2) wakePump?.();
        if (sub.closing) {
          // Hand fetched but unhandled events straight back.
          for (const m of batch) m.nak();
          continue;
        }
        inFlight = batch;
        await handleAcked(sub, handler, batch, durable);
        inFlight = [];
      }
    };

    const pumped = pump().finally(() => {
      pumping = false;
      wakeWorker?.();
    });
    sub.done = Promise.all([pumped, work()]).then(
      () => clearInterval(keepAlive),
      (err: unknown) => {
        clearInterval(keepAlive);
        log.error({ ...ctx, err }, `bus: durable subscription stopped: ${errorMessage(err)}`);
      },
    );
    return sub;
  }

  /** A non-durable subscription: an ordered consumer from the current end of the stream. */
  async function startOrdered(filter: string, handler: BusBatchHandler, maxBatch: number): Promise<Sub> {
    // Start after the last stored event. (Not DeliverPolicy.New: after a reset before its first
    // message, the ordered consumer would restart from sequence 1 and replay the whole stream.)
    const next = (await jsm.streams.info(stream)).state.last_seq + 1;
    const consumer = await js.consumers.get(stream, {
      filter_subjects: filter,
      deliver_policy: DeliverPolicy.StartSequence,
      opt_start_seq: next,
    });
    const ahead = Math.max(PULL_BATCH, 2 * maxBatch);
    let messages: ConsumerMessages;
    try {
      messages = await consumer.consume({ max_messages: ahead });
    } catch (err) {
      await consumer.delete().catch(() => false);
      throw err;
    }
    const queue: JsMsg[] = [];
    let reading = true;
    let wakeWorker: (() => void) | undefined;
    let wakeReader: (() => void) | undefined;
    const sub: Sub = {
      closing: false,
      abort: new AbortController(),
      stop: () => {
        void messages.close().catch(() => undefined);
        wakeReader?.();
        wakeWorker?.();
      },
      done: Promise.resolve(),
      closed: undefined,
    };
    const read = async () => {
      try {
        for await (const m of messages) {
          if (sub.closing) continue;
          queue.push(m);
          wakeWorker?.();
          // Hold the stream back while the handler is behind (the consumer then stops pulling).
          while (queue.length >= ahead && !sub.closing) {
            await new Promise<void>((resolve) => (wakeReader = resolve));
            wakeReader = undefined;
          }
        }
      } catch (err) {
        if (!sub.closing) log.error({ filter, err }, `bus: subscription stopped: ${errorMessage(err)}`);
      } finally {
        reading = false;
        wakeWorker?.();
      }
    };
    const work = async () => {
      for (;;) {
        if (sub.closing) return;
        if (queue.length === 0) {
          if (!reading) return;
          await new Promise<void>((resolve) => (wakeWorker = resolve));
          wakeWorker = undefined;
          continue;
        }
        const batch = queue.splice(0, maxBatch);
        wakeReader?.();
        await handleLocal(sub, handler, batch);
      }
    };
    // The server would drop the consumer after inactivity anyway; do it now.
    sub.done = Promise.all([read(), work()])
      .then(() => undefined)
      .catch((err: unknown) => log.error({ filter, err }, `bus: subscription failed: ${errorMessage(err)}`))
      .finally(async () => {
        await consumer.delete().catch(() => false);
      });
    return sub;
  }

  function closeSub(sub: Sub): Promise<void> {
    sub.closed ??= (async () => {
      sub.closing = true;
      sub.abort.abort();
      subs.delete(sub);
      sub.stop();
      await sub.done;
      // Acks and naks are fire-and-forget; make sure the server has them before reporting closed.
      if (!nc.isClosed()) await nc.flush().catch(() => undefined);
    })();
    // From inside the subscription's own handler, waiting would deadlock: the close completes once the
    // handler returns (its event is then acknowledged).
    if (scope.getStore() === sub) return Promise.resolve();
    return sub.closed;
  }

  async function subscribeBatch(
    pattern: string,
    handler: BusBatchHandler,
    sopts: BusBatchOptions = {},
  ): Promise<BusSubscription> {
    checkOpen();
    const maxBatch = Math.max(1, sopts.maxBatch ?? DEFAULT_MAX_BATCH);
    assertBusPattern(pattern);
    const filter = withRoot(pattern, prefix);
    const { durable } = sopts;
    if (durable !== undefined && !DURABLE_NAME.test(durable))
      throw new Error(`invalid durable name "${durable}": use 1-64 letters, digits, "_" or "-"`);
    const sub =
      durable !== undefined
        ? await startDurable(durable, filter, handler, maxBatch)
        : await startOrdered(filter, handler, maxBatch);
    subs.add(sub);
    if (closed) {
      await closeSub(sub);
      throw new Error('event bus is closed');
    }
    return { close: () => closeSub(sub) };
  }

  return {
    kind: 'nats',

    async publish(subject, data, id) {
      checkOpen();
      assertBusSubject(subject);
      const ack = await js.publish(withRoot(subject, prefix), encode(data), { msgID: id });
      if (ack.duplicate) log.debug({ subject, id }, 'bus: duplicate event id ignored by the stream');
    },

    async publishMany(events) {
      checkOpen();
      const wire = events.map((e) => {
        assertBusSubject(e.subject);
        return { subject: withRoot(e.subject, prefix), payload: encode(e.data), id: e.id };
      });
      // Pipelined: publishes are written in order on the one connection (so the stream stores them in
      // order) in chunks written back-to-back, with at most PUBLISH_CHUNKS chunks awaiting their acks.
      // Awaiting per event instead would cost a socket write per event.
      let failure: { err: unknown } | undefined;
      const fail = (err: unknown) => {
        failure ??= { err };
      };
      const chunks: Promise<unknown>[] = [];
      for (let start = 0; start < wire.length && failure === undefined; start += PUBLISH_CHUNK) {
        const acks: Promise<unknown>[] = [];
        for (const e of wire.slice(start, start + PUBLISH_CHUNK))
          acks.push(js.publish(e.subject, e.payload, { msgID: e.id }).catch(fail));
        chunks.push(Promise.all(acks));
        if (chunks.length >= PUBLISH_CHUNKS) await chunks.shift();
      }
      await Promise.all(chunks);
      if (failure !== undefined) {
        // Some events may be stored already; publishing the batch again is safe (ids de-duplicate).
        const err = failure.err;
        throw new Error(`publishMany failed: ${errorMessage(err)}`, { cause: err });
      }
    },

    subscribe(pattern: string, handler: BusHandler, sopts: BusSubscribeOptions = {}) {
      return subscribeBatch(pattern, single(handler), { ...sopts, maxBatch: 1 });
    },

    subscribeBatch,

    close() {
      closePromise ??= (async () => {
        closed = true;
        await Promise.all([...subs].map((s) => closeSub(s)));
        if (!nc.isClosed()) await nc.drain();
      })();
      return closePromise;
    },
  };
}

/** Logs connection trouble; the client itself reconnects forever. */
function watchConnection(nc: NatsConnection, log: Logger): void {
  void (async () => {
    for await (const s of nc.status()) {
      switch (s.type) {
        case 'disconnect':
          log.warn({ server: redactUrl(s.server) }, 'bus: disconnected from NATS; reconnecting');
          break;
        case 'reconnect':
          log.info({ server: redactUrl(s.server) }, 'bus: reconnected to NATS');
          break;
        case 'error':
          log.error({ err: s.error }, `bus: NATS error: ${s.error.message}`);
          break;
        case 'slowConsumer':
          log.warn({ pending: s.pending }, 'bus: NATS slow consumer');
          break;
        default:
          break;
      }
    }
  })().catch(() => undefined);
}
