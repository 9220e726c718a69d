// Runs the compiled SQL/JSON paths on a real PostgreSQL (PGlite, in memory) and checks that they
// select exactly what the in-memory evaluator selects.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PGlite } from '@electric-sql/pglite';
import fc from 'fast-check';
import type { StoredEntity } from '../model.ts';
import type { QExpr } from './index.ts';
import { compileQToJsonPath, evaluateQ, parseQ } from './index.ts';
import {
  EDGE_CASES,
  entityArb,
  expandTerm,
  exprArb,
  SAMPLE_CASES,
  SAMPLE_ENTITY,
  WEIRD_IRI,
} from './test-support.ts';

let db: PGlite;
before(async () => {
  db = new PGlite();
  await db.waitReady;
});
after(async () => {
  await db.close();
});

async function sqlMatches(expr: QExpr, entity: StoredEntity): Promise<boolean> {
  const { path, vars } = compileQToJsonPath(expr, expandTerm);
  const res = await db.query<{ r: boolean }>(
    'select jsonb_path_exists($1::jsonb, $2::jsonpath, $3::jsonb) as r',
    [JSON.stringify(entity.attrs), path, JSON.stringify(vars)],
  );
  return res.rows[0]!.r;
}

describe('compileQToJsonPath on PostgreSQL', () => {
  for (const [q, expected] of SAMPLE_CASES) {
    it(`${q} → ${expected}`, async () => {
      assert.equal(await sqlMatches(parseQ(q), SAMPLE_ENTITY), expected);
    });
  }

  for (const [q, attrs, expected] of EDGE_CASES) {
    it(`${q} on ${JSON.stringify(attrs)} → ${expected}`, async () => {
      assert.equal(await sqlMatches(parseQ(q), { ...SAMPLE_ENTITY, attrs }), expected);
    });
  }

  it('puts literal values in vars, never in the path text', () => {
    const { path, vars } = compileQToJsonPath(
      parseQ('name=="secret\' OR 1=1";n==12345;d>2031-01-01'),
      expandTerm,
    );
    assert.ok(!path.includes('secret') && !path.includes('12345') && !path.includes('2031'));
    assert.deepEqual(vars, {
      v1: "secret' OR 1=1",
      v2: ["https://ex.org/secret' OR 1=1"],
      v3: 12345,
      v4: '2031-01-01',
    });
  });

  it('works with the @? operator too', async () => {
    const { path, vars } = compileQToJsonPath(parseQ('temperature>20'), expandTerm);
    const res = await db.query<{ r: boolean }>(
      'select jsonb_path_exists($1::jsonb, $2::jsonpath, $3::jsonb, true) as r',
      [JSON.stringify(SAMPLE_ENTITY.attrs), path, JSON.stringify(vars)],
    );
    assert.equal(res.rows[0]!.r, true);
  });

  it('keeps hostile attribute IRIs and patterns inside their string literals', async () => {
    const hostile = ['x") || exists($', '\\', '"', 'a\\"b', '\u0007', 'é😀'];
    for (const text of hostile) {
      const iri = `https://ex.org/${text}`;
      const entity: StoredEntity = {
        ...SAMPLE_ENTITY,
        attrs: { [iri]: [{ type: 'Property', value: text }] },
      };
      const pattern = `^${text.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')}$`;
      const expr = parseQ(`a~="${pattern.replaceAll('"', '\\"')}"`);
      const { path, vars } = compileQToJsonPath(expr, () => iri);
      const res = await db.query<{ r: boolean }>(
        'select jsonb_path_exists($1::jsonb, $2::jsonpath, $3::jsonb) as r',
        [JSON.stringify(entity.attrs), path, JSON.stringify(vars)],
      );
      assert.equal(res.rows[0]!.r, true, `IRI and pattern for ${JSON.stringify(text)}`);
      assert.equal(
        evaluateQ(expr, entity, () => iri),
        true,
      );
    }
    assert.ok(WEIRD_IRI.includes('"'));
  });

  it('agrees with evaluateQ on random queries and entities', async () => {
    await fc.assert(
      fc.asyncProperty(exprArb, entityArb, async (expr, entity) => {
        assert.equal(await sqlMatches(expr, entity), evaluateQ(expr, entity, expandTerm));
      }),
      { numRuns: 400 },
    );
  });
});
