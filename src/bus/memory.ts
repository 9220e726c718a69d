// The in-process event bus: used when no NATS URL is configured (single process, embedded mode).
// It keeps the delivery semantics of the NATS bus so code tested against one behaves the same on the
// other, with these documented differences:
//   - Nothing survives the process: there is no history, so a new durable subscription receives events
//     published from the moment its name is first used; a durable whose members all closed keeps
//     collecting events (bounded, oldest dropped first) until a member with that name subscribes again.
//   - No de-duplication: publishing the same id twice delivers it twice (handlers are idempotent).
//   - A handler that throws is retried in place with back-off (100 ms, doubling); the subscription waits
//     meanwhile, so per-subscription order is strict. After MAX_ATTEMPTS (5) failed deliveries the event
//     is logged as an error and dropped. A batch handler (subscribeBatch) gets the events queued for it,
//     up to its maxBatch, and a failed batch is retried (or dropped) as a whole.
//   - Each subscription has a bounded queue (default 100,000 events). A publish waits for space rather
//     than letting memory grow; publishes from inside a handler never wait (a cycle of subscriptions
//     could otherwise deadlock).
import { AsyncLocalStorage } from 'node:async_hooks';
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
import { assertBusPattern, assertBusSubject, compilePattern } from './pattern.ts';
import type {
  Bus,
  BusBatchHandler,
  BusBatchOptions,
  BusEvent,
  BusHandler,
  BusSubscribeOptions,
  BusSubscription,
} from './types.ts';

export interface MemoryBusOptions {
  log: Logger;
  /** Events queued per subscription before publishers wait (default 100,000). */
  queueCapacity?: number;
  /** Delay before the first retry of a failed handler, doubled per attempt (default 100 ms). */
  retryBaseMs?: number;
  /** Deliveries of one event before it is dropped (default 5). */
  maxAttempts?: number;
}

interface Event {
  subject: string;
  id: string;
  json: string;
}

interface Item {
  ev: Event;
  /** Deliveries so far (to this subscription). */
  deliveries: number;
}

/** A FIFO with O(1) shift, and unshift for putting an event back at the head. */
class Fifo<T> {
  private items: (T | undefined)[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(x: T): void {
    this.items.push(x);
  }

  unshift(x: T): void {
    if (this.head > 0) this.items[--this.head] = x;
    else this.items.unshift(x);
  }

  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const x = this.items[this.head];
    this.items[this.head++] = undefined;
    // Compact now and then so the array does not grow forever.
    if (this.head >= 1024 && this.head * 2 >= this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return x;
  }
}

/** The unit of delivery: a non-durable subscription, or all subscriptions sharing a durable name. */
interface Group {
  durable: string | undefined;
  pattern: string;
  matches: (subject: string) => boolean;
  queue: Fifo<Item>;
  members: Set<Member>;
  /** Members waiting for work, longest-waiting first (so a durable's work goes round-robin). */
  idle: Member[];
  /** Resolved when the group has nothing queued and no handler running. */
  quietWaiters: (() => void)[];
  /** Events dropped because the group had no member and its queue was full. */
  dropped: number;
}

interface Member {
  group: Group;
  handler: BusBatchHandler;
  maxBatch: number;
  closed: boolean;
  wake: (() => void) | undefined;
  /** Aborts a retry back-off when the subscription closes. */
  abort: AbortController;
  done: Promise<void>;
  closing: Promise<void> | undefined;
}

interface Waiting {
  /** Absent for a marker that only waits for the publishers ahead of it. */
  ev: Event | undefined;
  resolve: () => void;
}

export function createMemoryBus(opts: MemoryBusOptions): Bus {
  const log = opts.log.child({ component: 'bus', bus: 'memory' });
  const capacity = Math.max(1, opts.queueCapacity ?? 100_000);
  const retryBaseMs = opts.retryBaseMs ?? RETRY_BASE_MS;
  const maxAttempts = Math.max(1, opts.maxAttempts ?? MAX_ATTEMPTS);

  /** Non-durable groups by identity, durable ones by name. */
  const groups = new Set<Group>();
  const durables = new Map<string, Group>();
  /** Which groups a subject goes to; rebuilt lazily after subscriptions change. */
  let routes = new Map<string, Group[]>();
  /** Publishers waiting for queue space, served first-come first-served. */
  const waiting: Waiting[] = [];
  /** Set while a handler runs, so publishes from handlers can skip back-pressure. */
  const scope = new AsyncLocalStorage<Member>();
  let closing = false;
  let closed = false;
  let closePromise: Promise<void> | undefined;

  function targets(subject: string): Group[] {
    let list = routes.get(subject);
    if (list === undefined) {
      list = [...groups].filter((g) => g.matches(subject));
      // Subjects carry tenant and type names; keep the cache from growing without bound.
      if (routes.size >= 10_000) routes = new Map();
      routes.set(subject, list);
    }
    return list;
  }

  function routesChanged(): void {
    routes = new Map();
  }

  /** Queues `ev` on every matching group, unless an attached group is full (then nothing is queued). */
  function tryEnqueue(ev: Event, force: boolean): boolean {
    const list = targets(ev.subject);
    if (!force) {
      for (const g of list) if (g.members.size > 0 && g.queue.length >= capacity) return false;
    }
    for (const g of list) {
      if (g.members.size === 0 && g.queue.length >= capacity) {
        // A durable nobody consumes must not stall the publishers: drop its oldest event instead,
        // like a stream limit would.
        g.queue.shift();
        if (g.dropped++ % 10_000 === 0)
          log.warn(
            { durable: g.durable, pattern: g.pattern, dropped: g.dropped },
            'bus: durable subscription without members is full; dropping its oldest events',
          );
      }
      g.queue.push({ ev, deliveries: 0 });
      g.idle.shift()?.wake?.();
    }
    return true;
  }

  /** Lets waiting publishers in, in order, as long as there is space. */
  function pump(): void {
    while (waiting.length > 0) {
      const w = waiting[0]!;
      if (w.ev !== undefined && !tryEnqueue(w.ev, false)) return;
      waiting.shift();
      w.resolve();
    }
  }

  /** Queues one event; returns a promise only when the publisher has to wait for space. */
  function enqueue(ev: Event): Promise<void> | undefined {
    if (scope.getStore() !== undefined) {
      tryEnqueue(ev, true);
      return undefined;
    }
    if (waiting.length === 0 && tryEnqueue(ev, false)) return undefined;
    return new Promise((resolve) => waiting.push({ ev, resolve }));
  }

  function checkOpen(): void {
    // While closing, handlers may still publish follow-up events; outside callers may not.
    if (closed || (closing && scope.getStore() === undefined)) throw new Error('event bus is closed');
  }

  function toEvent(subject: string, data: unknown, id: string): Event {
    assertBusSubject(subject);
    return { subject, id, json: encode(data) };
  }

  function isQuiet(g: Group): boolean {
    return g.queue.length === 0 && g.idle.length === g.members.size;
  }

  function notifyIfQuiet(g: Group): void {
    // A group that lost its members will not get quieter: release waiters then too.
    if (g.quietWaiters.length > 0 && (isQuiet(g) || g.members.size === 0)) {
      for (const resolve of g.quietWaiters.splice(0)) resolve();
    }
  }

  function quiet(g: Group): Promise<void> {
    if (isQuiet(g) || g.members.size === 0) return Promise.resolve();
    return new Promise((resolve) => g.quietWaiters.push(resolve));
  }

  /** Runs the handler for a batch of events, retrying the whole batch with back-off. */
  async function deliver(m: Member, items: Item[]): Promise<void> {
    const g = m.group;
    for (;;) {
      const events: BusEvent[] = items.map((item) => {
        item.deliveries++;
        // Each attempt gets a fresh copy, as a redelivery would.
        const meta = { subject: item.ev.subject, id: item.ev.id, deliveryCount: item.deliveries };
        return { data: JSON.parse(item.ev.json) as unknown, meta };
      });
      try {
        await scope.run(m, () => m.handler(events));
        return;
      } catch (err) {
        const first = events[0]!.meta;
        const ctx = { err, subject: first.subject, id: first.id, deliveryCount: first.deliveryCount };
        const n = items.length;
        const what = n === 1 ? 'event' : `batch of ${n} events`;
        if (first.deliveryCount >= maxAttempts) {
          log.error(
            { ...ctx, events: n, durable: g.durable, pattern: g.pattern },
            `bus: handler failed ${first.deliveryCount} times; ${what} dropped: ${errorMessage(err)}`,
          );
          return;
        }
        log.warn(
          { ...ctx, events: n, durable: g.durable },
          `bus: handler failed, will retry the ${what}: ${errorMessage(err)}`,
        );
        if (!(await sleep(backoffMs(first.deliveryCount, retryBaseMs), m.abort.signal))) {
          // The subscription closed during the back-off: a durable hands the events to its next member.
          if (g.durable !== undefined) {
            for (let i = items.length - 1; i >= 0; i--) g.queue.unshift(items[i]!);
            g.idle.shift()?.wake?.();
          }
          return;
        }
      }
    }
  }

  async function work(m: Member): Promise<void> {
    const g = m.group;
    while (!m.closed) {
      if (g.queue.length === 0) {
        await new Promise<void>((resolve) => {
          m.wake = resolve;
          g.idle.push(m);
          notifyIfQuiet(g);
        });
        m.wake = undefined;
        continue;
      }
      const items: Item[] = [];
      while (items.length < m.maxBatch && g.queue.length > 0) items.push(g.queue.shift()!);
      if (waiting.length > 0) pump();
      await deliver(m, items);
    }
  }

  function closeMember(m: Member): Promise<void> {
    m.closing ??= (async () => {
      m.closed = true;
      m.abort.abort();
      const g = m.group;
      const i = g.idle.indexOf(m);
      if (i >= 0) g.idle.splice(i, 1);
      m.wake?.();
      g.members.delete(m);
      if (g.members.size === 0 && g.durable === undefined) {
        groups.delete(g);
        routesChanged();
      }
      notifyIfQuiet(g);
      // A group that lost its last member no longer holds publishers back.
      if (waiting.length > 0) pump();
      await m.done;
    })();
    // From inside the member's own handler, waiting would deadlock: the close completes once the
    // handler returns.
    if (scope.getStore() === m) return Promise.resolve();
    return m.closing;
  }

  async function subscribeBatch(
    pattern: string,
    handler: BusBatchHandler,
    sopts: BusBatchOptions = {},
  ): Promise<BusSubscription> {
    checkOpen();
    assertBusPattern(pattern);
    const { durable } = sopts;
    let g = durable === undefined ? undefined : durables.get(durable);
    if (g !== undefined && g.pattern !== pattern) {
      if (g.members.size > 0)
        throw new Error(
          `durable subscription "${durable}" is already open on "${g.pattern}"; cannot also use "${pattern}"`,
        );
      g.pattern = pattern;
      g.matches = compilePattern(pattern);
      routesChanged();
    }
    if (g === undefined) {
      g = {
        durable,
        pattern,
        matches: compilePattern(pattern),
        queue: new Fifo<Item>(),
        members: new Set(),
        idle: [],
        quietWaiters: [],
        dropped: 0,
      };
      groups.add(g);
      if (durable !== undefined) durables.set(durable, g);
      routesChanged();
    }
    if (g.dropped > 0) {
      log.warn(
        { durable, dropped: g.dropped },
        'bus: durable subscription lost events while it had no member',
      );
      g.dropped = 0;
    }
    const m: Member = {
      group: g,
      handler,
      maxBatch: Math.max(1, sopts.maxBatch ?? DEFAULT_MAX_BATCH),
      closed: false,
      wake: undefined,
      abort: new AbortController(),
      done: Promise.resolve(),
      closing: undefined,
    };
    g.members.add(m);
    m.done = work(m);
    return { close: () => closeMember(m) };
  }

  return {
    kind: 'memory',

    publish(subject, data, id) {
      try {
        checkOpen();
        return enqueue(toEvent(subject, data, id)) ?? Promise.resolve();
      } catch (err) {
        return Promise.reject(err instanceof Error ? err : new Error(String(err)));
      }
    },

    async publishMany(events) {
      checkOpen();
      // Validate and encode everything first, so a bad event fails the call before anything is queued.
      const evs = events.map((e) => toEvent(e.subject, e.data, e.id));
      for (const ev of evs) {
        const wait = enqueue(ev);
        if (wait !== undefined) await wait;
      }
    },

    subscribe(
      pattern: string,
      handler: BusHandler,
      sopts: BusSubscribeOptions = {},
    ): Promise<BusSubscription> {
      return subscribeBatch(pattern, single(handler), { ...sopts, maxBatch: 1 });
    },

    subscribeBatch,

    close() {
      closePromise ??= (async () => {
        closing = true;
        // Let publishers already waiting in, then let every subscription work off its queue.
        if (waiting.length > 0)
          await new Promise<void>((resolve) => waiting.push({ ev: undefined, resolve }));
        // Handlers may publish to other subscriptions while draining; repeat until all are quiet at once.
        for (;;) {
          const busy = [...groups].filter((g) => g.members.size > 0 && !isQuiet(g));
          if (busy.length === 0) break;
          await Promise.all(busy.map((g) => quiet(g)));
        }
        closed = true;
        const members = [...groups].flatMap((g) => [...g.members]);
        await Promise.all(members.map((m) => closeMember(m)));
        for (const g of groups) {
          if (g.queue.length > 0)
            log.warn(
              { durable: g.durable, pattern: g.pattern, queued: g.queue.length },
              'bus: closing with events no subscription consumed',
            );
        }
        groups.clear();
        durables.clear();
        routesChanged();
      })();
      return closePromise;
    },
  };
}
