// Evaluation of one leaf condition: (condition, its state, observation, now) → its new state.
// Pure and incremental: a leaf keeps what it needs (pending since, samples in a window, last
// activity) in its state, and never looks at history.
import { insideArea, pointOf } from './geofence.ts';
import { nextOccurrence, occurrenceAt } from './seoul-window.ts';
import type {
  Comparison,
  DeviceOfflineCondition,
  GeofenceCondition,
  InactivityCondition,
  LeafCondition,
  LeafState,
  Observation,
  RateOfChangeCondition,
  ThresholdCondition,
} from './types.ts';

/** Samples kept per rate-of-change leaf; beyond it the oldest go first (the window then starts later). */
export const MAX_SAMPLES = 256;

const iso = (ms: number) => new Date(ms).toISOString();

export function compare(v: number, op: Comparison, t: number): boolean {
  switch (op) {
    case '>':
      return v > t;
    case '>=':
      return v >= t;
    case '<':
      return v < t;
    case '<=':
      return v <= t;
  }
}

function numberOf(obs: Observation, attr: string): { v: number; t: number } | undefined {
  if (obs.kind !== 'value' || obs.attr !== attr) return undefined;
  if (typeof obs.value !== 'number' || !Number.isFinite(obs.value)) return undefined;
  return { v: obs.value, t: Date.parse(obs.at) };
}

/** Back past the threshold by the hysteresis (or simply no longer breached without one). */
function cleared(c: ThresholdCondition, v: number): boolean {
  const h = c.hysteresis ?? 0;
  if (h === 0) return !compare(v, c.op, c.value);
  return c.op === '>' || c.op === '>=' ? v < c.value - h : v > c.value + h;
}

function threshold(c: ThresholdCondition, s: LeafState, obs: Observation, now: number): LeafState {
  const forMs = (c.forSec ?? 0) * 1000;
  const n = numberOf(obs, c.attr);
  if (!n) {
    // A tick: a pending breach becomes active once it has held for the duration.
    if (s.pending && s.since && now - Date.parse(s.since) >= forMs)
      return { ...s, pending: false, active: true };
    return s;
  }
  if (s.active) return cleared(c, n.v) ? { active: false } : { ...s, value: n.v };
  if (!compare(n.v, c.op, c.value)) return { active: false };
  const since = s.pending && s.since ? s.since : iso(n.t);
  // Held for the duration by the readings' own times: a late (replayed) reading proves nothing about now.
  const held = n.t - Date.parse(since) >= forMs;
  return held ? { active: true, since, value: n.v } : { active: false, pending: true, since, value: n.v };
}

function rateOfChange(c: RateOfChangeCondition, s: LeafState, obs: Observation): LeafState {
  const n = numberOf(obs, c.attr);
  if (!n) return s;
  const from = n.t - c.windowSec * 1000;
  const samples = [...(s.samples ?? []).filter(([t]) => t >= from), [n.t, n.v] as [number, number]];
  while (samples.length > MAX_SAMPLES) samples.shift();
  const change = n.v - samples[0]![1];
  const dir = c.direction ?? 'any';
  const hit =
    dir === 'rise' ? change >= c.delta : dir === 'fall' ? -change >= c.delta : Math.abs(change) >= c.delta;
  const since = hit ? (s.active && s.since ? s.since : iso(n.t)) : undefined;
  return { active: hit, samples, value: change, ...(since ? { since } : {}) };
}

function geofence(c: GeofenceCondition, s: LeafState, obs: Observation): LeafState {
  if (obs.kind !== 'value' || obs.attr !== (c.attr ?? 'location')) return s;
  const p = pointOf(obs.value);
  if (!p) return s;
  const inside = insideArea(c.area, p);
  const active = c.trigger === 'enter' ? inside : !inside;
  if (active === s.active) return { ...s, value: p };
  return active ? { active, since: obs.at, value: p } : { active, value: p };
}

function isActivity(c: InactivityCondition, obs: Observation): boolean {
  if (obs.kind !== 'value') return false;
  if (c.attr === undefined) return true;
  if (obs.attr !== c.attr) return false;
  const v = obs.value;
  return v === true || (typeof v === 'number' && v !== 0) || typeof v === 'string';
}

function inactivity(c: InactivityCondition, s: LeafState, obs: Observation, now: number): LeafState {
  if (isActivity(c, obs) && obs.kind === 'value') return { active: false, lastActivity: obs.at };
  const last = s.lastActivity ?? (obs.kind === 'tick' ? undefined : obs.at);
  if (last === undefined) return s;
  if (s.active) return { ...s, lastActivity: last };
  const occ = occurrenceAt(c.windows, now);
  const silentFrom = occ ? Math.max(Date.parse(last), occ.start) : undefined;
  if (occ && silentFrom !== undefined && now - silentFrom >= c.forSec * 1000)
    return { active: true, lastActivity: last, since: iso(silentFrom + c.forSec * 1000), value: last };
  return { active: false, lastActivity: last };
}

function deviceOffline(_c: DeviceOfflineCondition, s: LeafState, obs: Observation): LeafState {
  if (obs.kind !== 'device') return s;
  const active = obs.state === 'offline';
  if (active === s.active) return s;
  return active ? { active, since: obs.at } : { active };
}

export function evaluateLeaf(c: LeafCondition, s: LeafState, obs: Observation, now: number): LeafState {
  switch (c.type) {
    case 'threshold':
      return threshold(c, s, obs, now);
    case 'rateOfChange':
      return rateOfChange(c, s, obs);
    case 'geofence':
      return geofence(c, s, obs);
    case 'inactivity':
      return inactivity(c, s, obs, now);
    case 'deviceOffline':
      return deviceOffline(c, s, obs);
  }
}

/** When a tick may change this leaf (epoch ms), if ever. */
export function leafDue(c: LeafCondition, s: LeafState): number | undefined {
  if (c.type === 'threshold' && s.pending && s.since) return Date.parse(s.since) + (c.forSec ?? 0) * 1000;
  if (c.type !== 'inactivity' || s.active || !s.lastActivity) return undefined;
  const last = Date.parse(s.lastActivity);
  const forMs = c.forSec * 1000;
  let occ = occurrenceAt(c.windows, last) ?? nextOccurrence(c.windows, last);
  for (let i = 0; occ && i < 8; i++) {
    const due = Math.max(last, occ.start) + forMs;
    if (due < occ.end) return due;
    occ = nextOccurrence(c.windows, occ.start);
  }
  return undefined;
}
