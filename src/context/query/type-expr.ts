// Entity type selection expressions (NGSI-LD 1.8 §4.17): `A`, `A,B` (legacy list = or),
// `A|B` (or), `A;B` (and: the entity has both types), parentheses. AND binds tighter than OR.
import { QuerySyntaxError } from './errors.ts';
import { Scanner } from './q-lexer.ts';

export type TypeExpr =
  | { readonly kind: 'type'; readonly name: string }
  | { readonly kind: 'and'; readonly items: readonly TypeExpr[] }
  | { readonly kind: 'or'; readonly items: readonly TypeExpr[] };

type Expand = (term: string) => string;

const MAX_DEPTH = 64;
const TYPE_NAME = /^([\p{L}_][\p{L}\p{N}_-]*|[A-Za-z][A-Za-z0-9+.-]*:[^\s]+)$/u;

export function parseTypeExpr(s: string): TypeExpr {
  const sc = new Scanner(s);
  sc.skipSpace();
  if (sc.atEnd()) throw new QuerySyntaxError('empty type expression', 0);
  const expr = parseOr(sc, 0);
  sc.skipSpace();
  if (!sc.atEnd()) sc.fail("',', '|', ';' or end of type expression");
  return expr;
}

function parseOr(sc: Scanner, depth: number): TypeExpr {
  const items = [parseAnd(sc, depth)];
  while (sc.eat('|') || sc.eat(',')) items.push(parseAnd(sc, depth));
  return items.length === 1 ? items[0]! : { kind: 'or', items };
}

function parseAnd(sc: Scanner, depth: number): TypeExpr {
  const items = [parsePrimary(sc, depth)];
  while (sc.eat(';')) items.push(parsePrimary(sc, depth));
  return items.length === 1 ? items[0]! : { kind: 'and', items };
}

function parsePrimary(sc: Scanner, depth: number): TypeExpr {
  sc.skipSpace();
  if (sc.peek() === '(') {
    if (depth >= MAX_DEPTH) throw new QuerySyntaxError(`parentheses nested deeper than ${MAX_DEPTH}`, sc.pos);
    sc.pos++;
    const inner = parseOr(sc, depth + 1);
    if (!sc.eat(')')) sc.fail("',', '|', ';' or ')'");
    return inner;
  }
  const at = sc.pos;
  const name = sc.readNameRun();
  if (!TYPE_NAME.test(name)) sc.fail('an entity type name', at);
  return { kind: 'type', name };
}

/** Every type name in the expression, each once, in order. */
export function typeExprNames(expr: TypeExpr): string[] {
  if (expr.kind === 'type') return [expr.name];
  return [...new Set(expr.items.flatMap(typeExprNames))];
}

/** Whether an entity with `types` (expanded IRIs) is selected. */
export function matchTypes(expr: TypeExpr, types: readonly string[], expand: Expand): boolean {
  if (expr.kind === 'type') return types.includes(expand(expr.name));
  if (expr.kind === 'and') return expr.items.every((i) => matchTypes(i, types, expand));
  return expr.items.some((i) => matchTypes(i, types, expand));
}

/**
 * A SQL boolean over the text[] column `column` (default `types`). Runs of plain names become
 * array operators (`types && ARRAY[$1,$2]` for or, `types @> ARRAY[…]` for and) that a GIN
 * index on the column can serve.
 */
export function compileTypeExprToSql(
  expr: TypeExpr,
  expand: Expand,
  addParam: (value: unknown) => string,
  column = 'types',
): string {
  if (expr.kind === 'type') return `(${column} @> ARRAY[${addParam(expand(expr.name))}]::text[])`;
  const names = expr.items.flatMap((i) => (i.kind === 'type' ? [i] : []));
  const others = expr.items.filter((i) => i.kind !== 'type');
  const parts: string[] = [];
  if (names.length > 0) {
    const params = names.map((n) => addParam(expand(n.name))).join(', ');
    parts.push(`(${column} ${expr.kind === 'or' ? '&&' : '@>'} ARRAY[${params}]::text[])`);
  }
  parts.push(...others.map((o) => compileTypeExprToSql(o, expand, addParam, column)));
  return parts.length === 1 ? parts[0]! : `(${parts.join(expr.kind === 'or' ? ' OR ' : ' AND ')})`;
}
