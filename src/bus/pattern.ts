// Subject names and subscription patterns of the event bus, NATS style: dot-separated tokens, `*`
// matches exactly one token, `>` (last token only) matches one or more trailing tokens. Both bus
// implementations validate with these functions, so a subject the in-process bus accepts is also valid
// on NATS and the two deliver the same events to the same patterns.

/** Every subject dosi publishes starts with this token (see `subjects` in types.ts). */
export const ROOT = 'dosi';

const BAD_TOKEN_CHARS = /[\s*>]/;

function tokensOf(s: string): string[] | undefined {
  if (s.length === 0) return undefined;
  const tokens = s.split('.');
  return tokens.every((t) => t.length > 0) ? tokens : undefined;
}

/** A concrete subject: non-empty tokens, no wildcards, no whitespace. */
export function isValidSubject(s: string): boolean {
  const tokens = tokensOf(s);
  return tokens !== undefined && tokens.every((t) => !BAD_TOKEN_CHARS.test(t));
}

/** A pattern: like a subject, but a token may be `*`, and the last may be `>`. */
export function isValidPattern(p: string): boolean {
  const tokens = tokensOf(p);
  if (tokens === undefined) return false;
  return tokens.every((t, i) => {
    if (t === '*') return true;
    if (t === '>') return i === tokens.length - 1;
    return !BAD_TOKEN_CHARS.test(t);
  });
}

/** Compiles a valid pattern into a fast matcher for concrete subjects. */
export function compilePattern(pattern: string): (subject: string) => boolean {
  if (!isValidPattern(pattern)) throw new Error(`invalid subject pattern: "${pattern}"`);
  const p = pattern.split('.');
  const tail = p[p.length - 1] === '>';
  const fixed = tail ? p.length - 1 : p.length;
  // A pattern without wildcards is an exact string comparison.
  if (!p.includes('*') && !tail) return (subject) => subject === pattern;
  return (subject) => {
    const s = subject.split('.');
    if (tail ? s.length <= fixed : s.length !== fixed) return false;
    for (let i = 0; i < fixed; i++) {
      const pt = p[i];
      if (pt !== '*' && pt !== s[i]) return false;
    }
    return true;
  };
}

/** One-shot match; prefer compilePattern when matching many subjects against one pattern. */
export function matchSubject(pattern: string, subject: string): boolean {
  return compilePattern(pattern)(subject);
}

/**
 * Throws unless `subject` is a concrete dosi subject: `dosi.` followed by at least one token. Keeping
 * everything under one root lets the NATS bus store all events in one stream over `<prefix>.>`.
 */
export function assertBusSubject(subject: string): void {
  if (!isValidSubject(subject) || !subject.startsWith(`${ROOT}.`))
    throw new Error(
      `invalid bus subject "${subject}": expected "${ROOT}.<token>[.<token>...]" without wildcards`,
    );
}

/**
 * Throws unless `pattern` can match dosi subjects: a valid pattern whose first token is `dosi`, `*`
 * or `>` (anything else could never match and is certainly a mistake).
 */
export function assertBusPattern(pattern: string): void {
  const first = pattern.split('.')[0];
  if (!isValidPattern(pattern) || (first !== ROOT && first !== '*' && first !== '>'))
    throw new Error(`invalid bus pattern "${pattern}": expected "${ROOT}.<token|*|>>..."`);
}

/**
 * Rewrites the root token of a bus subject or pattern, e.g. `dosi.reading.>` → `city1.reading.>`.
 * A leading `*` or a lone `>` also stands for the root, since every bus subject has that root.
 */
export function withRoot(subjectOrPattern: string, root: string): string {
  if (subjectOrPattern === '>') return `${root}.>`;
  const dot = subjectOrPattern.indexOf('.');
  return dot < 0 ? root : `${root}${subjectOrPattern.slice(dot)}`;
}

/** The inverse of withRoot for concrete subjects received under `root`. */
export function withoutRoot(subject: string, root: string): string {
  return `${ROOT}${subject.slice(root.length)}`;
}
