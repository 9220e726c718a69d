// Alarm and incident lifecycle: open → acknowledged → dispatched → resolved → closed. Pure; a
// transition not in the table is refused with a coded error, and every change is an audit entry.
import { DosiError, E } from '../../../kernel/index.ts';
import type { Category, Severity } from '../../domain/types.ts';

export const STATES = ['open', 'acknowledged', 'dispatched', 'resolved', 'closed'] as const;
export type State = (typeof STATES)[number];

/** Non-final states: an alarm in one of them is "open" for de-duplication. */
export const LIVE_STATES: readonly State[] = ['open', 'acknowledged', 'dispatched'];

/** Allowed moves. Dispatch is optional (acknowledged → resolved for what needs no one on site). */
export const TRANSITIONS: Readonly<Record<State, readonly State[]>> = {
  open: ['acknowledged'],
  acknowledged: ['dispatched', 'resolved'],
  dispatched: ['resolved'],
  resolved: ['closed'],
  closed: [],
};

export const ACTIONS = {
  ack: 'acknowledged',
  dispatch: 'dispatched',
  resolve: 'resolved',
  close: 'closed',
} as const satisfies Record<string, State>;
export type Action = keyof typeof ACTIONS;

export interface AuditEntry {
  at: string;
  by: string;
  action: string;
  from?: State;
  to?: State;
  note?: string;
}

export interface Alarm {
  id: string;
  tenant: string;
  ruleId: string | null;
  ruleVersion: number | null;
  entityId: string;
  entityType: string | null;
  severity: Severity;
  category: Category;
  subCategory: string | null;
  title: string;
  state: State;
  /** Set while the condition no longer holds (the operator still owns the alarm). */
  clearedAt: string | null;
  count: number;
  firstSeen: string;
  lastSeen: string;
  assignee: string | null;
  escalationLevel: number;
  /** Minutes unacknowledged before each escalation step. */
  escalateAfterMin: number;
  nextEscalationAt: string | null;
  incidentId: string | null;
  detail: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
  audit?: AuditEntry[];
}

export interface Incident {
  id: string;
  tenant: string;
  title: string;
  description: string | null;
  severity: Severity;
  state: State;
  assignee: string | null;
  alarmIds: string[];
  createdAt: string;
  updatedAt: string;
  audit?: AuditEntry[];
}

/** The target state of an action, or a coded refusal naming what is allowed. */
export function transition(kind: 'alarm' | 'incident', id: string, from: State, to: State): State {
  if (!TRANSITIONS[from].includes(to)) {
    throw new DosiError(kind === 'alarm' ? E.ALARM_TRANSITION : E.INCIDENT_TRANSITION, {
      id,
      from,
      to,
      allowed: TRANSITIONS[from].join(', ') || 'nothing (final)',
    });
  }
  return to;
}

export const SEVERITY_RANK: Readonly<Record<Severity, number>> = {
  critical: 5,
  major: 4,
  minor: 3,
  warning: 2,
  info: 1,
};

/** The most severe of a list (an incident is as severe as its worst alarm). */
export function worst(list: readonly Severity[]): Severity {
  return list.reduce<Severity>((a, b) => (SEVERITY_RANK[b] > SEVERITY_RANK[a] ? b : a), 'info');
}
