// Use cases of incidents: operators group alarms into an incident, which has its own lifecycle
// (the alarm lifecycle), assignee, comments and audit trail. Events go on the bus after commit.
import { randomUUID } from 'node:crypto';
import { DosiError, E, type Clock } from '../../kernel/index.ts';
import type { Db, Queryable } from '../../storage/index.ts';
import type { Severity } from '../domain/types.ts';
import { incidentEvent, type OutEvent } from './alarm-events.ts';
import { ACTIONS, transition, worst, type Action, type Incident } from './domain/lifecycle.ts';
import { addAudit, auditOf } from './store/alarm.repository.ts';
import * as repo from './store/incident.repository.ts';

export interface IncidentServiceDeps {
  db: Db;
  clock: Clock;
  publish: (events: OutEvent[]) => Promise<void>;
}

export interface NewIncident {
  title: string;
  description?: string | undefined;
  severity?: Severity | undefined;
  alarmIds: string[];
}

export type IncidentService = ReturnType<typeof createIncidentService>;

const invalid = (detail: string) => new DosiError(E.INCIDENT_INVALID, { detail });

export function createIncidentService(deps: IncidentServiceDeps) {
  const now = () => deps.clock.now().toISOString();

  async function load(q: Queryable, tenant: string, id: string): Promise<Incident> {
    const i = await repo.getIncident(q, tenant, id, true);
    if (!i) throw new DosiError(E.INCIDENT_NOT_FOUND, { id, tenant });
    return i;
  }

  /** Every id must be an alarm of the tenant not already in another incident. */
  async function checkAlarms(q: Queryable, tenant: string, ids: string[], incidentId: string | null) {
    if (ids.length === 0 || ids.length > 500) throw invalid('give 1 to 500 alarm ids');
    const found = await repo.severitiesOf(q, tenant, ids);
    const missing = ids.filter((id) => !found.some((f) => f.id === id));
    if (missing.length) throw invalid(`no such alarm in tenant ${tenant}: ${missing.join(', ')}`);
    const taken = found.filter((f) => f.incident_id !== null && f.incident_id !== incidentId);
    if (taken.length)
      throw invalid(
        `already in another incident: ${taken.map((t) => `${t.id} (${t.incident_id})`).join(', ')}`,
      );
    return found.map((f) => f.severity);
  }

  type Step = (q: Queryable, i: Incident, at: string) => Promise<[Incident, string]>;

  async function change(tenant: string, id: string, by: string, fn: Step): Promise<Incident> {
    const at = now();
    const ev = await deps.db.tx(async (q) => {
      const [i, kind] = await fn(q, await load(q, tenant, id), at);
      await repo.saveIncident(q, i);
      return incidentEvent(kind, (await repo.getIncident(q, tenant, id))!, at, by);
    });
    await deps.publish([ev]);
    return get(tenant, id);
  }

  async function get(tenant: string, id: string): Promise<Incident> {
    const i = await repo.getIncident(deps.db, tenant, id);
    if (!i) throw new DosiError(E.INCIDENT_NOT_FOUND, { id, tenant });
    return { ...i, audit: await auditOf(deps.db, tenant, 'incident', id) };
  }

  return {
    get,
    list: (tenant: string, states: Incident['state'][] | undefined, limit: number, offset: number) =>
      repo.listIncidents(deps.db, tenant, states, limit, offset),

    async create(tenant: string, input: NewIncident, by: string): Promise<Incident> {
      const at = now();
      const id = `urn:dosi:incident:${randomUUID()}`;
      const ev = await deps.db.tx(async (q) => {
        const severities = await checkAlarms(q, tenant, input.alarmIds, null);
        const inc: Incident = {
          id,
          tenant,
          title: input.title,
          description: input.description ?? null,
          severity: input.severity ?? worst(severities),
          state: 'open',
          assignee: null,
          alarmIds: [],
          createdAt: at,
          updatedAt: at,
        };
        await repo.saveIncident(q, inc);
        await repo.linkAlarms(q, tenant, input.alarmIds, id);
        await addAudit(q, tenant, 'incident', id, {
          at,
          by,
          action: 'created',
          to: 'open',
          note: `alarms: ${input.alarmIds.join(', ')}`,
        });
        for (const a of input.alarmIds)
          await addAudit(q, tenant, 'alarm', a, { at, by, action: 'incident', note: `added to ${id}` });
        return incidentEvent('created', (await repo.getIncident(q, tenant, id))!, at, by);
      });
      await deps.publish([ev]);
      return get(tenant, id);
    },

    addAlarms(tenant: string, id: string, alarmIds: string[], by: string): Promise<Incident> {
      return change(tenant, id, by, async (q, i, at) => {
        const severities = await checkAlarms(q, tenant, alarmIds, id);
        await repo.linkAlarms(q, tenant, alarmIds, id);
        await addAudit(q, tenant, 'incident', id, {
          at,
          by,
          action: 'add-alarms',
          note: alarmIds.join(', '),
        });
        for (const a of alarmIds)
          await addAudit(q, tenant, 'alarm', a, { at, by, action: 'incident', note: `added to ${id}` });
        return [{ ...i, severity: worst([i.severity, ...severities]), updatedAt: at }, 'alarms'];
      });
    },

    removeAlarm(tenant: string, id: string, alarmId: string, by: string): Promise<Incident> {
      return change(tenant, id, by, async (q, i, at) => {
        if (!i.alarmIds.includes(alarmId)) throw invalid(`alarm ${alarmId} is not in incident ${id}`);
        await repo.linkAlarms(q, tenant, [alarmId], null);
        await addAudit(q, tenant, 'incident', id, { at, by, action: 'remove-alarm', note: alarmId });
        await addAudit(q, tenant, 'alarm', alarmId, {
          at,
          by,
          action: 'incident',
          note: `removed from ${id}`,
        });
        return [{ ...i, updatedAt: at }, 'alarms'];
      });
    },

    act(tenant: string, id: string, action: Action, by: string, note?: string): Promise<Incident> {
      return change(tenant, id, by, async (q, i, at) => {
        const to = transition('incident', id, i.state, ACTIONS[action]);
        await addAudit(q, tenant, 'incident', id, {
          at,
          by,
          action,
          from: i.state,
          to,
          ...(note ? { note } : {}),
        });
        return [{ ...i, state: to, updatedAt: at }, to];
      });
    },

    comment(tenant: string, id: string, by: string, note: string): Promise<Incident> {
      return change(tenant, id, by, async (q, i, at) => {
        await addAudit(q, tenant, 'incident', id, { at, by, action: 'comment', note });
        return [{ ...i, updatedAt: at }, 'commented'];
      });
    },

    assign(tenant: string, id: string, by: string, assignee: string | null): Promise<Incident> {
      return change(tenant, id, by, async (q, i, at) => {
        await addAudit(q, tenant, 'incident', id, {
          at,
          by,
          action: 'assign',
          note: `${i.assignee ?? '(nobody)'} → ${assignee ?? '(nobody)'}`,
        });
        return [{ ...i, assignee, updatedAt: at }, 'assigned'];
      });
    },
  };
}
