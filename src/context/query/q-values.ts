// Literal values of the query language (NGSI-LD 1.8 §4.9: Number, quotedStr, dateTime, date,
// time, true/false, URI). Unquoted values are typed by their shape.
import type { QValue } from './q-ast.ts';
import { QuerySyntaxError } from './errors.ts';

const NUMBER = /^-?(\d+(\.\d+)?|\.\d+)([eE][+-]?\d+)?$/;
const ZONE = '(Z|[+-]\\d{2}(:?\\d{2})?)?';
const CLOCK = '\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?';
const DATE_TIME = new RegExp(`^\\d{4}-\\d{2}-\\d{2}T${CLOCK}${ZONE}$`);
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = new RegExp(`^${CLOCK}${ZONE}$`);

/** Types an unquoted value by its shape. */
export function classifyBare(raw: string, at: number): QValue {
  if (raw === 'true' || raw === 'false') return { kind: 'boolean', value: raw === 'true' };
  if (NUMBER.test(raw)) {
    const value = Number(raw);
    if (!Number.isFinite(value)) throw new QuerySyntaxError(`number ${raw} is out of range`, at);
    return { kind: 'number', value };
  }
  if (DATE_TIME.test(raw)) return { kind: 'dateTime', value: raw };
  if (DATE.test(raw)) return { kind: 'date', value: raw };
  if (TIME.test(raw)) return { kind: 'time', value: raw };
  // §4.9 has no null literal; refuse it rather than silently compare with the string "null".
  if (raw === 'null')
    throw new QuerySyntaxError('null is not a query value; quote it ("null") to match the text', at);
  return { kind: 'uri', value: raw };
}

/** Values that may be ordered (§4.9 ComparableValue): numbers, quoted strings, dates and times. */
export function isComparable(v: QValue): boolean {
  return v.kind !== 'boolean' && v.kind !== 'uri';
}
