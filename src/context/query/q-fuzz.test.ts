// Bad input must only ever produce QuerySyntaxError (a 400), never another exception (a 500).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { StoredEntity } from '../model.ts';
import {
  compileQToJsonPath,
  compileTypeExprToSql,
  evaluateQ,
  parseAttrList,
  parseQ,
  parseTypeExpr,
  QuerySyntaxError,
} from './index.ts';
import { expandTerm, SAMPLE_ENTITY } from './test-support.ts';

/** Runs f; passes when it returns or throws QuerySyntaxError; returns f's value or undefined. */
function onlySyntaxErrors<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch (e) {
    assert.ok(e instanceof QuerySyntaxError, `unexpected ${String(e)}`);
    return undefined;
  }
}

/** Strings built from the query language's own characters reach deeper than random text. */
const qAlphabet = fc.constantFrom(
  ...'abcT_.:/#~!=<>;|(),[]"\\ ^$*+?{}-019eEZ'.split(''),
  '==',
  '!=',
  '~=',
  '!~=',
  '..',
  '2026-01-01T00:00:00Z',
  'true',
  'null',
  '"x"',
  'https://ex.org/a',
  '(?i)',
  '\u0000',
  '\uD800',
  'é',
  '😀',
);
const qLike = fc.array(qAlphabet, { maxLength: 30 }).map((parts) => parts.join(''));
const anyText = fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), qLike);

describe('fuzzing the parsers', () => {
  it('parseQ throws nothing but QuerySyntaxError, and what parses compiles and evaluates', () => {
    const entity: StoredEntity = SAMPLE_ENTITY;
    fc.assert(
      fc.property(anyText, (text) => {
        const expr = onlySyntaxErrors(() => parseQ(text));
        if (expr === undefined) return;
        onlySyntaxErrors(() => compileQToJsonPath(expr, expandTerm));
        assert.equal(typeof evaluateQ(expr, entity, expandTerm), 'boolean');
      }),
      { numRuns: 3000 },
    );
  });

  it('parseTypeExpr throws nothing but QuerySyntaxError', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const expr = onlySyntaxErrors(() => parseTypeExpr(text));
        if (expr !== undefined)
          assert.equal(typeof compileTypeExprToSql(expr, expandTerm, () => '$1'), 'string');
      }),
      { numRuns: 2000 },
    );
  });

  it('parseAttrList throws nothing but QuerySyntaxError', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const names = onlySyntaxErrors(() => parseAttrList(text));
        if (names !== undefined)
          assert.ok(names.length > 0 && names.every((n) => n.length > 0 && !n.includes(',')));
      }),
      { numRuns: 2000 },
    );
  });

  it('survives very long and deeply nested input', () => {
    assert.equal(
      onlySyntaxErrors(() => parseQ('('.repeat(100_000))),
      undefined,
    );
    const long = Array.from({ length: 5000 }, (_, i) => `a${i}==${i}`).join(';');
    const expr = parseQ(long);
    assert.equal(expr.kind === 'and' && expr.items.length, 5000);
  });
});
