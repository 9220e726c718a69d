// SQL of the evaluation state per rule × entity. Rows are locked while an observation is applied,
// so processes sharing a durable consumer never evaluate one rule × entity at the same time.
import type { Queryable } from '../../storage/index.ts';
import type { RuleState } from '../domain/types.ts';

export interface StoredState {
  ruleId: string;
  entityId: string;
  entityType: string | null;
  state: RuleState;
}

export async function lockState(
  q: Queryable,
  tenant: string,
  ruleId: string,
  entityId: string,
): Promise<RuleState | undefined> {
  // The row is created first so that two first observations of one entity (a reading and its entity
  // change, heard by different consumers) queue on the same lock instead of both starting empty.
  await q.query(
    `INSERT INTO rule_states (tenant, rule_id, entity_id, state, updated_at)
     VALUES ($1, $2, $3, '{"active": false, "leaves": {}, "lastAt": {}}', now()) ON CONFLICT DO NOTHING`,
    [tenant, ruleId, entityId],
  );
  const r = await q.query<{ state: RuleState }>(
    'SELECT state FROM rule_states WHERE tenant = $1 AND rule_id = $2 AND entity_id = $3 FOR UPDATE',
    [tenant, ruleId, entityId],
  );
  return r.rows[0]?.state;
}

export async function saveState(
  q: Queryable,
  tenant: string,
  ruleId: string,
  entityId: string,
  entityType: string | null,
  state: RuleState,
  at: string,
): Promise<void> {
  await q.query(
    `INSERT INTO rule_states (tenant, rule_id, entity_id, entity_type, state, due_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (tenant, rule_id, entity_id) DO UPDATE SET state = EXCLUDED.state, due_at = EXCLUDED.due_at,
       updated_at = EXCLUDED.updated_at, entity_type = COALESCE(EXCLUDED.entity_type, rule_states.entity_type)`,
    [tenant, ruleId, entityId, entityType, JSON.stringify(state), state.dueAt ?? null, at],
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
  await q.query('DELETE FROM rule_states WHERE tenant = $1 AND rule_id = $2', [tenant, ruleId]);
}
