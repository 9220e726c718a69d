// Entity type expressions of a subscription (NGSI-LD 1.8 §4.17) kept parsed, with each name
// mapped (expanded on input, compacted on output).
import type { TypeExpr } from '../../query/index.ts';

export function mapTypeExpr(expr: TypeExpr, f: (name: string) => string): TypeExpr {
  if (expr.kind === 'type') return { kind: 'type', name: f(expr.name) };
  return { kind: expr.kind, items: expr.items.map((i) => mapTypeExpr(i, f)) };
}

/** Back to §4.17 text: ';' (and) binds tighter than '|' (or). */
export function formatTypeExpr(expr: TypeExpr): string {
  if (expr.kind === 'type') return expr.name;
  if (expr.kind === 'or') return expr.items.map(formatTypeExpr).join('|');
  return expr.items.map((i) => (i.kind === 'or' ? `(${formatTypeExpr(i)})` : formatTypeExpr(i))).join(';');
}
