// What the temporal repository hands back and the renderer turns into the temporal
// representation of entities (NGSI-LD 1.8 §4.5.9 / §4.5.10 / §4.5.19).
import type { StoredInstance } from '../model.ts';
import type { AggrMethod } from './temporal-query.ts';

/** An entity known to the history: its id and (expanded) types as last written. */
export interface TemporalHead {
  id: string;
  types: string[];
}

/** One attribute instance of the history. */
export interface InstanceRow {
  entityId: string;
  attr: string;
  instanceId: number;
  datasetId: string | undefined;
  /** Value of the requested timeproperty (ISO string). */
  time: string;
  createdAt: string;
  modifiedAt: string;
  instance: StoredInstance;
}

/** One aggregation period of one attribute (per datasetId). */
export interface AggregateRow {
  entityId: string;
  attr: string;
  datasetId: string | undefined;
  /** Attribute type (Property, Relationship, …). */
  type: string;
  /** Index into TemporalResult.buckets. */
  bucket: number;
  values: Partial<Record<AggrMethod, unknown>>;
}

export interface BucketLabel {
  startAt: string;
  endAt: string;
}

export type TemporalResult =
  | { kind: 'instances'; heads: TemporalHead[]; rows: InstanceRow[] }
  | {
      kind: 'aggregated';
      heads: TemporalHead[];
      rows: AggregateRow[];
      buckets: BucketLabel[];
      methods: AggrMethod[];
    };

/** §4.5.9: every instance of the history has an instanceId (a URI). */
export const INSTANCE_ID_PREFIX = 'urn:ngsi-ld:attribute:instance:';

export function formatInstanceId(n: number): string {
  return `${INSTANCE_ID_PREFIX}${n}`;
}

/** The row number inside an instanceId, or undefined when it is not one of ours. */
export function parseInstanceId(s: string): number | undefined {
  if (!s.startsWith(INSTANCE_ID_PREFIX)) return undefined;
  const rest = s.slice(INSTANCE_ID_PREFIX.length);
  return /^[1-9]\d{0,14}$/.test(rest) ? Number(rest) : undefined;
}
