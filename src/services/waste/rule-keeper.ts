// Keeps the waste rules saved in the core rules engine for each tenant the service sees, and reads
// back the alarms they raised. A rule whose attribute the tenant does not know yet (no profile
// produces `tiltAngle`, say) is refused by the engine's save-time validation and retried later.
import { DosiError, E, type Clock, type Logger } from '../../kernel/index.ts';
import { RULE_KEYS, wasteRules } from './domain/rules.ts';
import type { AlarmsPort, RulesPort } from './ports.ts';

/** How long a tenant with missing rules waits before the next attempt. */
const RETRY_MS = 10 * 60_000;

export function createRuleKeeper(deps: { rules: RulesPort; log: Logger; clock: Clock; by: string }) {
  const state = new Map<string, { complete: boolean; at: number }>();

  async function save(tenant: string): Promise<boolean> {
    const have = new Set((await deps.rules.list(tenant)).map((r) => r.subCategory));
    const bodies = wasteRules();
    let complete = true;
    for (const key of RULE_KEYS) {
      if (have.has(key)) continue;
      try {
        await deps.rules.create(tenant, bodies[key], deps.by);
      } catch (err) {
        complete = false;
        if (!(err instanceof DosiError && err.def === E.RULE_UNKNOWN_ATTRIBUTE))
          deps.log.warn({ err, tenant, rule: key }, 'waste rule not saved');
      }
    }
    return complete;
  }

  return {
    /** Saves missing rules; never throws (a reading must not be redelivered for this). */
    async ensure(tenant: string, force = false): Promise<void> {
      const s = state.get(tenant);
      const t = deps.clock.now().getTime();
      if (!force && s && (s.complete || t - s.at < RETRY_MS)) return;
      state.set(tenant, { complete: false, at: t });
      try {
        state.set(tenant, { complete: await save(tenant), at: t });
      } catch (err) {
        deps.log.warn({ err, tenant }, 'waste rules not checked');
      }
    },

    /** Overflow alarms first raised in [from, to): episodes and distinct bins. */
    async overflowAlarms(alarms: AlarmsPort, tenant: string, from: string, to: string) {
      const a = Date.parse(from);
      const b = Date.parse(to);
      const bins = new Set<string>();
      let events = 0;
      for (let offset = 0; ; offset += 500) {
        const page = await alarms.list(tenant, { category: ['waste'], since: from, limit: 500, offset });
        for (const al of page.alarms) {
          const first = Date.parse(al.firstSeen);
          if (al.subCategory !== 'waste-overflow' || first < a || first >= b) continue;
          events++;
          bins.add(al.entityId);
        }
        if (page.alarms.length < 500) break;
      }
      return { overflowEvents: events, overflowBins: bins.size };
    },
  };
}
