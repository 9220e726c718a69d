// Query-string parameters shared by NGSI-LD routes (§6.3.7 options, §6.3.10 pagination, §4.21 pick/omit).
import type { FastifyRequest } from 'fastify';
import { DosiError, E } from '../../kernel/index.ts';
import { parseAttrList, QuerySyntaxError } from '../../context/query/index.ts';
import type { Format, RenderOptions } from '../../context/ngsi/render.ts';
import type { ActiveContext } from '../../context/jsonld/index.ts';
import type { EntityQueryInput } from '../../context/ngsi/entity-query.ts';

export type Query = Record<string, string | string[] | undefined>;

export function str(q: Query, name: string): string | undefined {
  const v = q[name];
  if (Array.isArray(v)) return v.join(',');
  return v;
}

export function options(q: Query): Set<string> {
  const raw = str(q, 'options');
  const set = new Set(
    raw
      ? raw
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : [],
  );
  const known = [
    'keyValues',
    'simplified',
    'normalized',
    'concise',
    'sysAttrs',
    'noOverwrite',
    'replace',
    'update',
    'append',
    'noRetrieve',
  ];
  for (const o of set)
    if (!known.includes(o)) throw new DosiError(E.NGSI_BAD_QUERY, { detail: `unknown option ${o}` });
  return set;
}

export function format(q: Query, opts: Set<string>): Format {
  const f =
    str(q, 'format') ??
    (opts.has('keyValues') || opts.has('simplified')
      ? 'keyValues'
      : opts.has('concise')
        ? 'concise'
        : 'normalized');
  if (f === 'keyValues' || f === 'simplified') return 'keyValues';
  if (f === 'normalized' || f === 'concise') return f;
  throw new DosiError(E.NGSI_BAD_QUERY, {
    detail: `unknown format ${f}; use normalized, concise or keyValues`,
  });
}

function attrList(q: Query, name: string): string[] | undefined {
  try {
    return parseAttrList(str(q, name));
  } catch (err) {
    if (err instanceof QuerySyntaxError)
      throw new DosiError(E.NGSI_BAD_QUERY, { detail: `${name}: ${err.message}` });
    throw err;
  }
}

export interface Projection {
  attrs: string[] | undefined;
  render: RenderOptions;
}

/** attrs / pick / omit / lang / datasetId / format / sysAttrs → render options (names expanded). */
export function projection(q: Query, ctx: ActiveContext): Projection {
  const opts = options(q);
  const attrs = attrList(q, 'attrs');
  const pick = attrList(q, 'pick');
  const omit = attrList(q, 'omit');
  if (pick && omit)
    throw new DosiError(E.NGSI_BAD_QUERY, { detail: 'pick and omit cannot be used together' });
  const keepNames = pick ?? attrs;
  const exp = (names: string[]) =>
    new Set(names.filter((n) => n !== 'id' && n !== 'type').map((n) => ctx.expandTerm(n)));
  const datasetId = str(q, 'datasetId');
  const render: RenderOptions = {
    format: format(q, opts),
    sysAttrs: opts.has('sysAttrs'),
    keep: keepNames ? exp(keepNames) : undefined,
    drop: omit ? exp(omit) : undefined,
    keepId: pick ? pick.includes('id') : !(omit?.includes('id') ?? false),
    keepType: pick ? pick.includes('type') : !(omit?.includes('type') ?? false),
    lang: str(q, 'lang'),
    datasetId: datasetId ? datasetId.split(',') : undefined,
  };
  return { attrs, render };
}

export function paging(
  q: Query,
  defaults: { defaultLimit: number; maxLimit: number },
): { limit: number; offset: number; count: boolean } {
  const limit = int(q, 'limit', defaults.defaultLimit);
  const offset = int(q, 'offset', 0);
  if (limit > defaults.maxLimit)
    throw new DosiError(E.NGSI_TOO_MANY, {
      detail: `limit ${limit} exceeds the maximum ${defaults.maxLimit}`,
    });
  const c = str(q, 'count');
  if (c !== undefined && c !== 'true' && c !== 'false')
    throw new DosiError(E.NGSI_BAD_QUERY, { detail: 'count must be true or false' });
  return { limit, offset, count: c === 'true' };
}

function int(q: Query, name: string, dflt: number): number {
  const v = str(q, name);
  if (v === undefined) return dflt;
  if (!/^\d{1,9}$/.test(v))
    throw new DosiError(E.NGSI_BAD_QUERY, { detail: `${name} must be a non-negative integer, got ${v}` });
  return Number(v);
}

export function queryOf(req: FastifyRequest): Query {
  return req.query as Query;
}

/** The entity selection parameters shared by /entities and /temporal/entities (§6.4.3.2). */
export function entityQueryInput(q: Query, attrs: string[] | undefined): EntityQueryInput {
  return {
    type: str(q, 'type'),
    id: str(q, 'id'),
    idPattern: str(q, 'idPattern'),
    q: str(q, 'q'),
    attrs,
    georel: str(q, 'georel'),
    geometry: str(q, 'geometry'),
    coordinates: str(q, 'coordinates'),
    geoproperty: str(q, 'geoproperty'),
    scopeQ: str(q, 'scopeQ'),
  };
}
