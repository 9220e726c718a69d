// The rules engine: applies observations and timer ticks to the rules of a tenant. For each rule ×
// entity, one transaction locks its state, evaluates (pure), saves the new state and applies the
// effects to alarms; events are published after commit. A rule that throws is disabled and raises
// a "rule-failure" alarm; every other rule keeps running.
import type { Clock, Logger } from '../kernel/index.ts';
import type { Db, Queryable } from '../storage/index.ts';
import type { AlarmService } from './alarms/alarm.service.ts';
import type { OutEvent } from './alarms/alarm-events.ts';
import { evaluate as pureEvaluate } from './domain/evaluate.ts';
import { attributesOf, matchesTarget } from './domain/target.ts';
import {
  emptyState,
  type Condition,
  type Evaluation,
  type Observation,
  type Rule,
  type RuleState,
} from './domain/types.ts';
import type { RuleService } from './rules.service.ts';
import { dueStates, lockState, saveState } from './store/state.repository.ts';

export interface RuleEngineDeps {
  db: Db;
  clock: Clock;
  log: Logger;
  rules: RuleService;
  alarms: AlarmService;
  publish: (events: OutEvent[]) => Promise<void>;
  /** The evaluation function (tests replace it to make a rule fail). */
  evaluate?: typeof pureEvaluate;
}

export type EntityObservation = Exclude<Observation, { kind: 'tick' }>;

function uses(c: Condition, pred: (leaf: Condition) => boolean): boolean {
  if (c.type === 'all' || c.type === 'any') return c.conditions.some((m) => uses(m, pred));
  return pred(c);
}

/** Whether an observation can change the rule at all (spares a state row per unrelated reading). */
export function relevant(rule: Rule, obs: EntityObservation): boolean {
  if (obs.kind === 'device') return uses(rule.condition, (c) => c.type === 'deviceOffline');
  if (obs.kind === 'seen') return uses(rule.condition, (c) => c.type === 'inactivity');
  if (uses(rule.condition, (c) => c.type === 'inactivity' && c.attr === undefined)) return true;
  return attributesOf(rule.condition).includes(obs.attr);
}

export type RuleEngine = ReturnType<typeof createRuleEngine>;

export function createRuleEngine(deps: RuleEngineDeps) {
  const evaluate = deps.evaluate ?? pureEvaluate;

  async function effectsIn(
    q: Queryable,
    rule: Rule,
    entityType: string | null,
    res: Evaluation,
  ): Promise<OutEvent[]> {
    const out: OutEvent[] = [];
    for (const e of res.effects) {
      if (e.kind === 'clear') {
        const ev = await deps.alarms.clearIn(q, rule.tenant, rule.id, e.entityId, e.at);
        if (ev) out.push(ev);
        continue;
      }
      out.push(
        await deps.alarms.raiseIn(q, {
          tenant: rule.tenant,
          ruleId: rule.id,
          ruleVersion: rule.version,
          entityId: e.entityId,
          entityType,
          severity: rule.severity,
          category: rule.category,
          subCategory: rule.subCategory,
          title: rule.name,
          escalateAfterMin: rule.escalateAfterMin,
          at: e.at,
          detail: e.detail,
        }),
      );
    }
    return out;
  }

  async function fail(rule: Rule, entityId: string, err: unknown): Promise<void> {
    const reason =
      `evaluation failed for ${entityId}: ${err instanceof Error ? err.message : String(err)}`.slice(0, 500);
    deps.log.error({ err, rule: rule.id, tenant: rule.tenant }, 'rule failed; disabled');
    const at = deps.clock.now().toISOString();
    const events = await deps.db.tx(async (q) => {
      const disabled = await deps.rules.disableIn(q, rule, reason);
      if (!disabled) return [];
      return [
        await deps.alarms.raiseIn(q, {
          tenant: rule.tenant,
          ruleId: rule.id,
          ruleVersion: disabled.version,
          entityId: rule.id,
          entityType: 'Rule',
          severity: 'major',
          category: 'rule-failure',
          title: `규칙 오류 / Rule failed and was disabled: ${rule.name}`,
          at,
          detail: { reason },
        }),
      ];
    });
    await publish(events);
  }

  async function publish(events: OutEvent[]): Promise<void> {
    if (!events.length) return;
    try {
      await deps.publish(events);
    } catch (err) {
      deps.log.error({ err }, 'alarm events not published on the bus (the alarms are stored)');
    }
  }

  /** One rule × entity in one transaction. */
  async function apply(
    rule: Rule,
    entityId: string,
    entityType: string | null,
    step: (s: RuleState) => Evaluation,
  ) {
    let failed: unknown;
    const events = await deps.db.tx(async (q) => {
      const state = (await lockState(q, rule.tenant, rule.id, entityId)) ?? emptyState();
      let res: Evaluation;
      try {
        res = step(state);
      } catch (err) {
        failed = err;
        return [];
      }
      await saveState(
        q,
        rule.tenant,
        rule.id,
        entityId,
        entityType,
        res.state,
        deps.clock.now().toISOString(),
      );
      return effectsIn(q, rule, entityType, res);
    });
    if (failed !== undefined) await fail(rule, entityId, failed);
    await publish(events);
  }

  return {
    /** Applies one observation of one entity to every enabled rule of the tenant that targets it. */
    async observe(tenant: string, obs: EntityObservation, entityType: string | undefined): Promise<void> {
      for (const rule of await deps.rules.enabled(tenant)) {
        if (!matchesTarget(rule.target, obs.entityId, entityType) || !relevant(rule, obs)) continue;
        await apply(rule, obs.entityId, entityType ?? null, (s) => evaluate(rule, s, obs, deps.clock.now()));
      }
    },

    /**
     * Starts inactivity counting for entities known to exist (a rule saved or re-enabled): without it an
     * entity that never reports again would never be noticed.
     */
    async seed(rule: Rule, entities: readonly { id: string; type: string | null }[]): Promise<void> {
      const obs = (id: string): EntityObservation => ({
        kind: 'seen',
        entityId: id,
        at: deps.clock.now().toISOString(),
      });
      if (!rule.enabled || !relevant(rule, obs(''))) return;
      for (const e of entities) {
        if (!matchesTarget(rule.target, e.id, e.type ?? undefined)) continue;
        await apply(rule, e.id, e.type, (s) => evaluate(rule, s, obs(e.id), deps.clock.now()));
      }
    },

    /** Timer: states whose time has come (durations, inactivity windows), then alarm escalation. */
    async tick(limit = 500): Promise<number> {
      const now = deps.clock.now();
      const due = await dueStates(deps.db, now.toISOString(), limit);
      for (const d of due) {
        const rule = (await deps.rules.enabled(d.tenant)).find((r) => r.id === d.ruleId);
        if (!rule) continue;
        await apply(rule, d.entityId, null, (s) =>
          evaluate(rule, s, { kind: 'tick', at: now.toISOString() }, deps.clock.now(), d.entityId),
        );
      }
      await deps.alarms.escalateDue();
      return due.length;
    },
  };
}
