// A retransmission that arrives while its original is still queued in the group-commit writer (a
// device or broker resending after a reconnection during a slow commit): the database cannot show the
// original yet, so the copy must wait for it and be reported as a duplicate — stored once, on both
// engines.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { backends } from './helpers/backends.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';

const PROFILE = {
  id: 'resend-counter',
  name: 'resend counter',
  entityType: 'Counter',
  reportingIntervalSec: 60,
  attributes: [{ key: 'seq', attr: 'seq', type: 'integer', min: 0 }],
};

for (const backend of await backends()) {
  describe(`retransmission of a pending reading on ${backend.name}`, { skip: backend.skip }, () => {
    let app: TestApp;
    after(async () => app?.close());

    it('stores the reading once and reports the copy as a duplicate', async () => {
      app = await startTestApp(backend);
      await app.token('hanam'); // creates the tenant
      const p = app.platform;
      await p.devices.createProfile('hanam', PROFILE);
      await p.devices.createDevice('hanam', { id: 'r-1', profileId: PROFILE.id });
      const known = (await p.devices.resolve('hanam', 'r-1'))!;
      const ingest = p.ingestion!.ingest;
      const raw = (seq: number, resend: boolean) => {
        const at = new Date().toISOString();
        return {
          tenant: 'hanam',
          deviceId: 'r-1',
          transport: 'mqtt' as const,
          topic: 'dosi/hanam/r-1/attrs',
          payload: Buffer.from(JSON.stringify({ seq })),
          receivedAt: at,
          ...(resend ? { dupBefore: at } : {}),
        };
      };
      // originals and their copies submitted in the same turn: every original is still queued when
      // its copy arrives
      const outcomes = await Promise.all(
        [1, 2, 3].flatMap((seq) => [
          ingest.accept(raw(seq, false), known),
          ingest.accept(raw(seq, true), known),
        ]),
      );
      assert.deepEqual(
        outcomes.map((o) => (o.ok ? o.stored : 'refused')),
        [true, false, true, false, true, false],
      );
      const rows = await p.db.query<{ seq: number; n: number }>(
        `SELECT (instance->>'value')::int AS seq, count(*)::int AS n FROM temporal_instances
          WHERE entity_id = $1 AND attr LIKE '%/seq' GROUP BY 1 ORDER BY 1`,
        [known.device.entityId],
      );
      assert.deepEqual(rows.rows, [
        { seq: 1, n: 1 },
        { seq: 2, n: 1 },
        { seq: 3, n: 1 },
      ]);
    });
  });
}
