// The engine against a real (embedded) database with an injected clock: time-based rules fire from
// the timer tick, a rule that throws is disabled with a rule-failure alarm while the others keep
// running, and unacknowledged alarms escalate step by step.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { createMemoryBus } from '../bus/index.ts';
import { identityMigrations } from '../identity/index.ts';
import { fixedClock } from '../kernel/index.ts';
import { openEmbeddedDb } from '../storage/adapters.ts';
import { migrate, type Db } from '../storage/index.ts';
import { evaluate } from './domain/evaluate.ts';
import { createRulesModule, type RulesModule } from './rules.module.ts';
import { rulesMigrations } from './store/migrations.ts';

const log = pino({ level: 'silent' });
const terms = { expandTerm: (t: string) => t, compactIri: (i: string) => i };
const ENTITY = 'urn:ngsi-ld:Room:1';
/** A device's entity that never reports. */
const QUIET = 'urn:ngsi-ld:Room:2';

describe('rules engine (embedded database, injected clock)', () => {
  let db: Db;
  let m: RulesModule;
  const clock = fixedClock('2026-03-02T01:00:00.000Z'); // 10:00 KST
  const events: { subject: string; kind: string }[] = [];
  let failFor: string | undefined;

  before(async () => {
    db = await openEmbeddedDb();
    await migrate(db, [...identityMigrations, ...rulesMigrations]);
    await db.query(`INSERT INTO tenants (code, name_ko, name_en) VALUES ('hanam', '하남', 'Hanam')`);
    const bus = createMemoryBus({ log });
    await bus.subscribe('dosi.alarm.>', async (d, meta) => {
      events.push({ subject: meta.subject, kind: (d as { kind: string }).kind });
    });
    m = createRulesModule({
      db,
      clock,
      log,
      bus,
      terms,
      devices: {
        listProfiles: async () => [],
        resolve: async () => undefined,
        listDevices: async () => ({ devices: [{ entityId: QUIET, entityType: 'Room' }], total: 1 }),
      },
      context: { typeStats: async () => [{ type: 'Room', attrs: ['temperature', 'motion'] }] },
      tickMs: 60_000,
      escalateAfterMin: 10,
    });
    // The engine of the module with an evaluator that throws for one rule.
    m.engine = (await import('./engine.ts')).createRuleEngine({
      db,
      clock,
      log,
      rules: m.rules,
      alarms: m.alarms,
      publish: (ev) => bus.publishMany(ev),
      evaluate: (rule, ...rest) => {
        if (rule.id === failFor) throw new Error('boom');
        return evaluate(rule, ...rest);
      },
    });
  });
  after(async () => db?.close());

  const observe = (attr: string, value: unknown) =>
    m.engine.observe(
      'hanam',
      { kind: 'value', entityId: ENTITY, entityType: 'Room', attr, value, at: clock.now().toISOString() },
      'Room',
    );
  const alarmsOf = async (ruleId: string) =>
    (await m.alarms.list('hanam', { ruleId, limit: 10, offset: 0 })).alarms;

  it('a threshold with a duration fires from the tick once it held, not before', async () => {
    const rule = await m.rules.create(
      'hanam',
      {
        name: 'hot room',
        severity: 'minor',
        category: 'environment',
        target: { entityType: 'Room' },
        condition: { type: 'threshold', attr: 'temperature', op: '>', value: 28, forSec: 600 },
        escalateAfterMin: 5,
      },
      'urn:test',
    );
    await observe('temperature', 30);
    clock.advance(5 * 60_000);
    await m.engine.tick();
    assert.equal((await alarmsOf(rule.id)).length, 0);
    clock.advance(5 * 60_000);
    await m.engine.tick();
    const [a] = await alarmsOf(rule.id);
    assert.equal(a?.state, 'open');
    assert.equal(a?.firstSeen, '2026-03-02T01:10:00.000Z');
    assert.equal(a?.nextEscalationAt, '2026-03-02T01:15:00.000Z');
  });

  it('escalates an unacknowledged alarm every N minutes and stops once acknowledged', async () => {
    const [rule] = (await m.rules.list('hanam')).filter((r) => r.name === 'hot room');
    const id = (await alarmsOf(rule!.id))[0]!.id;
    clock.advance(4 * 60_000);
    await m.engine.tick();
    assert.equal((await m.alarms.get('hanam', id)).escalationLevel, 0);
    clock.advance(60_000); // 5 min after raising
    await m.engine.tick();
    assert.equal((await m.alarms.get('hanam', id)).escalationLevel, 1);
    clock.advance(11 * 60_000); // 16 min: level 3 (capped steps of 5 min)
    await m.engine.tick();
    const a = await m.alarms.get('hanam', id);
    assert.equal(a.escalationLevel, 3);
    assert.equal(a.nextEscalationAt, null);
    assert.deepEqual(
      a.audit!.filter((e) => e.action === 'escalated').map((e) => e.note),
      ['level 0 → 1: unacknowledged for 5 min', 'level 1 → 3: unacknowledged for 15 min'],
    );
    assert.equal(events.filter((e) => e.kind === 'escalated').length, 2);
    await m.alarms.act('hanam', id, 'ack', 'urn:op');
    clock.advance(60 * 60_000);
    await m.engine.tick();
    assert.equal((await m.alarms.get('hanam', id)).state, 'acknowledged');
    assert.equal(events.filter((e) => e.kind === 'escalated').length, 2);
  });

  it('a rule that throws is disabled with a rule-failure alarm; the other rules keep running', async () => {
    const bad = await m.rules.create(
      'hanam',
      {
        name: 'broken',
        severity: 'info',
        category: 'environment',
        target: { entityType: 'Room' },
        condition: { type: 'threshold', attr: 'temperature', op: '>', value: 0 },
      },
      'urn:test',
    );
    const good = await m.rules.create(
      'hanam',
      {
        name: 'motion seen',
        severity: 'info',
        category: 'security',
        target: { entityIds: [ENTITY] },
        condition: {
          type: 'any',
          conditions: [
            { type: 'threshold', attr: 'temperature', op: '>', value: 0 },
            { type: 'threshold', attr: 'motion', op: '>=', value: 1 },
          ],
        },
      },
      'urn:test',
    );
    failFor = bad.id;
    clock.advance(60_000);
    await observe('temperature', 31);
    const disabled = await m.rules.get('hanam', bad.id);
    assert.equal(disabled.enabled, false);
    assert.match(disabled.disabledReason ?? '', /boom/);
    assert.equal(disabled.version, 2);
    const failures = (await m.alarms.list('hanam', { category: ['rule-failure'], limit: 10, offset: 0 }))
      .alarms;
    assert.equal(failures.length, 1);
    assert.equal(failures[0]!.entityId, bad.id);
    assert.equal(failures[0]!.severity, 'major');
    assert.equal((await alarmsOf(good.id)).length, 1, 'the good rule still raised');
    // The disabled rule is skipped from now on: no second failure alarm.
    clock.advance(60_000);
    await observe('temperature', 32);
    assert.equal(
      (await m.alarms.list('hanam', { category: ['rule-failure'], limit: 10, offset: 0 })).total,
      1,
    );
    failFor = undefined;
  });

  it('an inactivity rule watches known entities from the moment it is saved, even silent ones', async () => {
    clock.set('2026-03-02T02:30:00.000Z'); // 11:30 KST, inside 08:00–20:00
    const rule = await m.rules.create(
      'hanam',
      {
        name: 'no one moving',
        severity: 'major',
        category: 'care',
        target: { entityType: 'Room' },
        condition: { type: 'inactivity', windows: [{ start: '08:00', end: '20:00' }], forSec: 3600 },
      },
      'urn:test',
    );
    clock.advance(59 * 60_000);
    await m.engine.tick();
    assert.equal((await alarmsOf(rule.id)).length, 0);
    clock.advance(60_000);
    await m.engine.tick();
    const alarms = await alarmsOf(rule.id);
    assert.deepEqual(
      alarms.map((a) => [a.entityId, a.firstSeen]),
      [[QUIET, '2026-03-02T03:30:00.000Z']],
    );
  });
});
