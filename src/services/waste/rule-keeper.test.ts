import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import { DosiError, E, fixedClock } from '../../kernel/index.ts';
import { createRuleKeeper } from './rule-keeper.ts';
import type { AlarmsPort, RulesPort } from './ports.ts';

/** A rules port over a list, refusing rules on attributes the tenant does not know. */
function fakeRules(known: Set<string>) {
  const saved: { id: string; subCategory?: string; attr: string }[] = [];
  const port: RulesPort = {
    list: async () => saved,
    create: async (_tenant, body) => {
      const b = body as { subCategory: string; condition: { attr: string } };
      if (!known.has(b.condition.attr))
        throw new DosiError(E.RULE_UNKNOWN_ATTRIBUTE, { attr: b.condition.attr, type: 'WasteContainer' });
      const r = { id: `r${saved.length}`, subCategory: b.subCategory, attr: b.condition.attr };
      saved.push(r);
      return r;
    },
  };
  return { port, saved };
}

describe('waste rule keeper', () => {
  const log = pino({ level: 'silent' });

  it('saves the rules whose attributes are known, retries the others after 10 minutes, never twice', async () => {
    const known = new Set(['fillingLevel', 'temperature']);
    const { port, saved } = fakeRules(known);
    const clock = fixedClock('2026-03-02T00:00:00Z');
    const k = createRuleKeeper({ rules: port, log, clock, by: 'urn:dosi:service:waste' });
    await k.ensure('hanam');
    assert.deepEqual(saved.map((r) => r.subCategory).sort(), ['waste-fire', 'waste-overflow']);
    known.add('tiltAngle');
    await k.ensure('hanam'); // within 10 minutes: not tried again
    assert.equal(saved.length, 2);
    clock.advance(10 * 60_000);
    await k.ensure('hanam');
    assert.deepEqual(saved.map((r) => r.subCategory).sort(), ['waste-fire', 'waste-overflow', 'waste-tilt']);
    known.add('lidOpen');
    await k.ensure('hanam', true);
    await k.ensure('hanam', true);
    assert.equal(saved.length, 4);
  });

  it('counts overflow alarms first raised in the range, by episode and by bin', async () => {
    const alarm = (entityId: string, firstSeen: string, subCategory = 'waste-overflow') =>
      ({ entityId, firstSeen, subCategory }) as never;
    const alarms: AlarmsPort = {
      list: async () => ({
        alarms: [
          alarm('a', '2026-03-02T01:00:00.000Z'),
          alarm('a', '2026-03-03T01:00:00.000Z'),
          alarm('b', '2026-03-02T05:00:00.000Z'),
          alarm('c', '2026-03-02T05:00:00.000Z', 'waste-lid'),
          alarm('d', '2026-02-27T05:00:00.000Z'),
        ],
        total: 5,
      }),
    };
    const k = createRuleKeeper({
      rules: fakeRules(new Set()).port,
      log,
      clock: fixedClock('2026-03-02T00:00:00Z'),
      by: 'x',
    });
    assert.deepEqual(
      await k.overflowAlarms(alarms, 'hanam', '2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z'),
      {
        overflowEvents: 3,
        overflowBins: 2,
      },
    );
  });
});
