// Hand-written types of the dosi API responses the console reads (the server's TypeBox schemas are the
// source of truth: see /openapi.json). The console imports nothing from the server's code.
export type AlarmState = 'open' | 'acknowledged' | 'dispatched' | 'resolved' | 'closed';
export type Severity = 'critical' | 'major' | 'minor' | 'warning' | 'info';

export interface Token {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  tenant: string;
  roles: string[];
}

export interface Me {
  kind: string;
  subject: string;
  tenant: string;
  roles: string[];
  platformAdmin: boolean;
  username?: string;
  displayName?: string | null;
  tenants?: string[];
}

export interface AuditEntry {
  at: string;
  by: string;
  action: string;
  from?: AlarmState;
  to?: AlarmState;
  note?: string;
}

export interface Alarm {
  id: string;
  ruleId: string | null;
  entityId: string;
  entityType: string | null;
  severity: Severity;
  category: string;
  subCategory: string | null;
  title: string;
  state: AlarmState;
  clearedAt: string | null;
  count: number;
  firstSeen: string;
  lastSeen: string;
  escalationLevel: number;
  assignee: string | null;
  incidentId: string | null;
  detail: Record<string, unknown>;
  audit?: AuditEntry[];
}

export interface Incident {
  id: string;
  title: string;
  description: string | null;
  severity: Severity;
  state: AlarmState;
  assignee: string | null;
  alarmIds: string[];
  createdAt: string;
  updatedAt: string;
  audit?: AuditEntry[];
}

/** One row of the hand-over log (/api/v1/notify/deliveries). */
export interface Delivery {
  id: string;
  agencyId: string;
  channel: 'webhook' | 'email';
  state: 'pending' | 'delivered' | 'failed';
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
  payload: { agency?: { id: string; name: string; kind: string } };
}

export interface AlarmList {
  alarms: Alarm[];
  total: number;
}

export interface Rule {
  id: string;
  name: string;
  severity: Severity;
  category: string;
  enabled: boolean;
  version: number;
  target: Record<string, unknown>;
  condition: Record<string, unknown>;
  [k: string]: unknown;
}

export interface DryRun {
  observations: number;
  entities: number;
  truncated: boolean;
  events: { kind: 'raise' | 'clear'; entityId: string; at: string }[];
}

export interface SeriesPoint {
  t: string;
  avg: number;
  min: number;
  max: number;
  last: number;
}

/** An NGSI-LD entity in keyValues form. */
export interface EntityKV {
  id: string;
  type: string;
  location?: { type: string; coordinates: unknown };
  [attr: string]: unknown;
}

export interface ConsoleConfig {
  tileUrl: string | null;
  attribution: string;
}

// ---- Smart waste: bins and collection plans (/api/v1/waste) ----

export type LonLat = [number, number];

export interface WasteBin {
  id: string;
  deviceId: string | null;
  name: string | null;
  area: string | null;
  location: LonLat | null;
  fillingLevel: number | null;
  predictedFullAt: string | null;
  status: string;
}

export interface PlanStop {
  seq: number;
  binId: string;
  deviceId: string | null;
  name: string | null;
  location: LonLat;
  reason: 'due' | 'onTheWay';
  expectedFill: number;
  demandL: number;
  eta: string;
  state: 'pending' | 'done';
  doneAt: string | null;
  doneBy: string | null;
}

export interface PlanRoute {
  truckId: string;
  truckName: string;
  capacityL: number;
  loadL: number;
  distanceKm: number;
  start: string;
  end: string;
  overtime: boolean;
  stops: PlanStop[];
}

export interface CollectionPlan {
  id: string;
  status: 'active' | 'superseded' | 'completed';
  shiftStart: string;
  shiftEnd: string;
  depot: { name: string; location: LonLat };
  routes: PlanRoute[];
  unserved: {
    binId: string;
    name: string | null;
    reason: 'fleetCapacity' | 'binLargerThanTruck';
    demandL: number;
  }[];
  figures: {
    candidates: number;
    due: number;
    onTheWay: number;
    stops: number;
    distanceKm: number;
    loadL: number;
    solverMs: number;
  };
  createdAt: string;
  updatedAt: string;
}

export interface ScheduleFigures {
  collections: number;
  distanceKm: number;
  overflowEvents: number;
  overflowBinHours: number;
  avgFillAtCollection: number;
}

/** GET /api/v1/waste/simulation: a fixed round against planned collection over the same days. */
export interface WasteSimulation {
  days: number;
  bins: number;
  trucks: number;
  fixed: ScheduleFigures;
  planned: ScheduleFigures;
  saving: { collections: number; distanceKm: number; overflowEvents: number };
}
