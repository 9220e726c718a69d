// dosi stores every timestamp it writes (observedAt, createdAt, modifiedAt) as toISOString():
// DateTime literals in q are brought to the same form so that string comparison orders them right.
import type { QExpr, QValue } from '../query/index.ts';

function normValue(v: QValue): QValue {
  if (v.kind !== 'dateTime') return v;
  const t = Date.parse(v.value);
  return Number.isNaN(t) ? v : { kind: 'dateTime', value: new Date(t).toISOString() };
}

export function normalizeQDates(e: QExpr): QExpr {
  switch (e.kind) {
    case 'and':
    case 'or':
      return { kind: e.kind, items: e.items.map(normalizeQDates) };
    case 'compare':
      return { ...e, value: normValue(e.value) };
    case 'range':
      return { ...e, low: normValue(e.low), high: normValue(e.high) };
    case 'list':
      return { ...e, values: e.values.map(normValue) };
    default:
      return e;
  }
}
