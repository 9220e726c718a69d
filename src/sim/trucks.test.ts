import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startDemoTrucks, type TruckPlan, type TrucksPort } from './trucks.ts';
import type { Logger } from '../kernel/index.ts';

const quiet = { info() {}, warn() {}, error() {}, debug() {}, child: () => quiet } as unknown as Logger;

describe('demo trucks', () => {
  it('empty the bins whose ETA has passed, report them, and ask for a new plan when nothing is left', async () => {
    let now = Date.parse('2026-03-02T20:00:00Z');
    const at = (min: number) => new Date(now + min * 60_000).toISOString();
    const plans: TruckPlan[] = [];
    const reported: string[] = [];
    const emptied: string[] = [];
    const stop = (binId: string, eta: string) => ({ binId, deviceId: `dev-${binId}`, eta, state: 'pending' });
    const port: TrucksPort = {
      current: async () => plans.at(-1) ?? null,
      plan: async () => {
        const p = {
          id: `p${plans.length}`,
          routes: [{ truckId: 't', stops: [stop('a', at(5)), stop('b', at(15))] }],
        };
        plans.push(p);
        return p;
      },
      reportEmptied: async (binId) => {
        reported.push(binId);
        for (const r of plans.at(-1)!.routes)
          for (const s of r.stops) if (s.binId === binId) s.state = 'done';
      },
      emptyDevice: (deviceId) => void emptied.push(deviceId),
      now: () => new Date(now),
    };
    const trucks = startDemoTrucks(port, quiet, { intervalMs: 3_600_000, replanMs: 30 * 60_000 });
    try {
      assert.equal(await trucks.tick(), 0); // a plan is made; nothing is due yet
      assert.equal(plans.length, 1);
      now += 6 * 60_000;
      assert.equal(await trucks.tick(), 1);
      assert.deepEqual(reported, ['a']);
      assert.deepEqual(emptied, ['dev-a']);
      now += 10 * 60_000;
      assert.equal(await trucks.tick(), 1);
      assert.deepEqual(reported, ['a', 'b']);
      // All done, but the last plan was asked for 16 min ago: no new plan before 30 min.
      assert.equal(await trucks.tick(), 0);
      assert.equal(plans.length, 1);
      now += 15 * 60_000;
      await trucks.tick();
      assert.equal(plans.length, 2);
    } finally {
      trucks.stop();
    }
  });
});
