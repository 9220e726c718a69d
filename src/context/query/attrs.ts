// Projection lists: `attrs`, `pick` and `omit` (NGSI-LD 1.8 §5.2.x query parameters, §4.21
// projection). Names are compact terms or IRIs; `id` and `type` are ordinary names here, and
// whether they are allowed is the caller's business.
import { QuerySyntaxError } from './errors.ts';

const TERM = /^[\p{L}_][\p{L}\p{N}_-]*$/u;
const IRI = /^[A-Za-z][A-Za-z0-9+.-]*:[\p{L}\p{N}_\-.:/#@+~?=&%!$'()*]+$/u;

/** Splits a comma list into names (each once, in order); undefined stays undefined. */
export function parseAttrList(s: string | undefined): string[] | undefined {
  if (s === undefined) return undefined;
  const names: string[] = [];
  let offset = 0;
  for (const raw of s.split(',')) {
    const name = raw.trim();
    if (name === '') throw new QuerySyntaxError('empty attribute name in list', offset);
    if (!TERM.test(name) && !IRI.test(name)) {
      throw new QuerySyntaxError(`invalid attribute name ${JSON.stringify(name)}`, offset);
    }
    if (!names.includes(name)) names.push(name);
    offset += raw.length + 1;
  }
  return names;
}
