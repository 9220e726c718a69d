// The rule model: declarative rules per tenant, their per-entity evaluation state and the effects an
// evaluation produces. Pure data; evaluation lives in evaluate.ts, validation in validate.ts.

export const SEVERITIES = ['critical', 'major', 'minor', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** FIWARE Smart Data Model `Alert` categories (dataModel.Alert, `category`), plus rule-failure for dosi itself. */
export const CATEGORIES = [
  'traffic',
  'naturalDisaster',
  'weather',
  'environment',
  'health',
  'security',
  'agriculture',
  'fire',
  'facility',
  'waste',
  'water',
  'care',
  'rule-failure',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const COMPARISONS = ['>', '>=', '<', '<='] as const;
export type Comparison = (typeof COMPARISONS)[number];

/** A daily time window in Asia/Seoul, "HH:MM"; end before start crosses midnight. */
export interface DailyWindow {
  start: string;
  end: string;
}

export interface ThresholdCondition {
  type: 'threshold';
  attr: string;
  op: Comparison;
  value: number;
  /** The condition must hold this long before it is active (0 = at once). */
  forSec?: number;
  /** Active clears only once the value is back past threshold ∓ hysteresis. */
  hysteresis?: number;
}

export interface RateOfChangeCondition {
  type: 'rateOfChange';
  attr: string;
  /** Change between the oldest and the newest value seen within the window. */
  windowSec: number;
  /** Magnitude of change that makes the condition active. */
  delta: number;
  direction?: 'rise' | 'fall' | 'any';
}

export interface CircleArea {
  type: 'Circle';
  /** [lon, lat] */
  center: [number, number];
  radiusM: number;
}
export interface PolygonArea {
  type: 'Polygon';
  coordinates: [number, number][][];
}
export type Area = CircleArea | PolygonArea;

export interface GeofenceCondition {
  type: 'geofence';
  /** A Point-valued attribute; default `location`. */
  attr?: string;
  area: Area;
  /** enter: active while inside; exit: active while outside. */
  trigger: 'enter' | 'exit';
}

export interface InactivityCondition {
  type: 'inactivity';
  /** Activity = a reading of this attribute that is true, a non-zero number or a string; absent = any reading. */
  attr?: string;
  windows: DailyWindow[];
  /** Silence inside one window occurrence that makes the condition active. */
  forSec: number;
}

export interface DeviceOfflineCondition {
  type: 'deviceOffline';
}

export interface CompositeCondition {
  type: 'all' | 'any';
  conditions: Condition[];
  /** A member counts as true while active or for this long after it last was (default 0). */
  withinSec?: number;
}

export type LeafCondition =
  | ThresholdCondition
  | RateOfChangeCondition
  | GeofenceCondition
  | InactivityCondition
  | DeviceOfflineCondition;
export type Condition = LeafCondition | CompositeCondition;
export const CONDITION_TYPES = [
  'threshold',
  'rateOfChange',
  'geofence',
  'inactivity',
  'deviceOffline',
  'all',
  'any',
] as const;

export interface RuleTarget {
  entityType?: string;
  entityIds?: string[];
  /** A JavaScript regular expression matched against the whole entity id. */
  idPattern?: string;
}

/** What a client sends: the rule body (the id, tenant and version are the store's). */
export interface RuleInput {
  name: string;
  description?: string;
  enabled?: boolean;
  severity: Severity;
  category: Category;
  subCategory?: string;
  target: RuleTarget;
  condition: Condition;
  /** Escalate an unacknowledged alarm every this many minutes (absent = the configured default). */
  escalateAfterMin?: number;
}

export interface Rule extends RuleInput {
  id: string;
  tenant: string;
  version: number;
  enabled: boolean;
  /** Why the engine disabled the rule (it threw while evaluating). */
  disabledReason?: string;
  updatedAt: string;
  updatedBy: string;
}

/** One thing the engine heard about one entity. */
export type Observation =
  | {
      kind: 'value';
      entityId: string;
      entityType: string;
      attr: string;
      value: unknown;
      at: string;
    }
  | { kind: 'device'; entityId: string; entityType?: string; state: 'online' | 'offline'; at: string }
  /** The entity is known to exist from `at` (an inactivity rule starts counting silence from there). */
  | { kind: 'seen'; entityId: string; at: string }
  | { kind: 'tick'; at: string };

/** Evaluation state of one leaf; fields are used by the leaf types that need them. */
export interface LeafState {
  active: boolean;
  /** When the leaf last turned active (or, for a pending threshold, when its breach began). */
  since?: string;
  pending?: boolean;
  /** Last time the leaf was active (for all/any within a window). */
  lastTrueAt?: string;
  /** rateOfChange: [time ms, value] within the window. */
  samples?: [number, number][];
  /** inactivity: last activity (or first time the entity was seen). */
  lastActivity?: string;
  /** The value or detail that made it active. */
  value?: unknown;
}

export interface RuleState {
  active: boolean;
  since?: string;
  leaves: Record<string, LeafState>;
  /** Newest observation time per attribute: older or repeated observations are ignored. */
  lastAt: Record<string, string>;
  /** When a tick must re-evaluate this state (ISO), if ever. */
  dueAt?: string;
}

export interface Effect {
  kind: 'raise' | 'clear';
  ruleId: string;
  entityId: string;
  at: string;
  /** What made it fire, for the alarm description. */
  detail: Record<string, unknown>;
}

export interface Evaluation {
  state: RuleState;
  effects: Effect[];
}

export const emptyState = (): RuleState => ({ active: false, leaves: {}, lastAt: {} });
