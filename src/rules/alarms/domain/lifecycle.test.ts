import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DosiError } from '../../../kernel/index.ts';
import { escalationLevelAt, nextEscalationAt } from './escalation.ts';
import { STATES, TRANSITIONS, transition, worst } from './lifecycle.ts';

describe('alarm lifecycle', () => {
  it('walks open → acknowledged → dispatched → resolved → closed', () => {
    let s = transition('alarm', 'a', 'open', 'acknowledged');
    s = transition('alarm', 'a', s, 'dispatched');
    s = transition('alarm', 'a', s, 'resolved');
    assert.equal(transition('alarm', 'a', s, 'closed'), 'closed');
  });

  it('refuses every move not in the table with the coded error of its kind', () => {
    let refused = 0;
    for (const from of STATES)
      for (const to of STATES) {
        if (TRANSITIONS[from].includes(to)) continue;
        assert.throws(
          () => transition('incident', 'i', from, to),
          (e: unknown) =>
            e instanceof DosiError && e.code === 'DOSI_ERR_INCIDENT_TRANSITION' && e.status === 409,
        );
        refused++;
      }
    assert.equal(refused, 25 - 5);
    assert.throws(
      () => transition('alarm', 'a', 'closed', 'open'),
      (e: unknown) =>
        e instanceof DosiError &&
        e.code === 'DOSI_ERR_ALARM_TRANSITION' &&
        /nothing \(final\)/.test(e.message),
    );
  });

  it('an incident is as severe as its worst alarm', () => {
    assert.equal(worst(['minor', 'critical', 'info']), 'critical');
    assert.equal(worst([]), 'info');
  });
});

describe('escalation', () => {
  const a = {
    state: 'open',
    escalationLevel: 0,
    escalateAfterMin: 10,
    createdAt: '2026-03-02T10:00:00.000Z',
  };
  it('steps every N minutes while open, up to level 3', () => {
    assert.equal(nextEscalationAt(a), '2026-03-02T10:10:00.000Z');
    assert.equal(escalationLevelAt(a, new Date('2026-03-02T10:09:59Z')), 0);
    assert.equal(escalationLevelAt(a, new Date('2026-03-02T10:10:00Z')), 1);
    assert.equal(escalationLevelAt(a, new Date('2026-03-02T10:25:00Z')), 2);
    assert.equal(escalationLevelAt(a, new Date('2026-03-03T10:00:00Z')), 3);
    assert.equal(nextEscalationAt({ ...a, escalationLevel: 2 }), '2026-03-02T10:30:00.000Z');
    assert.equal(nextEscalationAt({ ...a, escalationLevel: 3 }), null);
  });
  it('stops once acknowledged', () => {
    const acked = { ...a, state: 'acknowledged' };
    assert.equal(nextEscalationAt(acked), null);
    assert.equal(escalationLevelAt(acked, new Date('2026-03-03T10:00:00Z')), 0);
  });
});
