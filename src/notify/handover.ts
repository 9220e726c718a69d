// Hand-over of dispatched alarms and incidents to agencies: on each `dispatched` event the payload
// (the alarm or incident, its location, the cameras that see it, nearest first) is put in the outbox
// once per matching agency. Only enqueueing happens here; the delivery worker sends.
import type { Clock, Logger } from '../kernel/index.ts';
import type { Db } from '../storage/index.ts';
import { enqueue } from './store/delivery.repository.ts';
import { listAgencies } from './store/agency.repository.ts';

export interface Scene {
  location: { type: 'Point'; coordinates: [number, number] } | null;
  cameras: unknown[];
}

export interface HandoverDeps {
  db: Db;
  clock: Clock;
  log: Logger;
  /** Location and nearby cameras of the entity of an alarm. */
  scene: (tenant: string, alarmId: string) => Promise<Scene>;
  /** Categories of alarms (an incident reaches the agencies of its alarms' categories). */
  alarmCategories: (tenant: string, alarmIds: string[]) => Promise<string[]>;
  onEnqueued: () => void;
}

interface DispatchEvent {
  tenant: string;
  kind: string;
  at: string;
  by: string;
  alarm?: { id: string; category?: string; [k: string]: unknown };
  incident?: { id: string; alarmIds: string[]; [k: string]: unknown };
}

export function createHandover(deps: HandoverDeps) {
  return async function onDispatched(data: unknown, eventId: string): Promise<number> {
    const e = data as DispatchEvent;
    if (!e || typeof e.tenant !== 'string' || e.kind !== 'dispatched') return 0;
    const subject = e.alarm ? 'alarm' : e.incident ? 'incident' : undefined;
    const id = e.alarm?.id ?? e.incident?.id;
    if (!subject || !id) return 0;
    const alarmId = e.alarm ? e.alarm.id : e.incident?.alarmIds[0];
    const scene: Scene = alarmId
      ? await deps.scene(e.tenant, alarmId).catch((err: unknown) => {
          deps.log.warn({ err, alarmId }, 'no scene for hand-over');
          return { location: null, cameras: [] };
        })
      : { location: null, cameras: [] };
    const categories = e.alarm
      ? e.alarm.category === undefined
        ? []
        : [e.alarm.category]
      : await deps.alarmCategories(e.tenant, e.incident?.alarmIds ?? []).catch((err: unknown) => {
          deps.log.warn({ err, incident: id }, 'alarm categories of the incident not read');
          return [];
        });
    const agencies = (await listAgencies(deps.db, e.tenant)).filter(
      (a) => a.enabled && (a.categories.length === 0 || categories.some((c) => a.categories.includes(c))),
    );
    let n = 0;
    for (const a of agencies) {
      const payload = {
        id: `${eventId}:${a.id}`,
        kind: 'handover',
        tenant: e.tenant,
        at: e.at,
        by: e.by,
        agency: { id: a.id, name: a.name, kind: a.kind },
        subject,
        ...(e.alarm ? { alarm: e.alarm } : { incident: e.incident }),
        location: scene.location,
        cameras: scene.cameras,
      };
      const at = deps.clock.now().toISOString();
      const row = { tenant: e.tenant, agencyId: a.id, eventKey: `${subject}:${id}:${e.at}`, payload, at };
      if (await enqueue(deps.db, { ...row, channel: 'webhook' })) n++;
      if (a.email && (await enqueue(deps.db, { ...row, channel: 'email' }))) n++;
    }
    if (n) deps.onEnqueued();
    return n;
  };
}
