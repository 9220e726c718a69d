// Wires the rules engine and alarms from their deps: services, engine, bus processor and dry-run.
// server.ts creates one and starts its processor on processing nodes.
import type { Bus } from '../bus/index.ts';
import type { TermMapper } from '../context/index.ts';
import type { DeviceProfile } from '../devices/index.ts';
import type { Clock, Logger } from '../kernel/index.ts';
import type { Db } from '../storage/index.ts';
import { createAlarmService } from './alarms/alarm.service.ts';
import type { OutEvent } from './alarms/alarm-events.ts';
import { createIncidentService } from './alarms/incident.service.ts';
import { dryRun } from './dry-run.ts';
import type { Condition, Rule } from './domain/types.ts';
import { createRuleEngine } from './engine.ts';
import { createRulesProcessor } from './processor.ts';
import { createRuleService } from './rules.service.ts';

export interface RulesModuleDeps {
  db: Db;
  clock: Clock;
  log: Logger;
  bus: Bus;
  /** The core @context: attribute and type names of rules are its terms. */
  terms: TermMapper;
  devices: {
    listProfiles(tenant: string): Promise<DeviceProfile[]>;
    resolve(tenant: string, deviceId: string): Promise<{ device: { entityType: string } } | undefined>;
    listDevices(
      tenant: string,
      opts: { limit?: number; offset?: number },
    ): Promise<{ devices: { entityId: string; entityType: string }[]; total: number }>;
  };
  context: { typeStats(tenant: string): Promise<{ type: string; attrs: string[] }[]> };
  tickMs: number;
  escalateAfterMin: number;
}

/** Inactivity seeding looks at most at this many devices of a tenant. */
const SEED_MAX = 50_000;

function usesInactivity(c: Condition): boolean {
  return c.type === 'all' || c.type === 'any' ? c.conditions.some(usesInactivity) : c.type === 'inactivity';
}

export function createRulesModule(deps: RulesModuleDeps) {
  const publish = (events: OutEvent[]) => deps.bus.publishMany(events);
  // Entities an inactivity rule starts watching when saved: its listed ids, else the tenant's devices.
  async function seedTargets(rule: Rule): Promise<{ id: string; type: string | null }[]> {
    if (rule.target.entityIds) return rule.target.entityIds.map((id) => ({ id, type: null }));
    const out: { id: string; type: string | null }[] = [];
    for (let offset = 0; offset < SEED_MAX; offset += 1000) {
      const page = await deps.devices.listDevices(rule.tenant, { limit: 1000, offset });
      out.push(...page.devices.map((d) => ({ id: d.entityId, type: d.entityType })));
      if (page.devices.length < 1000) break;
    }
    return out;
  }
  const rules = createRuleService({
    db: deps.db,
    clock: deps.clock,
    onSaved: async (rule) => {
      if (usesInactivity(rule.condition)) await engine.seed(rule, await seedTargets(rule));
    },
    attributes: {
      listProfiles: (t) => deps.devices.listProfiles(t),
      typeStats: (t) => deps.context.typeStats(t),
      terms: deps.terms,
    },
  });
  const alarms = createAlarmService({
    db: deps.db,
    clock: deps.clock,
    log: deps.log,
    publish,
    escalateAfterMin: deps.escalateAfterMin,
  });
  const incidents = createIncidentService({ db: deps.db, clock: deps.clock, publish });
  const engine = createRuleEngine({ db: deps.db, clock: deps.clock, log: deps.log, rules, alarms, publish });
  const processor = createRulesProcessor({
    bus: deps.bus,
    log: deps.log,
    engine,
    terms: deps.terms,
    entityTypeOf: async (tenant, deviceId) =>
      (await deps.devices.resolve(tenant, deviceId))?.device.entityType,
    tickMs: deps.tickMs,
  });
  return {
    rules,
    alarms,
    incidents,
    engine,
    processor,
    /** Replays history through a saved rule (by id) or a posted body (validated as on save). */
    async dryRun(
      tenant: string,
      src: { id: string } | { body: unknown },
      range: { from: string; to: string },
    ) {
      let rule: Rule;
      if ('id' in src) rule = await rules.get(tenant, src.id);
      else {
        const input = await rules.validate(tenant, src.body);
        rule = {
          ...input,
          id: 'urn:dosi:rule:dry-run',
          tenant,
          version: 0,
          enabled: true,
          updatedAt: '',
          updatedBy: '',
        };
      }
      return dryRun(deps.db, deps.terms, rule, range, 'id' in src);
    },
  };
}

export type RulesModule = ReturnType<typeof createRulesModule>;
