// The rules engine: applies observations and timer ticks to the rules of a tenant, in batches. An
// observation visits only the rules indexed under its entity and attribute (domain/rule-index.ts).
// For a batch, one transaction locks the states of every rule × entity it touches (in key order),
// evaluates the observations in order in memory (pure), writes the changed states and applies the
// effects to alarms; events are published after commit. A rule that throws is disabled and raises a
// "rule-failure" alarm; every other rule of the batch keeps running.
import type { Clock, Logger } from '../kernel/index.ts';
import type { Db, Queryable } from '../storage/index.ts';
import type { AlarmService } from './alarms/alarm.service.ts';
import type { OutEvent } from './alarms/alarm-events.ts';
import { evaluate as pureEvaluate } from './domain/evaluate.ts';
import { buildRuleIndex, relevant, type IndexedObservation, type RuleIndex } from './domain/rule-index.ts';
import { matchesTarget } from './domain/target.ts';
import { emptyState, type Effect, type Evaluation, type Rule, type RuleState } from './domain/types.ts';
import type { RuleService } from './rules.service.ts';
import { dueStates, lockStates, saveStates, stateKey, type StateKey } from './store/state.repository.ts';

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

export type EntityObservation = IndexedObservation;

/** One observation of a tenant's entity, as the processor hands it over. */
export interface ObservedEntity {
  tenant: string;
  entityType: string | undefined;
  obs: EntityObservation;
}

/** One step of one rule × entity: its state in, the evaluation out. */
interface Work {
  rule: Rule;
  entityId: string;
  entityType: string | null;
  step: (s: RuleState) => Evaluation;
}

/** Work items per transaction: bounds the locks and the statement sizes of one batch. */
const CHUNK = 1000;

export type RuleEngine = ReturnType<typeof createRuleEngine>;

export function createRuleEngine(deps: RuleEngineDeps) {
  const evaluate = deps.evaluate ?? pureEvaluate;
  const indexes = new Map<string, RuleIndex>();

  /** Applies one effect to alarms (de-duplicated per rule × entity), in the caller's transaction. */
  async function effectsIn(
    q: Queryable,
    rule: Rule,
    entityType: string | null,
    e: Effect,
  ): Promise<OutEvent[]> {
    if (e.kind === 'clear') {
      const ev = await deps.alarms.clearIn(q, rule.tenant, rule.id, e.entityId, e.at);
      return ev ? [ev] : [];
    }
    return [
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
    ];
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

  /** Current index of a tenant's enabled rules (rebuilt when the cached rule list changes). */
  async function indexOf(tenant: string): Promise<RuleIndex> {
    const rules = await deps.rules.enabled(tenant);
    let idx = indexes.get(tenant);
    if (idx?.rules !== rules) indexes.set(tenant, (idx = buildRuleIndex(rules)));
    return idx;
  }

  /** A chunk of work in one transaction; rule failures are reported to the caller. */
  async function applyChunk(work: readonly Work[]) {
    const failed = new Map<string, { rule: Rule; entityId: string; err: unknown }>();
    const events = await deps.db.tx(async (q) => {
      const keys = new Map<string, StateKey>();
      for (const w of work) {
        const k = stateKey(w.rule.tenant, w.rule.id, w.entityId);
        if (!keys.has(k)) keys.set(k, { tenant: w.rule.tenant, ruleId: w.rule.id, entityId: w.entityId });
      }
      const states = await lockStates(q, [...keys.values()]);
      const changed = new Map<string, StateKey & { entityType: string | null; state: RuleState }>();
      const effects: { w: Work; e: Effect }[] = [];
      for (const w of work) {
        if (failed.has(w.rule.id)) continue;
        const k = stateKey(w.rule.tenant, w.rule.id, w.entityId);
        const cur = states.get(k) ?? emptyState();
        let res: Evaluation;
        try {
          res = w.step(cur);
        } catch (err) {
          failed.set(w.rule.id, { rule: w.rule, entityId: w.entityId, err });
          continue;
        }
        if (res.state !== cur) {
          states.set(k, res.state);
          const entityType = w.entityType ?? changed.get(k)?.entityType ?? null;
          changed.set(k, { ...keys.get(k)!, entityType, state: res.state });
        }
        for (const e of res.effects) effects.push({ w, e });
      }
      await saveStates(q, [...changed.values()], deps.clock.now().toISOString());
      const out: OutEvent[] = [];
      for (const { w, e } of effects) out.push(...(await effectsIn(q, w.rule, w.entityType, e)));
      return out;
    });
    return { events, failed: [...failed.values()] };
  }

  /** Applies work in order: chunks of one transaction each, then events and rule failures. */
  async function applyAll(work: readonly Work[]): Promise<void> {
    for (let i = 0; i < work.length; i += CHUNK) {
      const { events, failed } = await applyChunk(work.slice(i, i + CHUNK));
      await publish(events);
      for (const f of failed) await fail(f.rule, f.entityId, f.err);
    }
  }

  /**
   * Applies observations in order to every enabled rule that targets their entity and reads their
   * attribute, in one transaction (per CHUNK rule × entity steps).
   */
  /**
   * Applies observations in order to every enabled rule that targets their entity and reads their
   * attribute, in one transaction (per CHUNK rule × entity steps).
   */
  async function observeBatch(list: readonly ObservedEntity[]): Promise<void> {
    const work: Work[] = [];
    for (const { tenant, obs, entityType } of list) {
      const idx = await indexOf(tenant);
      for (const rule of idx.candidates(obs, entityType))
        work.push({
          rule,
          entityId: obs.entityId,
          entityType: entityType ?? null,
          step: (s) => evaluate(rule, s, obs, deps.clock.now()),
        });
    }
    await applyAll(work);
  }

  return {
    observeBatch,

    /** Applies one observation of one entity (a batch of one). */
    observe(tenant: string, obs: EntityObservation, entityType: string | undefined): Promise<void> {
      return observeBatch([{ tenant, obs, entityType }]);
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
      const work: Work[] = [];
      for (const e of entities) {
        if (!matchesTarget(rule.target, e.id, e.type ?? undefined)) continue;
        work.push({
          rule,
          entityId: e.id,
          entityType: e.type,
          step: (s) => evaluate(rule, s, obs(e.id), deps.clock.now()),
        });
      }
      await applyAll(work);
    },

    /** Timer: states whose time has come (durations, inactivity windows), then alarm escalation. */
    async tick(limit = 500): Promise<number> {
      const now = deps.clock.now();
      const due = await dueStates(deps.db, now.toISOString(), limit);
      const work: Work[] = [];
      for (const d of due) {
        const rule = (await indexOf(d.tenant)).byId.get(d.ruleId);
        if (!rule) continue;
        work.push({
          rule,
          entityId: d.entityId,
          entityType: null,
          step: (s) =>
            evaluate(rule, s, { kind: 'tick', at: now.toISOString() }, deps.clock.now(), d.entityId),
        });
      }
      await applyAll(work);
      await deps.alarms.escalateDue();
      return due.length;
    },
  };
}
