// Dry-run: replays stored history through a rule (saved or posted) and reports when it would have
// raised and cleared, per entity. The same pure evaluation as the live engine; timer ticks are
// simulated at each state's due time, so durations and inactivity windows fire as they would have.
// Device online/offline is not in the history, so deviceOffline conditions never fire here.
import { DosiError, E } from '../kernel/index.ts';
import type { TermMapper } from '../context/index.ts';
import type { Queryable } from '../storage/index.ts';
import { evaluate } from './domain/evaluate.ts';
import { attributesOf, matchesTarget } from './domain/target.ts';
import { emptyState, type Condition, type Effect, type Rule, type RuleState } from './domain/types.ts';
import { readHistory } from './store/history.repository.ts';

export const DRY_RUN_MAX_DAYS = 92;
export const DRY_RUN_MAX_ROWS = 200_000;

export interface DryRunResult {
  ruleId: string | null;
  version: number | null;
  from: string;
  to: string;
  observations: number;
  entities: number;
  /** True when the history had more rows than DRY_RUN_MAX_ROWS (the replay stops there). */
  truncated: boolean;
  events: Effect[];
}

function withoutDue(s: RuleState): RuleState {
  const { dueAt: _d, ...rest } = s;
  return rest;
}

function anyAttr(c: Condition): boolean {
  if (c.type === 'all' || c.type === 'any') return c.conditions.some(anyAttr);
  return c.type === 'inactivity' && c.attr === undefined;
}

export function checkRange(from: string, to: string): { from: string; to: string } {
  const f = Date.parse(from);
  const t = Date.parse(to);
  if (Number.isNaN(f) || Number.isNaN(t))
    throw new DosiError(E.RULE_DRY_RUN_RANGE, { detail: 'from and to must be ISO 8601 date-times' });
  if (t <= f) throw new DosiError(E.RULE_DRY_RUN_RANGE, { detail: 'to must be after from' });
  if (t - f > DRY_RUN_MAX_DAYS * 86_400_000)
    throw new DosiError(E.RULE_DRY_RUN_RANGE, { detail: `at most ${DRY_RUN_MAX_DAYS} days at a time` });
  return { from: new Date(f).toISOString(), to: new Date(t).toISOString() };
}

export async function dryRun(
  q: Queryable,
  terms: TermMapper,
  rule: Rule,
  range: { from: string; to: string },
  saved: boolean,
): Promise<DryRunResult> {
  const { from, to } = checkRange(range.from, range.to);
  const attrs = anyAttr(rule.condition)
    ? undefined
    : attributesOf(rule.condition).map((a) => terms.expandTerm(a));
  const rows =
    attrs && attrs.length === 0
      ? []
      : await readHistory(q, {
          tenant: rule.tenant,
          from,
          to,
          attrs,
          entityIds: rule.target.entityIds,
          entityType:
            rule.target.entityType !== undefined ? terms.expandTerm(rule.target.entityType) : undefined,
          limit: DRY_RUN_MAX_ROWS + 1,
        });
  const truncated = rows.length > DRY_RUN_MAX_ROWS;
  const states = new Map<string, RuleState>();
  const events: Effect[] = [];

  /** Ticks every state whose due time comes before `until`, in time order. */
  const catchUp = (until: number) => {
    for (let guard = 0; guard < 100_000; guard++) {
      let next: [string, number] | undefined;
      for (const [id, s] of states) {
        const d = s.dueAt ? Date.parse(s.dueAt) : Infinity;
        if (d <= until && (!next || d < next[1])) next = [id, d];
      }
      if (!next) return;
      const [id, d] = next;
      const at = new Date(d);
      const res = evaluate(rule, states.get(id)!, { kind: 'tick', at: at.toISOString() }, at, id);
      // A due time that does not move would loop: drop it.
      states.set(id, res.state.dueAt === states.get(id)!.dueAt ? withoutDue(res.state) : res.state);
      events.push(...res.effects);
    }
  };

  for (const r of rows.slice(0, DRY_RUN_MAX_ROWS)) {
    const entityType = r.entityTypes[0] !== undefined ? terms.compactIri(r.entityTypes[0]) : '';
    if (!matchesTarget(rule.target, r.entityId, entityType)) continue;
    const t = Date.parse(r.at);
    catchUp(t);
    const value = r.instance.type === 'Relationship' ? r.instance.object : r.instance.value;
    const obs = {
      kind: 'value' as const,
      entityId: r.entityId,
      entityType,
      attr: terms.compactIri(r.attr),
      value,
      at: r.at,
    };
    const res = evaluate(rule, states.get(r.entityId) ?? emptyState(), obs, new Date(t));
    states.set(r.entityId, res.state);
    events.push(...res.effects);
  }
  catchUp(Date.parse(to) - 1);
  return {
    ruleId: saved ? rule.id : null,
    version: saved ? rule.version : null,
    from,
    to,
    observations: Math.min(rows.length, DRY_RUN_MAX_ROWS),
    entities: states.size,
    truncated,
    events,
  };
}
