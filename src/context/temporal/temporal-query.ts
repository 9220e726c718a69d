// Temporal query parameters (NGSI-LD 1.8 §4.11 temporal query language, §6.18.3.2 / §6.19.3.1
// query parameters, §4.5.19 aggregation) → a validated TemporalQuery. Pure.
import { DosiError, E } from '../../kernel/index.ts';
import { isDateTime } from '../ngsi/validate.ts';
import { parseDuration, type Duration } from './duration.ts';

export const TIMERELS = ['before', 'after', 'between'] as const;
export type TimeRel = (typeof TIMERELS)[number];

export const TIME_PROPERTIES = ['observedAt', 'createdAt', 'modifiedAt'] as const;
export type TimeProperty = (typeof TIME_PROPERTIES)[number];

export const AGGR_METHODS = [
  'totalCount',
  'distinctCount',
  'sum',
  'avg',
  'min',
  'max',
  'stddev',
  'sumsq',
] as const;
export type AggrMethod = (typeof AGGR_METHODS)[number];

export type TemporalFormat = 'normalized' | 'concise' | 'temporalValues' | 'aggregatedValues';

export interface TimeFilter {
  timeproperty: TimeProperty;
  timerel?: TimeRel | undefined;
  /** ISO strings, normalized to UTC. */
  timeAt?: string | undefined;
  endTimeAt?: string | undefined;
}

export interface Aggregation {
  methods: AggrMethod[];
  duration: Duration;
}

export interface TemporalQuery {
  time: TimeFilter;
  /** The last N instances per attribute (§6.18.3.2 lastN); with aggregation, the last N periods. */
  lastN?: number | undefined;
  format: TemporalFormat;
  sysAttrs: boolean;
  aggregation?: Aggregation | undefined;
}

export interface TemporalQueryInput {
  timerel?: string | undefined;
  timeAt?: string | undefined;
  endTimeAt?: string | undefined;
  timeproperty?: string | undefined;
  lastN?: string | undefined;
  aggrMethods?: string | undefined;
  aggrPeriodDuration?: string | undefined;
  format?: string | undefined;
  options?: string | undefined;
}

const bad = (detail: string) => new DosiError(E.NGSI_BAD_QUERY, { detail });

/** Options that mean something on the temporal API; keyValues/simplified are read as temporalValues. */
const FORMAT_OPTIONS: Record<string, TemporalFormat> = {
  normalized: 'normalized',
  concise: 'concise',
  temporalValues: 'temporalValues',
  keyValues: 'temporalValues',
  simplified: 'temporalValues',
  aggregatedValues: 'aggregatedValues',
};

export function parseTemporalQuery(input: TemporalQueryInput): TemporalQuery {
  const options = (input.options ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const o of options)
    if (o !== 'sysAttrs' && !(o in FORMAT_OPTIONS))
      throw bad(
        `unknown option ${o}; the temporal API knows temporalValues, aggregatedValues, concise, normalized and sysAttrs`,
      );
  const format = parseFormat(input.format, options);
  const q: TemporalQuery = { time: parseTimeFilter(input), format, sysAttrs: options.includes('sysAttrs') };
  if (input.lastN !== undefined) {
    if (!/^[1-9]\d{0,8}$/.test(input.lastN))
      throw bad(`lastN must be a positive integer, got ${input.lastN}`);
    q.lastN = Number(input.lastN);
  }
  if (format === 'aggregatedValues')
    q.aggregation = parseAggregation(input.aggrMethods, input.aggrPeriodDuration);
  return q;
}

function parseFormat(format: string | undefined, options: string[]): TemporalFormat {
  if (format !== undefined) {
    const f = FORMAT_OPTIONS[format];
    if (!f)
      throw bad(`unknown format ${format}; use normalized, concise, temporalValues or aggregatedValues`);
    return f;
  }
  const chosen = [...new Set(options.filter((o) => o in FORMAT_OPTIONS).map((o) => FORMAT_OPTIONS[o]))];
  if (chosen.length > 1) throw bad(`options ${options.join(',')} ask for more than one representation`);
  return chosen[0] ?? 'normalized';
}

function dateTime(name: string, v: string): string {
  const ok: boolean = isDateTime(v);
  if (!ok)
    throw bad(
      `${name} must be an ISO 8601 date-time with a time zone, like 2026-01-01T00:00:00Z; got ${JSON.stringify(v.slice(0, 60))}`,
    );
  return new Date(v).toISOString();
}

/** §4.11: timerel and timeAt go together; between also needs endTimeAt, later than timeAt. */
export function parseTimeFilter(
  input: Pick<TemporalQueryInput, 'timerel' | 'timeAt' | 'endTimeAt' | 'timeproperty'>,
): TimeFilter {
  const tp = input.timeproperty ?? 'observedAt';
  if (!(TIME_PROPERTIES as readonly string[]).includes(tp))
    throw bad(`timeproperty must be one of ${TIME_PROPERTIES.join(', ')}; got ${tp}`);
  const f: TimeFilter = { timeproperty: tp as TimeProperty };
  const { timerel, timeAt, endTimeAt } = input;
  if (timerel === undefined) {
    if (timeAt !== undefined || endTimeAt !== undefined)
      throw bad('timeAt and endTimeAt need timerel (before, after or between)');
    return f;
  }
  if (!(TIMERELS as readonly string[]).includes(timerel))
    throw bad(`timerel must be before, after or between; got ${timerel}`);
  if (timeAt === undefined) throw bad(`timerel=${timerel} needs timeAt`);
  f.timerel = timerel as TimeRel;
  f.timeAt = dateTime('timeAt', timeAt);
  if (timerel === 'between') {
    if (endTimeAt === undefined) throw bad('timerel=between needs endTimeAt');
    f.endTimeAt = dateTime('endTimeAt', endTimeAt);
    if (f.endTimeAt <= f.timeAt) throw bad(`endTimeAt ${f.endTimeAt} must be later than timeAt ${f.timeAt}`);
  } else if (endTimeAt !== undefined)
    throw bad(`endTimeAt is only used with timerel=between, not ${timerel}`);
  return f;
}

/** §4.5.19: aggrMethods is required; aggrPeriodDuration defaults to PT0S (the whole range). */
export function parseAggregation(methods: string | undefined, duration: string | undefined): Aggregation {
  if (methods === undefined || methods.trim() === '')
    throw bad(`aggregatedValues needs aggrMethods (${AGGR_METHODS.join(', ')})`);
  const list = [...new Set(methods.split(',').map((s) => s.trim()))];
  for (const m of list)
    if (!(AGGR_METHODS as readonly string[]).includes(m))
      throw bad(`unknown aggrMethods entry ${m}; use ${AGGR_METHODS.join(', ')}`);
  const text = duration ?? 'PT0S';
  const d = parseDuration(text);
  if (!d)
    throw bad(
      `aggrPeriodDuration must be an ISO 8601 duration like PT1H or P1D; got ${JSON.stringify(text.slice(0, 60))}`,
    );
  return { methods: list as AggrMethod[], duration: d };
}
