// Safe text for SQL/JSON path string literals (member names, like_regex patterns).
import { QuerySyntaxError } from './errors.ts';

const LONE_SURROGATE = /\p{Cs}/u;

/**
 * Quotes `s` as a jsonpath string literal: `\` and `"` escaped, control characters as \uXXXX,
 * so no input can end the literal early. NUL and lone surrogates cannot be stored in
 * PostgreSQL text at all and are refused.
 */
export function jsonPathString(s: string): string {
  if (s.includes('\u0000') || LONE_SURROGATE.test(s)) {
    throw new QuerySyntaxError(`${JSON.stringify(s)} contains a character PostgreSQL cannot store`);
  }
  let out = '"';
  for (const ch of s) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '\\' || ch === '"') out += `\\${ch}`;
    else if (code < 0x20 || code === 0x7f) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** Refuses strings that PostgreSQL text and jsonb cannot hold (used on query values). */
export function assertStorable(s: string, at?: number): void {
  if (s.includes('\u0000') || LONE_SURROGATE.test(s)) {
    throw new QuerySyntaxError('NUL characters and lone surrogates are not allowed', at);
  }
}
