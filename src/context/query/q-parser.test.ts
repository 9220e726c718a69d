import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { QExpr } from './index.ts';
import { formatQ, parseQ, qAttributeNames, QuerySyntaxError } from './index.ts';
import { exprArb } from './test-support.ts';

const path = (attr: string, dotted: string[] = [], keys: string[] = []) => ({ attr, dotted, keys });

describe('parseQ', () => {
  it('parses comparisons with typed values', () => {
    assert.deepEqual(parseQ('temperature>=20.5'), {
      kind: 'compare',
      path: path('temperature'),
      op: '>=',
      value: { kind: 'number', value: 20.5 },
    });
    const values = (q: string) => (parseQ(q) as Extract<QExpr, { kind: 'compare' }>).value;
    assert.deepEqual(values('a=="x \\"y\\" \\\\z"'), { kind: 'string', value: 'x "y" \\z' });
    assert.deepEqual(values('a==true'), { kind: 'boolean', value: true });
    assert.deepEqual(values('a==-3e2'), { kind: 'number', value: -300 });
    assert.deepEqual(values('a>2026-11-22T10:00:00Z'), { kind: 'dateTime', value: '2026-11-22T10:00:00Z' });
    assert.deepEqual(values('a>2026-11-22T10:00:00.123+09:00'), {
      kind: 'dateTime',
      value: '2026-11-22T10:00:00.123+09:00',
    });
    assert.deepEqual(values('a<2026-11-22'), { kind: 'date', value: '2026-11-22' });
    assert.deepEqual(values('a<=10:00:00Z'), { kind: 'time', value: '10:00:00Z' });
    assert.deepEqual(values('a==urn:ngsi-ld:Person:1'), { kind: 'uri', value: 'urn:ngsi-ld:Person:1' });
    assert.deepEqual(values('a==https://ex.org/x?y=1#z'), { kind: 'uri', value: 'https://ex.org/x?y=1#z' });
  });

  it('parses existence, negated existence, ranges, lists and patterns', () => {
    assert.deepEqual(parseQ('a'), { kind: 'exists', path: path('a'), negated: false });
    assert.deepEqual(parseQ('!a.b'), { kind: 'exists', path: path('a', ['b']), negated: true });
    assert.deepEqual(parseQ('a==1..5'), {
      kind: 'range',
      path: path('a'),
      negated: false,
      low: { kind: 'number', value: 1 },
      high: { kind: 'number', value: 5 },
    });
    assert.deepEqual(parseQ('a!=2026-01-01..2026-12-31'), {
      kind: 'range',
      path: path('a'),
      negated: true,
      low: { kind: 'date', value: '2026-01-01' },
      high: { kind: 'date', value: '2026-12-31' },
    });
    assert.deepEqual(parseQ('a!="x",2,false'), {
      kind: 'list',
      path: path('a'),
      negated: true,
      values: [
        { kind: 'string', value: 'x' },
        { kind: 'number', value: 2 },
        { kind: 'boolean', value: false },
      ],
    });
    assert.deepEqual(parseQ('a~="^x\\d+(a|b)$"'), {
      kind: 'pattern',
      path: path('a'),
      negated: false,
      pattern: '^x\\d+(a|b)$',
      caseInsensitive: false,
    });
    assert.deepEqual(parseQ('a!~=(?i)^ab(c|d);b'), {
      kind: 'and',
      items: [
        { kind: 'pattern', path: path('a'), negated: true, pattern: '^ab(c|d)', caseInsensitive: true },
        { kind: 'exists', path: path('b'), negated: false },
      ],
    });
  });

  it('parses attribute paths, compound keys and IRIs', () => {
    const p = (q: string) => (parseQ(q) as Extract<QExpr, { kind: 'exists' }>).path;
    assert.deepEqual(p('a.observedAt'), path('a', ['observedAt']));
    assert.deepEqual(p('a[k]'), path('a', [], ['k']));
    assert.deepEqual(p('a[k.k2]'), path('a', [], ['k', 'k2']));
    assert.deepEqual(p('a[k][k2]'), path('a', [], ['k', 'k2']));
    assert.deepEqual(p('a.sub[k]'), path('a', ['sub'], ['k']));
    assert.deepEqual(p('a.k.k2'), path('a', ['k', 'k2']));
    assert.deepEqual(p('ex:temp.unitCode'), path('ex:temp', ['unitCode']));
    assert.deepEqual(p('https://ex.org/ns/temp'), path('https://ex.org/ns/temp'));
    assert.deepEqual(p('https://ex.org/ns/temp.unitCode'), path('https://ex.org/ns/temp', ['unitCode']));
    assert.deepEqual(
      p('https://ex.org/ns#temp.https://ex.org/ns#sub'),
      path('https://ex.org/ns#temp', ['https://ex.org/ns#sub']),
    );
    assert.deepEqual(p('urn:ngsi-ld:attr.sub[k]'), path('urn:ngsi-ld:attr', ['sub'], ['k']));
    assert.deepEqual(p('온도'), path('온도'));
    assert.deepEqual(parseQ('https://ex.org/~user/a==1').kind, 'compare');
  });

  it('gives AND precedence over OR and honours parentheses', () => {
    const e = (a: string) => ({ kind: 'exists', path: path(a), negated: false });
    assert.deepEqual(parseQ('a;b|c'), {
      kind: 'or',
      items: [{ kind: 'and', items: [e('a'), e('b')] }, e('c')],
    });
    assert.deepEqual(parseQ('a;(b|c)'), {
      kind: 'and',
      items: [e('a'), { kind: 'or', items: [e('b'), e('c')] }],
    });
    assert.deepEqual(parseQ('((a));((b;c))'), { kind: 'and', items: [e('a'), e('b'), e('c')] });
    assert.deepEqual(parseQ(' a == 1 ; b '), parseQ('a==1;b'));
  });

  const bad: Array<[string, RegExp]> = [
    ['', /empty query/],
    ['a==', /expected a value after '=='.*position 3/],
    ['a=1', /expected an operator.*position 1/],
    ['(a', /expected ';', '\|' or '\)', found end of input/],
    ['a)', /no '\)' without a matching '\('/],
    ['a;;b', /expected an attribute name.*position 2/],
    ['a>true', /a number, quoted string, DateTime, Date or Time after '>'/],
    ['a>foo', /after '>'/],
    ['a==true..5', /range bound/],
    ['a>1..5', /expected ';', '\|' or end of query/],
    ['a=="x', /unterminated quoted string.*position 3/],
    ['a==null', /null is not a query value/],
    ['a~="(x"', /invalid regular expression/],
    ['a~="\\bx"', /unsupported regular expression construct \\b/],
    ['a~="(?<n>x)"', /unsupported regular expression construct/],
    ['a~=', /expected a regular expression/],
    ['!(a)', /negating a group/],
    ['a[', /expected a key name and '\]'/],
    ['a[k..m]', /key names separated by single dots/],
    ['a..b', /expected an attribute name/],
    ['1a==2', /expected an attribute name/],
    ['a==1e999', /out of range/],
    ['a==x\u0000', /NUL/],
    ['('.repeat(100) + 'a' + ')'.repeat(100), /nested deeper than 64/],
  ];
  for (const [q, message] of bad) {
    it(`rejects ${JSON.stringify(q.slice(0, 30))}`, () => {
      assert.throws(
        () => parseQ(q),
        (e: unknown) => e instanceof QuerySyntaxError && message.test(e.message),
      );
    });
  }

  it('reports the position of the error', () => {
    try {
      parseQ('a==1;b>>2');
      assert.fail('should throw');
    } catch (e) {
      assert.ok(e instanceof QuerySyntaxError);
      assert.equal(e.position, 7);
    }
  });

  it('round-trips through formatQ', () => {
    fc.assert(
      fc.property(exprArb, (expr) => {
        assert.deepEqual(parseQ(formatQ(expr)), expr);
      }),
      { numRuns: 500 },
    );
  });
});

describe('qAttributeNames', () => {
  it('lists each top-level attribute once, in order', () => {
    assert.deepEqual(qAttributeNames(parseQ('b.observedAt>1;(a[k]==1|!b|c~="x");a')), ['b', 'a', 'c']);
  });
});
