// Recursive-descent parser for the NGSI-LD query language (NGSI-LD 1.8 §4.9).
//   query   = or
//   or      = and *("|" and)            ; AND binds tighter than OR
//   and     = primary *(";" primary)
//   primary = "(" or ")" / "!" path / path [op value]
import type { QAttrPath, QCompareOp, QExpr, QValue } from './q-ast.ts';
import { qAnd, qOr } from './q-ast.ts';
import { QuerySyntaxError } from './errors.ts';
import { Scanner } from './q-lexer.ts';
import { readAttrPath } from './q-path.ts';
import { checkPattern } from './q-regex.ts';
import { classifyBare, isComparable } from './q-values.ts';

/** Parentheses deeper than this are refused (guards the call stack). */
const MAX_DEPTH = 64;
/** Operators, longest first so that `!~=` wins over `!=`. */
const OPERATORS = ['!~=', '~=', '==', '!=', '>=', '<=', '>', '<'] as const;
type Operator = (typeof OPERATORS)[number];

/** Parses a (URL-decoded) q string; throws QuerySyntaxError, and only that, on bad input. */
export function parseQ(q: string): QExpr {
  const sc = new Scanner(q);
  sc.skipSpace();
  if (sc.atEnd()) throw new QuerySyntaxError('empty query', 0);
  const expr = parseOr(sc, 0);
  sc.skipSpace();
  if (!sc.atEnd()) sc.fail(sc.peek() === ')' ? "no ')' without a matching '('" : "';', '|' or end of query");
  return expr;
}

function parseOr(sc: Scanner, depth: number): QExpr {
  const items = [parseAnd(sc, depth)];
  while (sc.eat('|')) items.push(parseAnd(sc, depth));
  return qOr(items);
}

function parseAnd(sc: Scanner, depth: number): QExpr {
  const items = [parsePrimary(sc, depth)];
  while (sc.eat(';')) items.push(parsePrimary(sc, depth));
  return qAnd(items);
}

function parsePrimary(sc: Scanner, depth: number): QExpr {
  sc.skipSpace();
  if (sc.peek() === '(') {
    if (depth >= MAX_DEPTH) throw new QuerySyntaxError(`parentheses nested deeper than ${MAX_DEPTH}`, sc.pos);
    sc.pos++;
    const inner = parseOr(sc, depth + 1);
    if (!sc.eat(')')) sc.fail("';', '|' or ')'");
    return inner;
  }
  if (sc.peek() === '!') {
    // §4.9: "!attr" holds for entities without the attribute.
    sc.pos++;
    if (sc.peek() === '(') sc.fail("an attribute name after '!' (negating a group is not part of §4.9)");
    return { kind: 'exists', path: readAttrPath(sc), negated: true };
  }
  const path = readAttrPath(sc);
  sc.skipSpace();
  const op = OPERATORS.find((o) => sc.startsWith(o));
  if (op === undefined) {
    if (!sc.atEnd() && !';|)'.includes(sc.peek()))
      sc.fail("an operator (==, !=, >, >=, <, <=, ~=, !~=), ';', '|' or ')'");
    return { kind: 'exists', path, negated: false };
  }
  sc.pos += op.length;
  return parseTermValue(sc, path, op);
}

function parseTermValue(sc: Scanner, path: QAttrPath, op: Operator): QExpr {
  if (op === '~=' || op === '!~=') return parsePattern(sc, path, op === '!~=');
  const first = readValue(sc, op);
  if (op !== '==' && op !== '!=') {
    if (!isComparable(first.value)) {
      sc.fail(`a number, quoted string, DateTime, Date or Time after '${op}'`, first.at);
    }
    return { kind: 'compare', path, op, value: first.value };
  }
  const negated = op === '!=';
  sc.skipSpace();
  if (sc.startsWith('..')) {
    sc.pos += 2;
    const high = readValue(sc, op);
    for (const bound of [first, high]) {
      if (!isComparable(bound.value))
        sc.fail('a number, quoted string, DateTime, Date or Time as range bound', bound.at);
    }
    return { kind: 'range', path, negated, low: first.value, high: high.value };
  }
  if (sc.peek() === ',') {
    const values = [first.value];
    while (sc.eat(',')) values.push(readValue(sc, op).value);
    return { kind: 'list', path, negated, values };
  }
  return { kind: 'compare', path, op: op satisfies QCompareOp, value: first.value };
}

function readValue(sc: Scanner, op: Operator): { value: QValue; at: number } {
  sc.skipSpace();
  const at = sc.pos;
  if (sc.peek() === '"') return { value: { kind: 'string', value: sc.readQuoted(true) }, at };
  const raw = sc.readBare();
  if (raw === '') sc.fail(`a value after '${op}'`);
  return { value: classifyBare(raw, at), at };
}

function parsePattern(sc: Scanner, path: QAttrPath, negated: boolean): QExpr {
  sc.skipSpace();
  const at = sc.pos;
  const quoted = sc.peek() === '"';
  const raw = quoted ? sc.readQuoted(false) : sc.readBarePattern();
  if (raw === '' && !quoted) sc.fail('a regular expression', at);
  const { pattern, caseInsensitive } = checkPattern(raw, at);
  return { kind: 'pattern', path, negated, pattern, caseInsensitive };
}

/** The top-level attribute names a query uses, each once, in order of appearance. */
export function qAttributeNames(expr: QExpr): string[] {
  const names = new Set<string>();
  const visit = (e: QExpr): void => {
    if (e.kind === 'and' || e.kind === 'or') e.items.forEach(visit);
    else names.add(e.path.attr);
  };
  visit(expr);
  return [...names];
}
