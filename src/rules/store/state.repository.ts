// SQL of the evaluation state per rule × entity. Rows are locked while a batch of observations is
// applied, so processes sharing a durable consumer never evaluate one rule × entity at the same time.
import type { Queryable } from '../../storage/index.ts';
import type { RuleState } from '../domain/types.ts';

export interface StoredState {
  ruleId: string;
  entityId: string;
  entityType: string | null;
  state: RuleState;
}

export interface StateKey {
  tenant: string;
  ruleId: string;
  entityId: string;
}

const EMPTY_STATE = '{"active": false, "leaves": {}, "lastAt": {}}';

type StateRow = { tenant: string; rule_id: string; entity_id: string; state: RuleState };

const columns = (keys: readonly StateKey[]) => [
  keys.map((k) => k.tenant),
  keys.map((k) => k.ruleId),
  keys.map((k) => k.entityId),
];

/** Locks the existing states among `keys`, in key order. */
async function lockExisting(q: Queryable, keys: readonly StateKey[]): Promise<StateRow[]> {
  const r = await q.query<StateRow>(
    `SELECT s.tenant, s.rule_id, s.entity_id, s.state FROM rule_states s
     JOIN unnest($1::text[], $2::text[], $3::text[]) AS k (t, r, e)
       ON s.tenant = k.t AND s.rule_id = k.r AND s.entity_id = k.e
     ORDER BY s.tenant, s.rule_id, s.entity_id FOR UPDATE OF s`,
    columns(keys),
  );
  return r.rows;
}

/**
 * Locks the states of many rule × entity pairs in one transaction and returns them by key
 * (`tenant \0 rule \0 entity`). Existing rows are locked in key order; missing ones are created
 * (empty, in key order) and so locked by this transaction, and a row another transaction created
 * meanwhile is locked after it committed. Rows exist before evaluation so that two first observations
 * of one entity (a reading and its entity change, heard by different consumers) queue on one lock.
 */
export async function lockStates(q: Queryable, keys: readonly StateKey[]): Promise<Map<string, RuleState>> {
  const out = new Map<string, RuleState>();
  const put = (rows: StateRow[]) => {
    for (const x of rows) out.set(stateKey(x.tenant, x.rule_id, x.entity_id), x.state);
  };
  put(await lockExisting(q, keys));
  const missing = keys.filter((k) => !out.has(stateKey(k.tenant, k.ruleId, k.entityId)));
  if (missing.length === 0) return out;
  const ins = await q.query<StateRow>(
    `INSERT INTO rule_states (tenant, rule_id, entity_id, state, updated_at)
     SELECT k.t, k.r, k.e, '${EMPTY_STATE}', now()
     FROM unnest($1::text[], $2::text[], $3::text[]) AS k (t, r, e) ORDER BY k.t, k.r, k.e
     ON CONFLICT DO NOTHING RETURNING tenant, rule_id, entity_id, state`,
    columns(missing),
  );
  put(ins.rows);
  const raced = missing.filter((k) => !out.has(stateKey(k.tenant, k.ruleId, k.entityId)));
  if (raced.length > 0) put(await lockExisting(q, raced));
  return out;
}

export const stateKey = (tenant: string, ruleId: string, entityId: string) =>
  `${tenant}\u0000${ruleId}\u0000${entityId}`;

/** Writes many states in one statement (the rows exist and are locked by lockStates in this transaction). */
export async function saveStates(
  q: Queryable,
  rows: readonly (StateKey & { entityType: string | null; state: RuleState })[],
  at: string,
): Promise<void> {
  if (rows.length === 0) return;
  await q.query(
    `INSERT INTO rule_states (tenant, rule_id, entity_id, entity_type, state, due_at, updated_at)
     SELECT k.t, k.r, k.e, k.ty, k.s, k.d, $7
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::jsonb[], $6::timestamptz[])
       AS k (t, r, e, ty, s, d)
     ON CONFLICT (tenant, rule_id, entity_id) DO UPDATE SET state = EXCLUDED.state, due_at = EXCLUDED.due_at,
       updated_at = EXCLUDED.updated_at, entity_type = COALESCE(EXCLUDED.entity_type, rule_states.entity_type)`,
    [
      rows.map((x) => x.tenant),
      rows.map((x) => x.ruleId),
      rows.map((x) => x.entityId),
      rows.map((x) => x.entityType),
      rows.map((x) => JSON.stringify(x.state)),
      rows.map((x) => x.state.dueAt ?? null),
      at,
    ],
  );
}

/** States of enabled rules whose timer is due, oldest first, across tenants. */
export async function dueStates(
  q: Queryable,
  now: string,
  limit: number,
): Promise<{ tenant: string; ruleId: string; entityId: string }[]> {
  const r = await q.query<{ tenant: string; rule_id: string; entity_id: string }>(
    // Only states of enabled rules: those of disabled rules wait (they are reset when re-enabled) and
    // must not fill the batch.
    `SELECT s.tenant, s.rule_id, s.entity_id FROM rule_states s
     JOIN rules r ON r.tenant = s.tenant AND r.id = s.rule_id AND r.enabled AND NOT r.deleted
     WHERE s.due_at <= $1 ORDER BY s.due_at LIMIT $2`,
    [now, limit],
  );
  return r.rows.map((x) => ({ tenant: x.tenant, ruleId: x.rule_id, entityId: x.entity_id }));
}

export async function deleteStates(q: Queryable, tenant: string, ruleId: string): Promise<void> {
  // Locked in key order first, as the engine locks them, so a save never deadlocks with a batch.
  await q.query(
    `DELETE FROM rule_states WHERE (tenant, rule_id, entity_id) IN (
       SELECT tenant, rule_id, entity_id FROM rule_states WHERE tenant = $1 AND rule_id = $2
       ORDER BY tenant, rule_id, entity_id FOR UPDATE)`,
    [tenant, ruleId],
  );
}
