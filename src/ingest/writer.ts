// The group-commit writer: every accepted reading and every dead letter goes through here. Items
// queue up while one transaction runs; the next transaction takes them all (up to maxBatch), so
// the commit cost is shared. A submit() resolves only after its transaction committed — MQTT PUBACK
// and HTTP 2xx wait for it — and after the readings were handed to the bus.
//
// Faults: a lost database connection fails the transaction; the batch stays queued and is retried
// with back-off until the database is back (devices simply wait for their acknowledgement). A queue
// above maxQueued makes submit() wait: back-pressure, not unbounded memory.
import { createHash, randomUUID } from 'node:crypto';
import type { Bus, ReadingEvent, ReadingValue, DeviceStateEvent } from '../bus/types.ts';
import { subjects } from '../bus/types.ts';
import type { Logger } from '../kernel/index.ts';
import type { Db, Queryable } from '../storage/index.ts';
import type { TermMapper } from '../context/ngsi/terms.ts';
import type { StoredEntity, StoredInstance } from '../context/model.ts';
import type { EntityChange } from '../context/context.service.ts';
import { deadLetterRepository, type NewDeadLetter } from './dead-letters.ts';
import type { Reading, RejectReason } from './types.ts';

export interface WriterMetrics {
  stored(n: number): void;
  rejected(reason: RejectReason, n: number): void;
  batch(size: number, seconds: number): void;
  queue(n: number): void;
}

export interface WriterDeps {
  db: Db;
  log: Logger;
  terms: TermMapper;
  bus: Bus;
  /** Marks devices seen in the same transaction; returns those that came back online. */
  markSeen?: (
    q: Queryable,
    seen: { tenant: string; id: string; at: string }[],
  ) => Promise<{ tenant: string; id: string; entityId: string }[]>;
  metrics?: WriterMetrics;
  maxBatch?: number;
  maxQueued?: number;
  /** Longest back-off between retries of a failed transaction. */
  maxBackoffMs?: number;
}

type Item =
  | { kind: 'reading'; r: Reading; resolve: (stored: boolean) => void; reject: (e: Error) => void }
  | { kind: 'dead'; d: NewDeadLetter; resolve: (stored: boolean) => void; reject: (e: Error) => void };

/**
 * A statement the database refused because of the data (SQLSTATE classes 22 data exception,
 * 23 integrity, 42 syntax/undefined, 54 limits). Anything else — lost connections, timeouts, a
 * database shutting down, unknown failures — is treated as an outage: the batch is retried.
 */
function isDataError(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && /^(22|23|42|54)[0-9A-Z]{3}$/.test(code);
}

/** Whether a promise fulfils (true) or rejects (false), without throwing. */
const fulfilled = (p: Promise<unknown>): Promise<boolean> =>
  p.then(
    () => true,
    () => false,
  );

/** Identity of a device message within a tenant and entity (retransmissions share it). */
const msgKey = (tenant: string, entityId: string, msgId: string): string =>
  `${tenant}\0${entityId}\0${msgId}`;

export const msgIdOf = (tenant: string, deviceId: string, payload: Buffer): string =>
  createHash('sha1')
    .update(tenant)
    .update('\0')
    .update(deviceId)
    .update('\0')
    .update(payload)
    .digest('hex')
    .slice(0, 20);

const LOCATION = 'https://uri.etsi.org/ngsi-ld/location';

function instanceOf(v: ReadingValue, at: string): StoredInstance {
  if (typeof v.value === 'object')
    return { type: 'GeoProperty', value: v.value, observedAt: v.observedAt, createdAt: at, modifiedAt: at };
  const i: StoredInstance = {
    type: 'Property',
    value: v.value,
    observedAt: v.observedAt,
    createdAt: at,
    modifiedAt: at,
  };
  if (v.unitCode) i.unitCode = v.unitCode;
  return i;
}

export function createWriter(deps: WriterDeps) {
  const maxBatch = deps.maxBatch ?? 2000;
  const maxQueued = deps.maxQueued ?? 50_000;
  const maxBackoff = deps.maxBackoffMs ?? 5000;
  const log = deps.log.child({ module: 'ingest-writer' });
  const queue: Item[] = [];
  /** Readings queued or being written, by tenant, entity and message id (see submitReading). */
  const pendingByKey = new Map<string, Promise<boolean>>();
  const spaceWaiters: (() => void)[] = [];
  const iriCache = new Map<string, string>();
  let running: Promise<void> | undefined;
  let stopped = false;
  let backoff = 0;

  const iri = (term: string) => {
    let v = iriCache.get(term);
    if (v === undefined) {
      v = term === 'location' ? LOCATION : deps.terms.expandTerm(term);
      iriCache.set(term, v);
    }
    return v;
  };

  async function waitForSpace(): Promise<void> {
    while (queue.length >= maxQueued && !stopped) await new Promise<void>((r) => spaceWaiters.push(r));
  }

  function kick(): void {
    running ??= loop().finally(() => {
      running = undefined;
      if (queue.length && !stopped) kick();
    });
  }

  /**
   * The bus publication of the batch committed last, with the resolution of its items. The next
   * transaction runs while it is under way (their costs overlap); events still reach the bus in
   * commit order, and at most one publication is outstanding, so memory stays bounded.
   */
  let publishing: Promise<void> = Promise.resolve();

  function publishThenResolve(result: BatchResult, batch: Item[]): Promise<void> {
    return afterCommit(result).then(
      () => {
        for (const it of batch) it.resolve(it.kind === 'dead' || !result.duplicates.has(it.r));
      },
      (err: unknown) => {
        // only when the writer stopped: the items were stored but are not acknowledged
        for (const it of batch) it.reject(err as Error);
      },
    );
  }

  async function loop(): Promise<void> {
    try {
      await batches();
    } finally {
      await publishing;
    }
  }

  async function batches(): Promise<void> {
    while (queue.length) {
      // The embedded engine runs a whole transaction without yielding to I/O: one turn of the event
      // loop lets every connection's pending messages join this batch (group commit across devices).
      await new Promise<void>((r) => setImmediate(r));
      const batch = queue.slice(0, maxBatch);
      const t0 = performance.now();
      try {
        const result = await writeBatch(batch);
        queue.splice(0, batch.length);
        backoff = 0;
        deps.metrics?.batch(batch.length, (performance.now() - t0) / 1000);
        deps.metrics?.queue(queue.length);
        while (spaceWaiters.length && queue.length < maxQueued) spaceWaiters.shift()!();
        const previous = publishing;
        publishing = previous.then(() => publishThenResolve(result, batch));
        await previous;
      } catch (err) {
        if (!isDataError(err) && !stopped) {
          // The connection may have died during COMMIT: a retry must check for the first copy.
          const t = new Date().toISOString();
          for (const it of batch) if (it.kind === 'reading') it.r.dupBefore ??= t;
          backoff = Math.min(maxBackoff, backoff ? backoff * 2 : 100);
          log.warn(
            { err: (err as Error).message, retryInMs: backoff, queued: queue.length },
            'database unavailable; batch kept for retry',
          );
          await new Promise((r) => setTimeout(r, backoff));
          continue;
        }
        if (stopped) {
          for (const it of queue.splice(0)) it.reject(new Error('ingestion writer stopped'));
          return;
        }
        // A data error in one item must not block the others: write them one at a time.
        log.error({ err }, 'batch failed; writing items one by one');
        queue.splice(0, batch.length);
        await publishing; // events stay in commit order
        await oneByOne(batch);
      }
    }
  }

  async function oneByOne(batch: Item[]): Promise<void> {
    for (const [i, it] of batch.entries()) {
      try {
        const res = await writeBatch([it]);
        await afterCommit(res);
        it.resolve(it.kind === 'dead' || !res.duplicates.has(it.r));
      } catch (err) {
        if (!isDataError(err)) {
          // the database went away meanwhile: the rest goes back to the head of the queue
          queue.unshift(...batch.slice(i));
          return;
        }
        if (it.kind === 'dead') {
          it.reject(err as Error);
          continue;
        }
        const raw = {
          tenant: it.r.tenant,
          deviceId: it.r.deviceId,
          transport: it.r.transport === 'replay' ? ('mqtt' as const) : it.r.transport,
          topic: `dosi/${it.r.tenant}/${it.r.deviceId}/attrs`,
          payload: Buffer.from(JSON.stringify(it.r.values)),
          receivedAt: it.r.receivedAt,
        };
        try {
          await deps.db.tx((q) =>
            deadLetterRepository.insertMany(q, [
              { raw, reason: 'store_failed', detail: (err as Error).message },
            ]),
          );
          deps.metrics?.rejected('store_failed', 1);
          it.resolve(false);
        } catch (err2) {
          it.reject(err2 as Error);
        }
      }
    }
  }

  interface BatchResult {
    stored: Reading[];
    duplicates: Set<Reading>;
    changes: EntityChange[];
    online: { tenant: string; id: string; entityId: string }[];
    storedAt: string;
  }

  async function writeBatch(batch: Item[]): Promise<BatchResult> {
    const readings: Reading[] = [];
    const dead: NewDeadLetter[] = [];
    for (const it of batch) {
      if (it.kind === 'reading') readings.push(it.r);
      else dead.push(it.d);
    }
    return deps.db.tx(async (q) => {
      const nowRow = await q.query<{ now: Date | string }>('SELECT now() AS now');
      const storedAt = new Date(nowRow.rows[0]!.now).toISOString();
      const duplicates = await findDuplicates(q, readings);
      const fresh = readings.filter((r) => !duplicates.has(r));
      await insertInstances(q, fresh, storedAt);
      const changes = await upsertEntities(q, fresh, storedAt);
      let online: BatchResult['online'] = [];
      if (deps.markSeen && readings.length) {
        const seen = new Map<string, { tenant: string; id: string; at: string }>();
        for (const r of readings)
          seen.set(`${r.tenant}\0${r.deviceId}`, { tenant: r.tenant, id: r.deviceId, at: r.receivedAt });
        online = await deps.markSeen(q, [...seen.values()]);
      }
      await deadLetterRepository.insertMany(q, dead);
      return { stored: fresh, duplicates, changes, online, storedAt };
    });
  }

  /** Possible retransmissions whose msgId was stored before their dupBefore instant (or earlier in this batch). */
  async function findDuplicates(q: Queryable, readings: Reading[]): Promise<Set<Reading>> {
    const dups = new Set<Reading>();
    const seen = new Set<string>();
    const check: Reading[] = [];
    for (const r of readings) {
      if (r.dupBefore === null) continue;
      const key = msgKey(r.tenant, r.entityId, r.msgId);
      if (seen.has(key)) dups.add(r);
      else {
        seen.add(key);
        check.push(r);
      }
    }
    if (check.length === 0) return dups;
    const res = await q.query<{ tenant: string; entity_id: string; msg_id: string }>(
      `SELECT DISTINCT t.tenant, t.entity_id, t.msg_id
         FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[]) AS u(tn, e, m, b)
         JOIN temporal_instances t ON t.tenant = u.tn AND t.entity_id = u.e AND t.msg_id = u.m
          AND t.created_at < u.b AND t.created_at > u.b - interval '7 days'`,
      [
        check.map((r) => r.tenant),
        check.map((r) => r.entityId),
        check.map((r) => r.msgId),
        check.map((r) => r.dupBefore),
      ],
    );
    const found = new Set(res.rows.map((x) => msgKey(x.tenant, x.entity_id, x.msg_id)));
    for (const r of check) if (found.has(msgKey(r.tenant, r.entityId, r.msgId))) dups.add(r);
    return dups;
  }

  async function insertInstances(q: Queryable, readings: Reading[], at: string): Promise<void> {
    if (readings.length === 0) return;
    const tenant: string[] = [];
    const entity: string[] = [];
    const type: string[] = [];
    const attr: string[] = [];
    const observed: string[] = [];
    const body: string[] = [];
    const personal: boolean[] = [];
    const msg: string[] = [];
    const num: (number | null)[] = [];
    for (const r of readings) {
      const typeIri = iri(r.entityType);
      const p = r.personal;
      for (const v of r.values) {
        tenant.push(r.tenant);
        entity.push(r.entityId);
        type.push(typeIri);
        attr.push(iri(v.attr));
        observed.push(v.observedAt);
        body.push(JSON.stringify(instanceOf(v, at)));
        personal.push(p);
        msg.push(r.msgId);
        num.push(
          typeof v.value === 'number' ? v.value : typeof v.value === 'boolean' ? (v.value ? 1 : 0) : null,
        );
      }
    }
    await q.query(
      `INSERT INTO temporal_instances (tenant, entity_id, entity_types, attr, observed_at, created_at, modified_at, instance, personal, msg_id, num)
       SELECT tn, e, ARRAY[ty], a, o, $10, $10, b::jsonb, p, m, n
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::text[], $7::boolean[], $8::text[], $9::float8[])
         AS u(tn, e, ty, a, o, b, p, m, n)`,
      [tenant, entity, type, attr, observed, body, personal, msg, num, at],
    );
  }

  /** Latest values into the entity rows: one upsert per entity (the newest observedAt wins). */
  async function upsertEntities(q: Queryable, readings: Reading[], at: string): Promise<EntityChange[]> {
    if (readings.length === 0) return [];
    const per = new Map<
      string,
      {
        tenant: string;
        id: string;
        type: string;
        attrs: Record<string, StoredInstance[]>;
        loc: [number, number] | null;
      }
    >();
    for (const r of readings) {
      const key = `${r.tenant}\0${r.entityId}`;
      let e = per.get(key);
      if (!e)
        per.set(
          key,
          (e = { tenant: r.tenant, id: r.entityId, type: iri(r.entityType), attrs: {}, loc: null }),
        );
      for (const v of r.values) {
        const name = iri(v.attr);
        const prev = e.attrs[name]?.[0];
        if (prev?.observedAt && prev.observedAt > v.observedAt) continue;
        e.attrs[name] = [instanceOf(v, at)];
        if (name === LOCATION && typeof v.value === 'object') e.loc = v.value.coordinates;
      }
    }
    const rows = [...per.values()];
    const res = await q.query<{
      tenant: string;
      id: string;
      types: string[];
      scope: string[] | null;
      attrs: StoredEntity['attrs'];
      created_at: Date | string;
      modified_at: Date | string;
      before: StoredEntity['attrs'] | null;
      inserted: boolean;
    }>(
      `WITH u AS (
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::float8[], $6::float8[]) AS u(tn, id, ty, patch, x, y)
       ), old AS (
         SELECT e.tenant, e.id, (SELECT jsonb_object_agg(k, e.attrs -> k) FROM jsonb_object_keys(u.patch::jsonb) k WHERE e.attrs ? k) AS before
           FROM entities e JOIN u ON e.tenant = u.tn AND e.id = u.id
       ), up AS (
         INSERT INTO entities AS e (tenant, id, types, attrs, created_at, modified_at, loc, loc_point)
         SELECT tn, id, ARRAY[ty], patch::jsonb, $7, $7,
                CASE WHEN x IS NULL THEN NULL ELSE box(point(x, y), point(x, y)) END, x IS NOT NULL
           FROM u
         ON CONFLICT (tenant, id) DO UPDATE SET
           attrs = e.attrs || (SELECT coalesce(jsonb_object_agg(k, v), '{}'::jsonb) FROM jsonb_each(excluded.attrs) AS n(k, v)
                               WHERE NOT coalesce((e.attrs -> k -> 0 ->> 'observedAt') > (v -> 0 ->> 'observedAt'), false)),
           modified_at = excluded.modified_at,
           loc = coalesce(excluded.loc, e.loc),
           loc_point = CASE WHEN excluded.loc IS NULL THEN e.loc_point ELSE true END
         RETURNING e.tenant, e.id, e.types, e.scope, e.attrs, e.created_at, e.modified_at, (xmax = 0) AS inserted
       )
       SELECT up.*, old.before FROM up LEFT JOIN old ON old.tenant = up.tenant AND old.id = up.id`,
      [
        rows.map((r) => r.tenant),
        rows.map((r) => r.id),
        rows.map((r) => r.type),
        rows.map((r) => JSON.stringify(r.attrs)),
        rows.map((r) => r.loc?.[0] ?? null),
        rows.map((r) => r.loc?.[1] ?? null),
        at,
      ],
    );
    const written = new Map(rows.map((r) => [`${r.tenant}\0${r.id}`, Object.keys(r.attrs)]));
    return res.rows.map((row) => {
      const after: StoredEntity = {
        id: row.id,
        types: row.types,
        attrs: row.attrs,
        createdAt: new Date(row.created_at).toISOString(),
        modifiedAt: new Date(row.modified_at).toISOString(),
      };
      if (row.scope?.length) after.scope = row.scope;
      const attrs = written.get(`${row.tenant}\0${row.id}`) ?? [];
      let before: StoredEntity | undefined;
      if (!row.inserted) {
        const b = { ...row.attrs };
        for (const a of attrs) delete b[a];
        Object.assign(b, row.before ?? {});
        before = { ...after, attrs: b };
      }
      return {
        tenant: row.tenant,
        kind: row.inserted ? 'create' : 'update',
        before,
        after,
        attrs,
        at,
      } satisfies EntityChange;
    });
  }

  async function afterCommit(res: BatchResult): Promise<void> {
    deps.metrics?.stored(res.stored.length);
    const events: { subject: string; data: unknown; id: string }[] = [];
    for (const r of res.stored) {
      const ev: ReadingEvent = {
        tenant: r.tenant,
        deviceId: r.deviceId,
        entityId: r.entityId,
        entityType: r.entityType,
        values: r.values,
        receivedAt: r.receivedAt,
        storedAt: res.storedAt,
        transport: r.transport,
      };
      events.push({
        subject: subjects.reading(r.tenant, r.entityType),
        data: ev,
        id: `r:${r.tenant}:${r.deviceId}:${r.msgId}`,
      });
    }
    for (const o of res.online) {
      const ev: DeviceStateEvent = {
        tenant: o.tenant,
        deviceId: o.id,
        entityId: o.entityId,
        state: 'online',
        lastSeenAt: res.storedAt,
        at: res.storedAt,
      };
      events.push({
        subject: subjects.device(o.tenant, 'online'),
        data: ev,
        id: `d:${o.tenant}:${o.id}:online:${res.storedAt}`,
      });
    }
    for (const c of res.changes)
      events.push({
        subject: subjects.entity(c.tenant, c.kind),
        data: c,
        id: `e:${c.tenant}:${c.after?.id ?? ''}:${res.storedAt}:${randomUUID()}`,
      });
    // Retried until the bus takes them: an acknowledged reading must be visible on the bus.
    for (let attempt = 0; events.length; attempt++) {
      try {
        await deps.bus.publishMany(events);
        return;
      } catch (err) {
        if (stopped) throw err;
        log.warn({ err: (err as Error).message, attempt }, 'bus publish failed; retrying');
        await new Promise((r) => setTimeout(r, Math.min(maxBackoff, 100 * 2 ** attempt)));
      }
    }
  }

  return {
    /** Resolves true once stored (false: a retransmission already stored, or a store failure dead-lettered). */
    async submitReading(r: Reading): Promise<boolean> {
      const key = msgKey(r.tenant, r.entityId, r.msgId);
      // A possible retransmission whose original is still queued or being written: the database cannot
      // show the original yet, so the copy waits for it and is a duplicate once the original is stored.
      const original = r.dupBefore !== null ? pendingByKey.get(key) : undefined;
      const p = (async () => {
        if (original && (await fulfilled(original))) return false;
        await waitForSpace();
        return new Promise<boolean>((resolve, reject) => {
          queue.push({ kind: 'reading', r, resolve, reject });
          kick();
        });
      })();
      // registered at once, so a copy submitted in the same turn already finds it
      pendingByKey.set(key, p);
      const forget = () => {
        if (pendingByKey.get(key) === p) pendingByKey.delete(key);
      };
      p.then(forget, forget);
      return p;
    },
    async submitDeadLetter(d: NewDeadLetter): Promise<void> {
      deps.metrics?.rejected(d.reason, 1);
      await waitForSpace();
      await new Promise<boolean>((resolve, reject) => {
        queue.push({ kind: 'dead', d, resolve, reject });
        kick();
      });
    },
    get queued(): number {
      return queue.length;
    },
    /** Finishes what is queued (waiting up to graceMs for the database), then refuses new work. */
    async stop(graceMs = 10_000): Promise<void> {
      if (running) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([running, new Promise((r) => (timer = setTimeout(r, graceMs)))]);
        clearTimeout(timer);
      }
      stopped = true;
      for (const w of spaceWaiters.splice(0)) w();
      if (running) await running;
      for (const it of queue.splice(0)) it.reject(new Error('ingestion writer stopped'));
    },
  };
}

export type Writer = ReturnType<typeof createWriter>;
