// In-memory counterparts of SQL/JSON path lax-mode navigation (PostgreSQL jsonpath), so that
// the evaluator reads stored JSON exactly as the compiled path does.

export function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** `x."key"`: an array is unwrapped one level; a missing key or a non-object yields nothing. */
export function laxMember(x: unknown, key: string): unknown[] {
  const items = Array.isArray(x) ? x : [x];
  return items.flatMap((i) => (isObject(i) && Object.hasOwn(i, key) ? [i[key]] : []));
}

/** `x.*`: the values of an object's members, an array unwrapped one level. */
export function laxWildcard(x: unknown): unknown[] {
  const items = Array.isArray(x) ? x : [x];
  return items.flatMap((i) => (isObject(i) ? Object.values(i) : []));
}

/** What a filter `x ? (…)` looks at: the elements of an array, or x itself. */
export function unwrap(x: unknown): unknown[] {
  return Array.isArray(x) ? x : [x];
}

/** Compares strings by Unicode code point, as PostgreSQL jsonpath does (not by UTF-16 unit). */
export function compareCodePoints(a: string, b: string): number {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done === true || y.done === true) return (x.done === true ? 0 : 1) - (y.done === true ? 0 : 1);
    const d = (x.value.codePointAt(0) ?? 0) - (y.value.codePointAt(0) ?? 0);
    if (d !== 0) return d;
  }
}
