// SQL fragments of the temporal repository. Values always travel as parameters; the only text
// spliced in is a column name from the fixed map below and method expressions from AGGR_SQL.
import type { EntityFilter } from '../store/entity.repository.ts';
import type { AggrMethod, TimeFilter, TimeProperty } from './temporal-query.ts';

export const TIME_COLUMN: Record<TimeProperty, string> = {
  observedAt: 'observed_at',
  createdAt: 'created_at',
  modifiedAt: 'modified_at',
};

export type AddParam = (v: unknown) => string;

/** A parameter list that starts with the tenant as $1 (every statement is tenant-scoped). */
export function paramList(tenant: string): { params: unknown[]; add: AddParam } {
  const params: unknown[] = [tenant];
  return {
    params,
    add: (v) => {
      params.push(v);
      return `$${params.length}`;
    },
  };
}

/**
 * Instances that carry the time property and fall in the time range. §4.11 read as half-open
 * periods: before = t < timeAt, after = t ≥ timeAt, between = timeAt ≤ t < endTimeAt. Instances
 * without the property (no observedAt) have no place on that time axis and are left out.
 */
export function instanceConditions(
  add: AddParam,
  time: TimeFilter,
  attrs: readonly string[] | undefined,
): string[] {
  const col = TIME_COLUMN[time.timeproperty];
  const c = ['tenant = $1', 'NOT deleted', `${col} IS NOT NULL`];
  if (time.timerel === 'before') c.push(`${col} < ${add(time.timeAt)}::timestamptz`);
  if (time.timerel === 'after') c.push(`${col} >= ${add(time.timeAt)}::timestamptz`);
  if (time.timerel === 'between')
    c.push(`${col} >= ${add(time.timeAt)}::timestamptz`, `${col} < ${add(time.endTimeAt)}::timestamptz`);
  if (attrs?.length) c.push(`attr = ANY(${add([...attrs])}::text[])`);
  return c;
}

/** Conditions on the current entity (alias c): q, geo prefilter and scope apply to the current state. */
export function currentConditions(add: AddParam, f: EntityFilter): string[] {
  const c: string[] = [];
  if (f.q)
    c.push(`jsonb_path_exists(c.attrs, ${add(f.q.path)}::jsonpath, ${add(JSON.stringify(f.q.vars))}::jsonb)`);
  if (f.bbox) {
    c.push(
      `c.loc && box(point(${add(f.bbox.minLon)}, ${add(f.bbox.minLat)}), point(${add(f.bbox.maxLon)}, ${add(f.bbox.maxLat)}))`,
    );
  } else if (f.hasLocation) c.push('c.loc IS NOT NULL');
  if (f.scopePrefixes?.length) {
    const ors = f.scopePrefixes.map(
      (p) =>
        `EXISTS (SELECT 1 FROM unnest(c.scope) s WHERE s = ${add(p)} OR s LIKE ${add(`${p.replace(/[\\%_]/g, '\\$&')}/%`)})`,
    );
    c.push(`(${ors.join(' OR ')})`);
  }
  return c;
}

/** The value of an instance, whatever its attribute type. */
export const VALUE_SQL = `COALESCE(instance -> 'value', instance -> 'object', instance -> 'languageMap', instance -> 'vocab', instance -> 'valueList', instance -> 'objectList', instance -> 'json')`;

/**
 * §4.5.19 aggregation functions. `num` is the value as a number (booleans count as 1/0),
 * `str` the value when it is a string: min/max compare numbers, else strings (byte order, so
 * both engines agree whatever their collation). stddev is the sample standard deviation.
 */
export const AGGR_SQL: Record<AggrMethod, string> = {
  totalCount: 'count(*)::int',
  distinctCount: 'count(DISTINCT val)::int',
  sum: 'sum(num)',
  avg: 'avg(num)',
  min: `COALESCE(to_jsonb(min(num)), to_jsonb(min(str COLLATE "C")))`,
  max: `COALESCE(to_jsonb(max(num)), to_jsonb(max(str COLLATE "C")))`,
  stddev: 'stddev_samp(num)',
  sumsq: 'sum(num * num)',
};

export const NUM_SQL = `CASE jsonb_typeof(val) WHEN 'number' THEN (val #>> '{}')::float8 WHEN 'boolean' THEN CASE WHEN (val #>> '{}')::boolean THEN 1.0::float8 ELSE 0.0::float8 END END`;
export const STR_SQL = `CASE WHEN jsonb_typeof(val) = 'string' THEN val #>> '{}' END`;
