// Use cases of alarms: raised and cleared by the rules engine (inside its transaction), handled by
// operators (acknowledge, dispatch, resolve, close, comment, assign), escalated by the timer. Every
// change is an audit entry and, after commit, an event on the bus.
import { randomUUID } from 'node:crypto';
import { DosiError, E, type Clock, type Logger } from '../../kernel/index.ts';
import type { Db, Queryable } from '../../storage/index.ts';
import type { Category, Severity } from '../domain/types.ts';
import { alarmEvent, type OutEvent } from './alarm-events.ts';
import { escalationLevelAt, nextEscalationAt } from './domain/escalation.ts';
import { ACTIONS, transition, type Action, type Alarm } from './domain/lifecycle.ts';
import * as repo from './store/alarm.repository.ts';

export const SYSTEM = 'system';

export interface AlarmServiceDeps {
  db: Db;
  clock: Clock;
  log: Logger;
  /** Publishes events after their transaction committed. */
  publish: (events: OutEvent[]) => Promise<void>;
  /** Minutes before an unacknowledged alarm escalates, when its rule does not say. */
  escalateAfterMin: number;
}

export interface RaiseInput {
  tenant: string;
  ruleId: string;
  ruleVersion: number;
  entityId: string;
  entityType: string | null;
  severity: Severity;
  category: Category;
  subCategory?: string | undefined;
  title: string;
  escalateAfterMin?: number | undefined;
  at: string;
  detail: Record<string, unknown>;
}

export type AlarmService = ReturnType<typeof createAlarmService>;

export function createAlarmService(deps: AlarmServiceDeps) {
  const now = () => deps.clock.now().toISOString();

  async function load(q: Queryable, tenant: string, id: string): Promise<Alarm> {
    const a = await repo.getAlarm(q, tenant, id, true);
    if (!a) throw new DosiError(E.ALARM_NOT_FOUND, { id, tenant });
    return a;
  }

  /** De-duplicated raise: a live alarm of rule × entity counts the repeat instead of opening another. */
  async function raiseIn(q: Queryable, r: RaiseInput): Promise<OutEvent> {
    const live = await repo.liveAlarm(q, r.tenant, r.ruleId, r.entityId);
    if (live) {
      const a: Alarm = {
        ...live,
        count: live.count + 1,
        lastSeen: r.at,
        clearedAt: null,
        detail: r.detail,
        ruleVersion: r.ruleVersion,
        updatedAt: r.at,
      };
      await repo.updateAlarm(q, a);
      await repo.addAudit(q, a.tenant, 'alarm', a.id, {
        at: r.at,
        by: SYSTEM,
        action: 'repeated',
        note: `count ${a.count}`,
      });
      return alarmEvent('repeated', a, r.at, SYSTEM);
    }
    const base = {
      id: `urn:dosi:alarm:${randomUUID()}`,
      tenant: r.tenant,
      ruleId: r.ruleId,
      ruleVersion: r.ruleVersion,
      entityId: r.entityId,
      entityType: r.entityType,
      severity: r.severity,
      category: r.category,
      subCategory: r.subCategory ?? null,
      title: r.title,
      state: 'open' as const,
      clearedAt: null,
      count: 1,
      firstSeen: r.at,
      lastSeen: r.at,
      assignee: null,
      escalationLevel: 0,
      escalateAfterMin: r.escalateAfterMin ?? deps.escalateAfterMin,
      incidentId: null,
      detail: r.detail,
      createdAt: r.at,
      updatedAt: r.at,
    };
    const a: Alarm = { ...base, nextEscalationAt: nextEscalationAt(base) };
    await repo.insertAlarm(q, a);
    await repo.addAudit(q, a.tenant, 'alarm', a.id, { at: r.at, by: SYSTEM, action: 'raised', to: 'open' });
    return alarmEvent('raised', a, r.at, SYSTEM);
  }

  /** The condition stopped holding: the live alarm is marked cleared (an operator still closes it). */
  async function clearIn(q: Queryable, tenant: string, ruleId: string, entityId: string, at: string) {
    const live = await repo.liveAlarm(q, tenant, ruleId, entityId);
    if (!live || live.clearedAt) return undefined;
    const a: Alarm = { ...live, clearedAt: at, updatedAt: at };
    await repo.updateAlarm(q, a);
    await repo.addAudit(q, tenant, 'alarm', a.id, { at, by: SYSTEM, action: 'cleared' });
    return alarmEvent('cleared', a, at, SYSTEM);
  }

  type Step = (q: Queryable, a: Alarm, at: string) => Promise<[Alarm, string]>;

  /** Loads and locks the alarm, applies one step, writes it; publishes its event after commit. */
  async function change(tenant: string, id: string, by: string, fn: Step): Promise<Alarm> {
    const at = now();
    const ev = await deps.db.tx(async (q) => {
      const [a, kind] = await fn(q, await load(q, tenant, id), at);
      await repo.updateAlarm(q, a);
      return alarmEvent(kind, a, at, by);
    });
    await deps.publish([ev]);
    return get(tenant, id);
  }

  async function get(tenant: string, id: string): Promise<Alarm> {
    const a = await repo.getAlarm(deps.db, tenant, id);
    if (!a) throw new DosiError(E.ALARM_NOT_FOUND, { id, tenant });
    return { ...a, audit: await repo.auditOf(deps.db, tenant, 'alarm', id) };
  }

  /** Escalates every open alarm whose step is due; returns how many changed. */
  async function escalateDue(limit = 200): Promise<number> {
    const at = now();
    const events = await deps.db.tx(async (q) => {
      const out: OutEvent[] = [];
      for (const a of await repo.dueEscalations(q, at, limit)) {
        const level = escalationLevelAt(a, deps.clock.now());
        const next: Alarm = { ...a, escalationLevel: level, updatedAt: at };
        next.nextEscalationAt = nextEscalationAt(next);
        await repo.updateAlarm(q, next);
        if (level === a.escalationLevel) continue;
        await repo.addAudit(q, a.tenant, 'alarm', a.id, {
          at,
          by: SYSTEM,
          action: 'escalated',
          note: `level ${a.escalationLevel} → ${level}: unacknowledged for ${a.escalateAfterMin * level} min`,
        });
        out.push(alarmEvent('escalated', next, at, SYSTEM));
      }
      return out;
    });
    if (events.length) await deps.publish(events);
    return events.length;
  }

  return {
    raiseIn,
    clearIn,
    get,
    escalateDue,
    list: (tenant: string, f: repo.AlarmFilter) => repo.listAlarms(deps.db, tenant, f),

    /** ack | dispatch | resolve | close, with an optional note; refused when the lifecycle forbids it. */
    act(tenant: string, id: string, action: Action, by: string, note?: string): Promise<Alarm> {
      return change(tenant, id, by, async (q, a, at) => {
        const to = transition('alarm', id, a.state, ACTIONS[action]);
        await repo.addAudit(q, tenant, 'alarm', id, {
          at,
          by,
          action,
          from: a.state,
          to,
          ...(note ? { note } : {}),
        });
        return [{ ...a, state: to, updatedAt: at, nextEscalationAt: null }, to];
      });
    },

    comment(tenant: string, id: string, by: string, note: string): Promise<Alarm> {
      return change(tenant, id, by, async (q, a, at) => {
        await repo.addAudit(q, tenant, 'alarm', id, { at, by, action: 'comment', note });
        return [{ ...a, updatedAt: at }, 'commented'];
      });
    },

    assign(tenant: string, id: string, by: string, assignee: string | null, note?: string): Promise<Alarm> {
      return change(tenant, id, by, async (q, a, at) => {
        const detail = `${a.assignee ?? '(nobody)'} → ${assignee ?? '(nobody)'}`;
        await repo.addAudit(q, tenant, 'alarm', id, {
          at,
          by,
          action: 'assign',
          note: note ? `${detail}: ${note}` : detail,
        });
        return [{ ...a, assignee, updatedAt: at }, 'assigned'];
      });
    },
  };
}
