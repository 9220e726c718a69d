import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nextOccurrence, occurrenceAt, parseHhMm, windowLengthMs } from './seoul-window.ts';

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

describe('daily windows in Asia/Seoul (UTC+09:00)', () => {
  it('parses HH:MM strictly and measures windows across midnight', () => {
    assert.equal(parseHhMm('00:00'), 0);
    assert.equal(parseHhMm('23:59'), 1439);
    assert.equal(parseHhMm('24:00'), undefined);
    assert.equal(parseHhMm('7:00'), undefined);
    assert.equal(windowLengthMs({ start: '22:00', end: '06:00' }), 8 * 3_600_000);
    assert.equal(windowLengthMs({ start: '08:00', end: '20:00' }), 12 * 3_600_000);
  });

  it('places a day window on the Korean calendar day, not the UTC one', () => {
    const w = [{ start: '08:00', end: '20:00' }];
    // 2026-03-01T23:30Z is 08:30 KST on 2 March
    const occ = occurrenceAt(w, Date.parse('2026-03-01T23:30:00Z'));
    assert.deepEqual(
      [iso(occ?.start), iso(occ?.end)],
      ['2026-03-01T23:00:00.000Z', '2026-03-02T11:00:00.000Z'],
    );
    assert.equal(occurrenceAt(w, Date.parse('2026-03-02T11:00:00Z')), undefined, 'the end is excluded');
    assert.equal(
      iso(nextOccurrence(w, Date.parse('2026-03-02T11:00:00Z'))?.start),
      '2026-03-02T23:00:00.000Z',
    );
  });

  it('finds a night window that began on the previous Korean day', () => {
    const w = [{ start: '22:00', end: '06:00' }];
    // 2026-03-02T18:00Z is 03:00 KST on 3 March: inside the window that began 22:00 KST on 2 March
    const occ = occurrenceAt(w, Date.parse('2026-03-02T18:00:00Z'));
    assert.deepEqual(
      [iso(occ?.start), iso(occ?.end)],
      ['2026-03-02T13:00:00.000Z', '2026-03-02T21:00:00.000Z'],
    );
    assert.equal(occurrenceAt(w, Date.parse('2026-03-02T03:00:00Z')), undefined); // 12:00 KST
  });
});
