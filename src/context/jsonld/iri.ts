// IRI and keyword tests shared by context processing and term expansion (JSON-LD 1.1 §9.15).

const KEYWORDS: ReadonlySet<string> = new Set([
  '@base',
  '@container',
  '@context',
  '@direction',
  '@graph',
  '@id',
  '@import',
  '@included',
  '@index',
  '@json',
  '@language',
  '@list',
  '@nest',
  '@none',
  '@prefix',
  '@propagate',
  '@protected',
  '@reverse',
  '@set',
  '@type',
  '@value',
  '@version',
  '@vocab',
]);

export const isKeyword = (s: string): boolean => KEYWORDS.has(s);

/** JSON-LD 1.1 §9.15: strings of the form @[a-zA-Z]+ are reserved and ignored as terms. */
export const looksLikeKeyword = (s: string): boolean => /^@[A-Za-z]+$/.test(s);

const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s]*$/;

/** An absolute IRI (RFC 3987 scheme:…) or a blank node identifier. */
export const isAbsoluteIri = (s: string): boolean => SCHEME.test(s) || s.startsWith('_:');

/** Splits `prefix:suffix`; undefined when there is no colon or it is an IRI authority (`http://`). */
export function splitCompactIri(s: string): { prefix: string; suffix: string } | undefined {
  const i = s.indexOf(':');
  if (i <= 0) return undefined;
  const prefix = s.slice(0, i);
  const suffix = s.slice(i + 1);
  if (prefix === '_' || suffix.startsWith('//')) return undefined;
  return { prefix, suffix };
}

/** JSON-LD 1.1 §4.2.2: a simple term whose IRI ends with a gen-delim may serve as a prefix. */
export const endsWithGenDelim = (iri: string): boolean => /[:/?#[\]@]$/.test(iri);

export const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
