// The JSON-LD context Link header (JSON-LD 1.1 §6.2, RFC 8288; NGSI-LD 1.8 §6.3.5).
import { JSONLD_CONTEXT_REL, JSONLD_MEDIA_TYPE } from './constants.ts';
import { LdContextError } from './errors.ts';

/** Splits on `sep` outside <…> and "…" (RFC 8288 §3 link-value lists and parameters). */
function splitOutside(value: string, sep: string): string[] {
  const parts: string[] = [];
  let start = 0;
  let inAngle = false;
  let inQuote = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (inQuote) {
      if (c === '\\') i++;
      else if (c === '"') inQuote = false;
    } else if (c === '"') inQuote = true;
    else if (c === '<') inAngle = true;
    else if (c === '>') inAngle = false;
    else if (c === sep && !inAngle) {
      parts.push(value.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(value.slice(start));
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

const unquote = (v: string): string =>
  v.length >= 2 && v.startsWith('"') && v.endsWith('"') ? v.slice(1, -1).replace(/\\(.)/g, '$1') : v;

interface Link {
  readonly target: string;
  readonly rels: readonly string[];
}

function parseLink(linkValue: string): Link | undefined {
  const m = /^<([^>]*)>(.*)$/s.exec(linkValue);
  if (m === null) return undefined;
  let rels: string[] = [];
  for (const param of splitOutside(m[2] ?? '', ';')) {
    const eq = param.indexOf('=');
    if (eq < 0) continue;
    const name = param.slice(0, eq).trim().toLowerCase();
    // RFC 8288 §3.3: only the first rel parameter counts.
    if (name === 'rel' && rels.length === 0) rels = unquote(param.slice(eq + 1).trim()).split(/\s+/);
  }
  return { target: (m[1] ?? '').trim(), rels };
}

/**
 * The @context URL of a Link header, or undefined when no link has the JSON-LD context relation.
 * Throws BadRequestData for more than one such link (JSON-LD 1.1 API "multiple context link
 * headers") or for a target that is not an absolute URL.
 */
export function parseLinkHeader(value: string | readonly string[] | undefined): string | undefined {
  if (value === undefined) return undefined;
  const joined = typeof value === 'string' ? value : value.join(',');
  const targets = splitOutside(joined, ',')
    .map(parseLink)
    .filter((l): l is Link => l !== undefined && l.rels.some((r) => r.toLowerCase() === JSONLD_CONTEXT_REL))
    .map((l) => l.target);
  if (targets.length === 0) return undefined;
  if (targets.length > 1)
    throw new LdContextError('BadRequestData', 'more than one JSON-LD context Link header was given');
  const url = targets[0] ?? '';
  if (!URL.canParse(url))
    throw new LdContextError(
      'BadRequestData',
      `JSON-LD context Link target "${url}" is not an absolute URL`,
      { url },
    );
  return url;
}

/** The Link header value announcing `url` as the @context of a response. */
export const formatLinkHeader = (url: string): string =>
  `<${url}>; rel="${JSONLD_CONTEXT_REL}"; type="${JSONLD_MEDIA_TYPE}"`;
