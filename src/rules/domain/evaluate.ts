// Incremental evaluation of a rule for one entity:
//   (rule, state of rule × entity, observation, now) → (new state, effects raise | clear)
// No history is read; the state carries what time-based conditions need, and `dueAt` tells the
// engine when a timer tick must come back (threshold durations, inactivity windows, all/any windows).
import { evaluateLeaf, leafDue } from './leaves.ts';
import type {
  Condition,
  Effect,
  LeafCondition,
  Evaluation,
  LeafState,
  Observation,
  Rule,
  RuleState,
} from './types.ts';

interface Walk {
  obs: Observation;
  now: number;
  leaves: Record<string, LeafState>;
  due: number[];
}

const nowIso = (ms: number) => new Date(ms).toISOString();

/** Evaluates a condition tree; returns whether it is true now (with its value/detail) and fills walk. */
function walk(c: Condition, path: string, w: Walk): { on: boolean; detail?: Record<string, unknown> } {
  const prev: LeafState = w.leaves[path] ?? { active: false };
  if (c.type === 'all' || c.type === 'any') {
    const within = (c.withinSec ?? 0) * 1000;
    const results = c.conditions.map((m, i) => {
      const r = walk(m, `${path}.${i}`, w);
      const ls = w.leaves[`${path}.${i}`];
      if (r.on) return r;
      // A member that was true within the window still counts.
      const last = ls?.lastTrueAt ? Date.parse(ls.lastTrueAt) : undefined;
      if (within > 0 && last !== undefined && w.now - last <= within) {
        w.due.push(last + within + 1);
        return { on: true, detail: r.detail };
      }
      return r;
    });
    const on = c.type === 'all' ? results.every((r) => r.on) : results.some((r) => r.on);
    const details = results.filter((r) => r.on && r.detail).map((r) => r.detail);
    w.leaves[path] = on ? { active: true, lastTrueAt: nowIso(w.now) } : { active: false, ...lastTrue(prev) };
    return { on, detail: { type: c.type, members: details } };
  }
  const leaf = c as LeafCondition;
  const next = evaluateLeaf(leaf, prev, w.obs, w.now);
  const stamped: LeafState = next.active
    ? { ...next, lastTrueAt: nowIso(w.now) }
    : { ...next, ...lastTrue(prev) };
  if (!next.active && prev.active) stamped.lastTrueAt = nowIso(w.now);
  w.leaves[path] = stamped;
  const due = leafDue(leaf, next);
  if (due !== undefined) w.due.push(due);
  return {
    on: next.active,
    detail: { type: c.type, ...('attr' in c && c.attr ? { attr: c.attr } : {}), value: next.value ?? null },
  };
}

function lastTrue(s: LeafState): Partial<LeafState> {
  return s.lastTrueAt ? { lastTrueAt: s.lastTrueAt } : {};
}

/** The attribute key used to ignore repeated or out-of-order observations. */
function orderKey(obs: Observation): string | undefined {
  if (obs.kind === 'value') return obs.attr;
  if (obs.kind === 'device') return '@device';
  return undefined;
}

/**
 * Evaluates one observation (or a tick) against the state of rule × entity. `entityId` names the
 * entity for ticks; value and device observations carry their own.
 */
export function evaluate(
  rule: Rule,
  state: RuleState,
  obs: Observation,
  now: Date,
  entityId?: string,
): Evaluation {
  const key = orderKey(obs);
  if (key !== undefined && obs.kind !== 'tick') {
    const last = state.lastAt[key];
    if (last !== undefined && Date.parse(obs.at) <= Date.parse(last)) return { state, effects: [] };
  }
  const nowMs = now.getTime();
  const w: Walk = { obs, now: nowMs, leaves: { ...state.leaves }, due: [] };
  const r = walk(rule.condition, 'c', w);
  const lastAt = key !== undefined && obs.kind !== 'tick' ? { ...state.lastAt, [key]: obs.at } : state.lastAt;
  const future = w.due.filter((d) => Number.isFinite(d));
  const next: RuleState = {
    active: r.on,
    leaves: w.leaves,
    lastAt,
    ...(r.on ? { since: state.active && state.since ? state.since : nowIso(nowMs) } : {}),
    ...(future.length ? { dueAt: nowIso(Math.min(...future)) } : {}),
  };
  const effects: Effect[] = [];
  const id = obs.kind === 'tick' ? entityId : obs.entityId;
  if (r.on !== state.active && id !== undefined) {
    effects.push({
      kind: r.on ? 'raise' : 'clear',
      ruleId: rule.id,
      entityId: id,
      at: nowIso(nowMs),
      detail: r.detail ?? {},
    });
  }
  return { state: next, effects };
}

/** A timer tick for the stored state of rule × entity. */
export function tick(rule: Rule, entityId: string, state: RuleState, now: Date): Evaluation {
  return evaluate(rule, state, { kind: 'tick', at: now.toISOString() }, now, entityId);
}
