import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PGlite } from '@electric-sql/pglite';
import fc from 'fast-check';
import type { TypeExpr } from './index.ts';
import { compileTypeExprToSql, matchTypes, parseTypeExpr, QuerySyntaxError, typeExprNames } from './index.ts';
import { expandTerm } from './test-support.ts';

const t = (name: string): TypeExpr => ({ kind: 'type', name });

describe('parseTypeExpr (NGSI-LD 1.8 §4.17)', () => {
  it('parses names, lists, or, and, and parentheses', () => {
    assert.deepEqual(parseTypeExpr('Building'), t('Building'));
    assert.deepEqual(parseTypeExpr('A,B'), { kind: 'or', items: [t('A'), t('B')] });
    assert.deepEqual(parseTypeExpr('A|B'), { kind: 'or', items: [t('A'), t('B')] });
    assert.deepEqual(parseTypeExpr('A;B|C'), {
      kind: 'or',
      items: [{ kind: 'and', items: [t('A'), t('B')] }, t('C')],
    });
    assert.deepEqual(parseTypeExpr('(A|B);C'), {
      kind: 'and',
      items: [{ kind: 'or', items: [t('A'), t('B')] }, t('C')],
    });
    assert.deepEqual(parseTypeExpr('https://ex.org/ns#Bin, ex:Sensor'), {
      kind: 'or',
      items: [t('https://ex.org/ns#Bin'), t('ex:Sensor')],
    });
  });

  for (const bad of ['', 'A,', ',A', 'A;;B', '(A', 'A)', 'A B', '1A', 'A==B', '()']) {
    it(`rejects ${JSON.stringify(bad)}`, () => {
      assert.throws(() => parseTypeExpr(bad), QuerySyntaxError);
    });
  }

  it('lists names once each', () => {
    assert.deepEqual(typeExprNames(parseTypeExpr('(A|B);A,C')), ['A', 'B', 'C']);
  });
});

describe('matchTypes and compileTypeExprToSql', () => {
  let db: PGlite;
  before(async () => {
    db = new PGlite();
    await db.exec('create table e (id text primary key, types text[] not null)');
  });
  after(async () => {
    await db.close();
  });

  const sqlSelects = async (expr: TypeExpr, types: string[]): Promise<boolean> => {
    const params: unknown[] = [types];
    const where = compileTypeExprToSql(expr, expandTerm, (v) => {
      params.push(v);
      return `$${params.length}`;
    });
    const res = await db.query<{ r: boolean }>(
      `select ${where} as r from (select $1::text[] as types) s`,
      params,
    );
    return res.rows[0]!.r;
  };

  const cases: Array<[string, string[], boolean]> = [
    ['A', ['A'], true],
    ['A', ['B'], false],
    ['A,B', ['B'], true],
    ['A;B', ['B'], false],
    ['A;B', ['A', 'B', 'C'], true],
    ['(A|B);C', ['B', 'C'], true],
    ['(A|B);C', ['A', 'B'], false],
    ['A;B|C;D', ['C', 'D'], true],
    ['A;(B|(C;D))', ['A', 'C'], false],
  ];
  for (const [src, types, expected] of cases) {
    it(`${src} on [${types.join(',')}] → ${expected}`, async () => {
      const expr = parseTypeExpr(src);
      const expanded = types.map(expandTerm);
      assert.equal(matchTypes(expr, expanded, expandTerm), expected);
      assert.equal(await sqlSelects(expr, expanded), expected);
    });
  }

  it('passes type IRIs as parameters', () => {
    const params: unknown[] = [];
    const sql = compileTypeExprToSql(parseTypeExpr('A|B;C'), expandTerm, (v) => {
      params.push(v);
      return `$${params.length + 2}`;
    });
    assert.equal(sql, '((types && ARRAY[$3]::text[]) OR (types @> ARRAY[$4, $5]::text[]))');
    assert.deepEqual(params, ['https://ex.org/A', 'https://ex.org/B', 'https://ex.org/C']);
  });

  it('agrees with matchTypes on random expressions', async () => {
    const names = ['A', 'B', 'C'];
    const exprArb = fc.letrec<{ e: TypeExpr }>((tie) => ({
      e: fc.oneof(
        { depthSize: 'small', maxDepth: 3 },
        fc.constantFrom(...names).map(t),
        fc.array(tie('e'), { minLength: 2, maxLength: 3 }).map((items): TypeExpr => ({ kind: 'and', items })),
        fc.array(tie('e'), { minLength: 2, maxLength: 3 }).map((items): TypeExpr => ({ kind: 'or', items })),
      ),
    })).e;
    await fc.assert(
      fc.asyncProperty(exprArb, fc.subarray(names), async (expr, types) => {
        const expanded = types.map(expandTerm);
        assert.equal(await sqlSelects(expr, expanded), matchTypes(expr, expanded, expandTerm));
      }),
      { numRuns: 200 },
    );
  });
});
