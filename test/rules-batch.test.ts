// The rules engine in batches, on both storage engines: a batch gives the same alarms, alarm events
// and states as the same observations applied one at a time (several per rule × entity in one batch,
// durations, hysteresis, rate of change, windows); the rule index follows rule changes, also those
// saved by another process; a rule that throws inside a batch is disabled without touching the others.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { pino } from 'pino';
import { createMemoryBus, type Bus } from '../src/bus/index.ts';
import { identityMigrations } from '../src/identity/index.ts';
import { fixedClock } from '../src/kernel/index.ts';
import { evaluate } from '../src/rules/domain/evaluate.ts';
import { createRuleEngine, type ObservedEntity } from '../src/rules/engine.ts';
import { createRulesModule, rulesMigrations, type RulesModule } from '../src/rules/index.ts';
import { migrate, type Db } from '../src/storage/index.ts';
import { backends } from './helpers/backends.ts';

const log = pino({ level: 'silent' });
const terms = { expandTerm: (t: string) => t, compactIri: (i: string) => i };
const ROOMS = ['urn:ngsi-ld:Room:1', 'urn:ngsi-ld:Room:2', 'urn:ngsi-ld:Room:3'];
type Clock = ReturnType<typeof fixedClock>;

interface Harness {
  db: Db;
  bus: Bus;
  m: RulesModule;
  /** Alarm events in publication order. */
  events: { kind: string; ruleId: string | null; entityId: string }[];
}

async function harness(db: Db, clock: Clock, failWhen?: (ruleName: string, value: unknown) => boolean) {
  await migrate(db, [...identityMigrations, ...rulesMigrations]);
  await db.query(
    `INSERT INTO tenants (code, name_ko, name_en) VALUES ('hanam', '하남', 'Hanam') ON CONFLICT DO NOTHING`,
  );
  const bus = createMemoryBus({ log });
  const events: Harness['events'] = [];
  await bus.subscribe('dosi.alarm.>', async (d) => {
    const e = d as { kind: string; alarm: { ruleId: string | null; entityId: string } };
    events.push({ kind: e.kind, ruleId: e.alarm.ruleId, entityId: e.alarm.entityId });
  });
  const m = createRulesModule({
    db,
    clock,
    log,
    bus,
    terms,
    devices: {
      listProfiles: async () => [],
      resolve: async () => undefined,
      listDevices: async () => ({ devices: [], total: 0 }),
    },
    context: { typeStats: async () => [{ type: 'Room', attrs: ['temperature', 'fill', 'motion'] }] },
    tickMs: 60_000,
    escalateAfterMin: 10,
  });
  if (failWhen)
    m.engine = createRuleEngine({
      db,
      clock,
      log,
      rules: m.rules,
      alarms: m.alarms,
      publish: (ev) => bus.publishMany(ev),
      evaluate: (rule, state, obs, ...rest) => {
        if (obs.kind === 'value' && failWhen(rule.name, obs.value))
          throw new Error(`boom at ${String(obs.value)}`);
        return evaluate(rule, state, obs, ...rest);
      },
    });
  return { db, bus, m, events } satisfies Harness;
}

const base = { severity: 'minor', category: 'environment' } as const;
const RULES = [
  {
    ...base,
    name: 'hot for a minute',
    target: { entityType: 'Room' },
    condition: { type: 'threshold', attr: 'temperature', op: '>', value: 28, forSec: 60, hysteresis: 2 },
  },
  {
    ...base,
    name: 'full',
    target: { entityIds: [ROOMS[0], ROOMS[1]] },
    condition: { type: 'threshold', attr: 'fill', op: '>=', value: 80, hysteresis: 10 },
  },
  {
    ...base,
    name: 'warming fast',
    target: { idPattern: '.*:[12]' },
    condition: { type: 'rateOfChange', attr: 'temperature', windowSec: 120, delta: 5, direction: 'rise' },
  },
  {
    ...base,
    name: 'hot or full within a minute',
    target: { entityType: 'Room' },
    condition: {
      type: 'any',
      withinSec: 60,
      conditions: [
        { type: 'threshold', attr: 'temperature', op: '>', value: 30 },
        { type: 'threshold', attr: 'fill', op: '>', value: 90 },
      ],
    },
  },
];

/** A deterministic stream of observations: rounds of 1–12 readings, some repeated or late. */
function rounds(n: number, start: number): ObservedEntity[][] {
  let seed = 7;
  const rnd = (k: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return (seed >>> 12) % k;
  };
  const out: ObservedEntity[][] = [];
  for (let r = 0; r < n; r++) {
    const t0 = start + r * 20_000;
    const batch: ObservedEntity[] = [];
    const count = 1 + rnd(12);
    for (let i = 0; i < count; i++) {
      const attr = rnd(2) === 0 ? 'temperature' : 'fill';
      const value = attr === 'temperature' ? 20 + rnd(14) : 60 + rnd(40);
      // Mostly newer; now and then the same instant again or a late one (both must be ignored).
      const skew = rnd(10) === 0 ? -5_000 : rnd(10) === 0 ? 0 : i;
      const at = new Date(t0 + skew).toISOString();
      const entityId = ROOMS[rnd(3)]!;
      batch.push({
        tenant: 'hanam',
        entityType: 'Room',
        obs: { kind: 'value', entityId, entityType: 'Room', attr, value, at },
      });
    }
    out.push(batch);
  }
  return out;
}

async function snapshot(h: Harness) {
  const names = new Map((await h.m.rules.list('hanam')).map((r) => [r.id, r.name]));
  const name = (id: string | null) => (id ? (names.get(id) ?? id) : null);
  const alarms = (await h.m.alarms.list('hanam', { limit: 1000, offset: 0 })).alarms
    .map((a) => ({
      rule: name(a.ruleId),
      entityId: a.entityId,
      state: a.state,
      count: a.count,
      clearedAt: a.clearedAt,
      firstSeen: a.firstSeen,
      lastSeen: a.lastSeen,
      detail: a.detail,
    }))
    .sort((x, y) =>
      `${x.rule}${x.entityId}${x.firstSeen}`.localeCompare(`${y.rule}${y.entityId}${y.firstSeen}`),
    );
  const states = (
    await h.db.query<{ rule_id: string; entity_id: string; state: unknown; due_at: Date | null }>(
      'SELECT rule_id, entity_id, state, due_at FROM rule_states ORDER BY entity_id, rule_id',
    )
  ).rows
    .map((s) => ({ rule: name(s.rule_id), entityId: s.entity_id, state: s.state, dueAt: s.due_at }))
    .sort((x, y) => `${x.rule}${x.entityId}`.localeCompare(`${y.rule}${y.entityId}`));
  // Events in order per rule × entity (rule ids, and so the order of rules, differ between databases).
  const events: Record<string, string[]> = {};
  for (const e of h.events) (events[`${name(e.ruleId)} ${e.entityId}`] ??= []).push(e.kind);
  return { alarms, states, events };
}

for (const backend of await backends()) {
  describe(`rules engine in batches (${backend.name})`, { skip: backend.skip }, () => {
    const dbs: Db[] = [];
    const open = async () => {
      const db = await backend.open();
      dbs.push(db);
      return db;
    };
    const buses: Bus[] = [];
    after(async () => {
      await Promise.all(buses.map((b) => b.close()));
      await Promise.all(dbs.map((d) => d.close()));
    });

    it('a batch gives the same alarms, events and states as the observations one at a time', async () => {
      const clock = fixedClock('2026-03-02T01:00:00.000Z');
      const one = await harness(await open(), clock);
      const many = await harness(await open(), clock);
      buses.push(one.bus, many.bus);
      for (const h of [one, many]) for (const r of RULES) await h.m.rules.create('hanam', r, 'urn:test');
      const stream = rounds(60, clock.now().getTime());
      let repeatedInBatch = 0;
      for (const batch of stream) {
        const keys = batch.map((o) => `${o.obs.entityId} ${(o.obs as { attr: string }).attr}`);
        repeatedInBatch += keys.length - new Set(keys).size;
        clock.advance(20_000);
        for (const o of batch) await one.m.engine.observe(o.tenant, o.obs, o.entityType);
        await many.m.engine.observeBatch(batch);
        clock.advance(1_000);
        await one.m.engine.tick();
        await many.m.engine.tick();
      }
      await Promise.all([one.bus, many.bus].map((b) => b.close()));
      const [a, b] = [await snapshot(one), await snapshot(many)];
      // The stream must exercise what it claims to.
      assert.ok(
        repeatedInBatch > 20,
        `observations of one entity and attribute within a batch: ${repeatedInBatch}`,
      );
      const keys = Object.keys(a.events);
      const raisedBy = new Set(
        keys.filter((k) => a.events[k]!.includes('raised')).map((k) => k.slice(0, k.lastIndexOf(' '))),
      );
      assert.deepEqual([...raisedBy].sort(), RULES.map((r) => r.name).sort());
      const kinds = new Set(Object.values(a.events).flat());
      assert.ok(kinds.has('cleared') && kinds.has('repeated'), [...kinds].join(', '));
      assert.deepEqual(b.events, a.events);
      assert.deepEqual(b.alarms, a.alarms);
      assert.deepEqual(b.states, a.states);
    });

    it('the index follows rule changes at once in the process that saved them, within a second elsewhere', async () => {
      const clock = fixedClock('2026-03-02T01:00:00.000Z');
      const db = await open();
      const here = await harness(db, clock);
      const there = await harness(db, clock);
      buses.push(here.bus, there.bus);
      const at = () => clock.now().toISOString();
      const reading = (entityId: string, attr: string, value: number): ObservedEntity => ({
        tenant: 'hanam',
        entityType: 'Room',
        obs: { kind: 'value', entityId, entityType: 'Room', attr, value, at: at() },
      });
      const alarms = async (h: Harness, ruleId: string) =>
        (await h.m.alarms.list('hanam', { ruleId, limit: 100, offset: 0 })).alarms
          .map((a) => a.entityId)
          .sort();
      const body = {
        ...base,
        name: 'room 1 hot',
        target: { entityIds: [ROOMS[0]] },
        condition: { type: 'threshold', attr: 'temperature', op: '>', value: 28 },
      };
      const rule = await here.m.rules.create('hanam', body, 'urn:test');
      clock.advance(1_000);
      // Only the targeted entity and attribute.
      await here.m.engine.observeBatch([
        reading(ROOMS[1]!, 'temperature', 40),
        reading(ROOMS[0]!, 'fill', 40),
        reading(ROOMS[0]!, 'temperature', 40),
      ]);
      assert.deepEqual(await alarms(here, rule.id), [ROOMS[0]]);
      const states = await db.query('SELECT entity_id FROM rule_states WHERE rule_id = $1', [rule.id]);
      assert.deepEqual(states.rows, [{ entity_id: ROOMS[0] }]);

      // Retargeted here: applies to the next observation.
      await here.m.rules.replace(
        'hanam',
        rule.id,
        { ...body, target: { entityIds: [ROOMS[2]] } },
        'urn:test',
      );
      clock.advance(1_000);
      await here.m.engine.observeBatch([
        reading(ROOMS[0]!, 'temperature', 41),
        reading(ROOMS[2]!, 'temperature', 41),
      ]);
      assert.deepEqual(await alarms(here, rule.id), [ROOMS[0], ROOMS[2]].sort());
      assert.equal(
        (await here.m.alarms.list('hanam', { ruleId: rule.id, limit: 10, offset: 0 })).alarms.find(
          (a) => a.entityId === ROOMS[0],
        )?.count,
        1,
      );

      // Another process: its cached index is refreshed once a second has passed.
      await there.m.engine.observeBatch([reading(ROOMS[1]!, 'fill', 50)]);
      await here.m.rules.replace('hanam', rule.id, { ...body, target: { entityType: 'Room' } }, 'urn:test');
      clock.advance(1_001);
      await there.m.engine.observeBatch([reading(ROOMS[1]!, 'temperature', 45)]);
      assert.deepEqual(await alarms(there, rule.id), [...ROOMS].sort());

      // Disabled elsewhere: no further alarms after the refresh.
      await here.m.rules.setEnabled('hanam', rule.id, false, 'urn:test');
      clock.advance(1_001);
      const before = there.events.length;
      await there.m.engine.observeBatch([
        reading(ROOMS[1]!, 'temperature', 20),
        reading(ROOMS[1]!, 'temperature', 50),
      ]);
      assert.equal(there.events.length, before);
    });

    it('a rule that throws inside a batch is disabled once; the other rules of the batch still apply', async () => {
      const clock = fixedClock('2026-03-02T01:00:00.000Z');
      const h = await harness(await open(), clock, (name, value) => name === 'broken' && Number(value) >= 50);
      buses.push(h.bus);
      const cond = { type: 'threshold', attr: 'temperature', op: '>', value: 30 };
      const bad = await h.m.rules.create(
        'hanam',
        { ...base, name: 'broken', target: { entityType: 'Room' }, condition: cond },
        'urn:test',
      );
      const good = await h.m.rules.create(
        'hanam',
        { ...base, name: 'good', target: { entityType: 'Room' }, condition: cond },
        'urn:test',
      );
      clock.advance(1_000);
      const t = clock.now().getTime();
      const reading = (i: number, entityId: string, value: number): ObservedEntity => ({
        tenant: 'hanam',
        entityType: 'Room',
        obs: {
          kind: 'value',
          entityId,
          entityType: 'Room',
          attr: 'temperature',
          value,
          at: new Date(t + i).toISOString(),
        },
      });
      await h.m.engine.observeBatch([
        reading(0, ROOMS[0]!, 40), // both raise
        reading(1, ROOMS[1]!, 60), // broken throws here
        reading(2, ROOMS[2]!, 35), // only good
        reading(3, ROOMS[1]!, 20), // only good: clears what it raised at 60
        reading(4, ROOMS[2]!, 70), // broken would throw again: it is out of the batch already
      ]);
      const disabled = await h.m.rules.get('hanam', bad.id);
      assert.equal(disabled.enabled, false);
      assert.equal(disabled.version, 2);
      assert.match(disabled.disabledReason ?? '', /boom at 60/);
      const failures = (await h.m.alarms.list('hanam', { category: ['rule-failure'], limit: 10, offset: 0 }))
        .alarms;
      assert.deepEqual(
        failures.map((a) => [a.entityId, a.count]),
        [[bad.id, 1]],
      );
      const of = async (ruleId: string) =>
        (await h.m.alarms.list('hanam', { ruleId, category: ['environment'], limit: 10, offset: 0 })).alarms
          .map((a) => a.entityId)
          .sort();
      assert.deepEqual(await of(good.id), ROOMS);
      const cleared = (
        await h.m.alarms.list('hanam', { ruleId: good.id, entityId: ROOMS[1]!, limit: 1, offset: 0 })
      ).alarms[0];
      assert.equal(cleared?.clearedAt, clock.now().toISOString());
      // What the broken rule did before it threw stays, as if the observations came one at a time.
      assert.deepEqual(await of(bad.id), [ROOMS[0]]);
      const st = await h.db.query<{ entity_id: string; state: { lastAt: Record<string, string> } }>(
        'SELECT entity_id, state FROM rule_states WHERE rule_id = $1 ORDER BY entity_id',
        [bad.id],
      );
      assert.deepEqual(
        st.rows.map((r) => [r.entity_id, r.state.lastAt.temperature ?? null]),
        [
          [ROOMS[0], new Date(t).toISOString()],
          [ROOMS[1], null],
          [ROOMS[2], null],
        ],
      );
      // The good rule saw every observation, the last one of ROOMS[1] included.
      const gs = await h.db.query<{ entity_id: string; state: { lastAt: Record<string, string> } }>(
        'SELECT entity_id, state FROM rule_states WHERE rule_id = $1 ORDER BY entity_id',
        [good.id],
      );
      assert.deepEqual(
        gs.rows.map((r) => r.state.lastAt.temperature),
        [0, 3, 4].map((i) => new Date(t + i).toISOString()),
      );
    });
  });
}
