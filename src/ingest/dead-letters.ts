// The dead-letter store: refused messages with their reason, listed, inspected and replayed by
// operators. Rows are written by the ingestion writer in the same transaction as readings.
import type { Queryable } from '../storage/index.ts';
import type { DeadLetter, RawMessage, RejectReason } from './types.ts';

export interface NewDeadLetter {
  raw: RawMessage;
  reason: RejectReason;
  detail: string;
}

interface Row {
  id: string;
  tenant: string | null;
  device_id: string | null;
  transport: DeadLetter['transport'];
  topic: string;
  reason: RejectReason;
  detail: string;
  payload: Buffer;
  received_at: Date | string;
  replayed_at: Date | string | null;
  replay_result: string | null;
}

const iso = (v: Date | string): string => (v instanceof Date ? v : new Date(v)).toISOString();
const utf8 = new TextDecoder('utf-8', { fatal: true });

function fromRow(r: Row): DeadLetter {
  let text: string | null;
  try {
    text = utf8.decode(r.payload);
  } catch {
    text = null;
  }
  return {
    id: String(r.id),
    tenant: r.tenant,
    deviceId: r.device_id,
    transport: r.transport,
    topic: r.topic,
    reason: r.reason,
    detail: r.detail,
    payloadText: text,
    payloadBase64: r.payload.toString('base64'),
    receivedAt: iso(r.received_at),
    replayedAt: r.replayed_at === null ? null : iso(r.replayed_at),
    replayResult: r.replay_result,
  };
}

const COLUMNS =
  'id, tenant, device_id, transport, topic, reason, detail, payload, received_at, replayed_at, replay_result';

export interface DeadLetterFilter {
  /** null = letters whose tenant is unknown (platform administrators only). */
  tenant: string | null;
  reason?: RejectReason | undefined;
  deviceId?: string | undefined;
  /** Only ids below this (paging newest first). */
  before?: string | undefined;
  limit: number;
}

export const deadLetterRepository = {
  /** One multi-row INSERT for a batch. */
  async insertMany(q: Queryable, letters: readonly NewDeadLetter[]): Promise<void> {
    if (letters.length === 0) return;
    const cols: unknown[][] = [[], [], [], [], [], [], [], []];
    // text columns cannot hold U+0000; the payload (bytea) keeps every byte as it came
    const clean = (s: string | null) => (s === null ? null : s.replaceAll('\u0000', '\\u0000'));
    for (const l of letters) {
      cols[0]!.push(clean(l.raw.tenant));
      cols[1]!.push(clean(l.raw.deviceId));
      cols[2]!.push(l.raw.transport);
      cols[3]!.push(clean(l.raw.topic));
      cols[4]!.push(l.reason);
      cols[5]!.push(clean(l.detail.slice(0, 2000)));
      cols[6]!.push(`\\x${l.raw.payload.toString('hex')}`);
      cols[7]!.push(l.raw.receivedAt);
    }
    await q.query(
      `INSERT INTO dead_letters (tenant, device_id, transport, topic, reason, detail, payload, received_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bytea[], $8::timestamptz[])`,
      cols,
    );
  },

  async list(q: Queryable, f: DeadLetterFilter): Promise<DeadLetter[]> {
    const params: unknown[] = [];
    const add = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    const where = [f.tenant === null ? 'tenant IS NULL' : `tenant = ${add(f.tenant)}`];
    if (f.reason) where.push(`reason = ${add(f.reason)}`);
    if (f.deviceId) where.push(`device_id = ${add(f.deviceId)}`);
    if (f.before) where.push(`id < ${add(f.before)}::bigint`);
    const r = await q.query<Row>(
      `SELECT ${COLUMNS} FROM dead_letters WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT ${add(f.limit)}`,
      params,
    );
    return r.rows.map(fromRow);
  },

  async get(q: Queryable, tenant: string | null, id: string): Promise<DeadLetter | undefined> {
    if (!/^\d{1,18}$/.test(id)) return undefined;
    const r = await q.query<Row>(
      `SELECT ${COLUMNS} FROM dead_letters WHERE id = $1::bigint AND tenant IS NOT DISTINCT FROM $2`,
      [id, tenant],
    );
    return r.rows[0] ? fromRow(r.rows[0]) : undefined;
  },

  /** The raw message of a letter, as it arrived (for replay). */
  async raw(q: Queryable, tenant: string | null, id: string): Promise<RawMessage | undefined> {
    const l = await deadLetterRepository.get(q, tenant, id);
    if (!l) return undefined;
    return {
      tenant: l.tenant,
      deviceId: l.deviceId,
      transport: l.transport,
      topic: l.topic,
      payload: Buffer.from(l.payloadBase64, 'base64'),
      receivedAt: l.receivedAt,
    };
  },

  async markReplayed(q: Queryable, id: string, at: string, result: string): Promise<void> {
    await q.query('UPDATE dead_letters SET replayed_at = $2, replay_result = $3 WHERE id = $1::bigint', [
      id,
      at,
      result.slice(0, 2000),
    ]);
  },

  async countByReason(q: Queryable, tenant: string | null): Promise<Record<string, number>> {
    const r = await q.query<{ reason: string; n: string }>(
      'SELECT reason, count(*) AS n FROM dead_letters WHERE tenant IS NOT DISTINCT FROM $1 GROUP BY reason',
      [tenant],
    );
    return Object.fromEntries(r.rows.map((x) => [x.reason, Number(x.n)]));
  },
};
