// Syntax checks shared by entity input paths. NGSI-LD 1.8 §4.6.2 (ids are URIs), §4.6.3 (names).
import { DosiError, E } from '../../kernel/index.ts';

const URI_RE = /^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>"{}|\\^`]*$/;
// Characters NGSI-LD forbids in names (§4.6.3 restricts to URL-safe characters).
const BAD_NAME_RE = /[\s<>"'=;()\\]/;

export function isUri(v: unknown): v is string {
  return typeof v === 'string' && v.length > 0 && v.length <= 2048 && URI_RE.test(v);
}

export function assertUri(v: unknown, what: string): string {
  if (!isUri(v))
    throw new DosiError(E.NGSI_BAD_DATA, {
      detail: `${what} must be a URI (for example urn:ngsi-ld:Thing:1), got ${short(v)}`,
    });
  return v;
}

export function assertName(v: string, what: string): string {
  if (v.length === 0 || v.length > 512 || BAD_NAME_RE.test(v)) {
    throw new DosiError(E.NGSI_BAD_DATA, { detail: `${what} ${short(v)} is not a valid name` });
  }
  return v;
}

export function isDateTime(v: unknown): v is string {
  return (
    typeof v === 'string' &&
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(v) &&
    !Number.isNaN(Date.parse(v))
  );
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function badData(detail: string): DosiError {
  return new DosiError(E.NGSI_BAD_DATA, { detail });
}

export function short(v: unknown): string {
  const s = typeof v === 'string' ? JSON.stringify(v) : (JSON.stringify(v) ?? String(v));
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

/** An attribute name from a URL or body, checked, then expanded with the request's @context. */
export function attrIri(attr: string, terms: { expandTerm(t: string): string }): string {
  return terms.expandTerm(assertName(attr, 'attribute name'));
}
