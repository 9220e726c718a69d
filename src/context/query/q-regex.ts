// Patterns for `~=` / `!~=` (NGSI-LD 1.8 §4.9). They run as JavaScript RegExp in memory and as
// PostgreSQL `like_regex` (POSIX ARE) in SQL, so only the common ground of both is accepted: the
// pattern must compile in JavaScript's `u` mode and use no construct the two read differently.
import { QuerySyntaxError } from './errors.ts';

export interface CheckedPattern {
  readonly pattern: string;
  readonly caseInsensitive: boolean;
}

/** Escapes that are invalid in, or mean something else to, PostgreSQL ARE (`\b` is backspace there). */
const BAD_ESCAPES = new Set(['b', 'B', 'p', 'P', 'k', 'c', '0']);
/** Class shorthands PostgreSQL refuses inside a bracket expression. */
const BAD_IN_CLASS = new Set(['D', 'S', 'W']);
/** ARE's limit on a bounded repetition count. */
const MAX_REPEAT = 255;

/** Strips a leading `(?i)` and checks the rest; throws QuerySyntaxError naming the problem. */
export function checkPattern(raw: string, at: number): CheckedPattern {
  const caseInsensitive = raw.startsWith('(?i)');
  const pattern = caseInsensitive ? raw.slice(4) : raw;
  try {
    new RegExp(pattern, 'su');
  } catch (e) {
    throw new QuerySyntaxError(`invalid regular expression: ${(e as Error).message}`, at);
  }
  const problem = unsupportedConstruct(pattern);
  if (problem !== undefined)
    throw new QuerySyntaxError(`unsupported regular expression construct ${problem}`, at);
  return { pattern, caseInsensitive };
}

function unsupportedConstruct(p: string): string | undefined {
  let inClass = false;
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!;
    if (c === '\\') {
      const n = p[i + 1] ?? '';
      if (BAD_ESCAPES.has(n) || (inClass && BAD_IN_CLASS.has(n))) return `\\${n}`;
      if (n === 'u' && p[i + 2] === '{') return '\\u{…}';
      i++;
    } else if (inClass) {
      inClass = c !== ']';
    } else if (c === '[') {
      // `[]` and `[^]` are a whole class in JavaScript but start a longer one in ARE.
      const rest = p.slice(i + 1);
      if (rest.startsWith(']') || rest.startsWith('^]')) return '[] or [^]';
      inClass = true;
      if (rest.startsWith('^')) i++;
    } else if (c === '(' && p[i + 1] === '?') {
      const ext = p.slice(i + 2, i + 4);
      if (!(
        ext.startsWith(':') ||
        ext.startsWith('=') ||
        ext.startsWith('!') ||
        ext === '<=' ||
        ext === '<!'
      )) {
        return `(?${ext}`;
      }
    } else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(p.slice(i));
      if (m && (Number(m[1]) > MAX_REPEAT || Number(m[3] ?? 0) > MAX_REPEAT))
        return `{${m[1]}…} above ${MAX_REPEAT}`;
    }
  }
  return undefined;
}

/** Compiles a checked pattern for in-memory matching (`s`: `.` matches newlines, as with ARE flag "s"). */
export function toRegExp(p: CheckedPattern): RegExp {
  return new RegExp(p.pattern, p.caseInsensitive ? 'siu' : 'su');
}
