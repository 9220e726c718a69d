// Attribute paths in q (NGSI-LD 1.8 §4.9: attrPathName, compoundAttrName), e.g.
// `temperature`, `temperature.observedAt`, `address[city]`, `device.status[code.main]`, and
// attribute names given as full IRIs, whose own dots must not be taken for path separators.
import type { QAttrPath } from './q-ast.ts';
import type { Scanner } from './q-lexer.ts';

const TERM = /^[\p{L}_][\p{L}\p{N}_-]*$/u;
const KEY = /^[\p{L}\p{N}_\-:/#@+~]+$/u;
const SCHEME_START = /^[A-Za-z][A-Za-z0-9+-]*:/;
/** An IRI still inside its authority (`https://example`), where a dot belongs to the host. */
const IN_AUTHORITY = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/]*$/;

/** Reads an attribute path at the scanner's position; throws QuerySyntaxError when there is none. */
export function readAttrPath(sc: Scanner): QAttrPath {
  sc.skipSpace();
  const start = sc.pos;
  const raw = sc.readNameRun();
  if (raw === '') sc.fail('an attribute name', start);
  const segments = splitDotted(raw, sc, start);
  const keys: string[] = [];
  while (sc.peek() === '[') keys.push(...readBracket(sc));
  const [attr, ...dotted] = segments;
  return { attr: attr!, dotted, keys };
}

function readBracket(sc: Scanner): string[] {
  const open = sc.pos;
  sc.pos++;
  const raw = sc.readNameRun();
  if (sc.peek() !== ']') sc.fail("a key name and ']'");
  sc.pos++;
  const keys = raw.split('.');
  if (keys.some((k) => !KEY.test(k))) sc.fail('key names separated by single dots inside [ ]', open + 1);
  return keys;
}

/**
 * Splits `a.b.c` on dots. Inside an IRI segment a dot is a separator only when what follows
 * holds no `/` or `#` (so `https://ex.org/ns/temp.observedAt` keeps its host whole) or starts
 * another IRI. A dot in the last path segment of an IRI attribute name is therefore read as a
 * separator; such names cannot be queried by path.
 */
export function splitDotted(raw: string, sc: Scanner, start: number): string[] {
  const parts = raw.split('.');
  const segments: string[] = [parts[0]!];
  for (const part of parts.slice(1)) {
    const cur = segments[segments.length - 1]!;
    const joins =
      cur.includes(':') && (IN_AUTHORITY.test(cur) || (/[/#]/.test(part) && !SCHEME_START.test(part)));
    if (joins) segments[segments.length - 1] = `${cur}.${part}`;
    else segments.push(part);
  }
  let offset = start;
  for (const seg of segments) {
    if (!isName(seg)) sc.fail('an attribute name (letters, digits, _ or an IRI)', offset);
    offset += seg.length + 1;
  }
  return segments;
}

function isName(seg: string): boolean {
  return seg.includes(':') ? SCHEME_START.test(seg) && seg.length > seg.indexOf(':') + 1 : TERM.test(seg);
}
