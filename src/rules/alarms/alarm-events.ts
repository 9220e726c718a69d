// Alarm and incident events on the bus, for the console's live queue and for notifiers:
//   dosi.alarm.{tenant}.{kind}     kind raised|repeated|cleared|acknowledged|dispatched|resolved|closed|
//                                  commented|assigned|escalated
//   dosi.incident.{tenant}.{kind}  kind created|alarms|acknowledged|dispatched|resolved|closed|commented|assigned
import { randomUUID } from 'node:crypto';
import type { Alarm, Incident } from './domain/lifecycle.ts';

export interface OutEvent {
  subject: string;
  data: unknown;
  id: string;
}

export interface AlarmEvent {
  tenant: string;
  kind: string;
  at: string;
  by: string;
  alarm: Alarm;
}

export interface IncidentEvent {
  tenant: string;
  kind: string;
  at: string;
  by: string;
  incident: Incident;
}

const tokenOf = (s: string) => s.replace(/[.\s*>]/g, '_') || '_';

export function alarmEvent(kind: string, alarm: Alarm, at: string, by: string): OutEvent {
  const { audit: _audit, ...rest } = alarm;
  const data: AlarmEvent = { tenant: alarm.tenant, kind, at, by, alarm: rest };
  return { subject: `dosi.alarm.${tokenOf(alarm.tenant)}.${kind}`, data, id: `a:${randomUUID()}` };
}

export function incidentEvent(kind: string, incident: Incident, at: string, by: string): OutEvent {
  const { audit: _audit, ...rest } = incident;
  const data: IncidentEvent = { tenant: incident.tenant, kind, at, by, incident: rest };
  return { subject: `dosi.incident.${tokenOf(incident.tenant)}.${kind}`, data, id: `i:${randomUUID()}` };
}
