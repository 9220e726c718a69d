// Use cases of notifications: agencies (receivers of hand-overs), the delivery log, and public CAP
// alerts published from incidents.
import { randomBytes, randomUUID } from 'node:crypto';
import { DosiError, E, type Clock } from '../kernel/index.ts';
import type { Db } from '../storage/index.ts';
import type { CapAlert } from './domain/cap.ts';
import * as agencies from './store/agency.repository.ts';
import * as caps from './store/cap.repository.ts';
import { listDeliveries, type DeliveryFilter } from './store/delivery.repository.ts';

export interface NewAgency {
  name: string;
  kind: agencies.AgencyKind;
  url: string;
  email?: string | undefined;
  secret?: string | undefined;
  categories?: string[] | undefined;
  enabled?: boolean | undefined;
}

export interface PublishInput {
  event?: string | undefined;
  headline?: string | undefined;
  description?: string | undefined;
  instruction?: string | undefined;
  urgency?: CapAlert['urgency'] | undefined;
  certainty?: CapAlert['certainty'] | undefined;
  areaDesc?: string | undefined;
  radiusKm?: number | undefined;
  status?: CapAlert['status'] | undefined;
}

export interface IncidentFacts {
  id: string;
  title: string;
  description: string | null;
  severity: string;
  category: string | undefined;
  location: [number, number] | null;
}

export interface NotifyServiceDeps {
  db: Db;
  clock: Clock;
  capSender: string;
  incident: (tenant: string, id: string) => Promise<IncidentFacts>;
}

const CAP_SEVERITY: Record<string, CapAlert['severity']> = {
  critical: 'Extreme',
  major: 'Severe',
  minor: 'Moderate',
  warning: 'Minor',
  info: 'Unknown',
};
const CAP_CATEGORY: Record<string, CapAlert['category']> = {
  traffic: 'Transport',
  naturalDisaster: 'Geo',
  weather: 'Met',
  environment: 'Env',
  health: 'Health',
  security: 'Security',
  fire: 'Fire',
  facility: 'Infra',
  water: 'Infra',
  waste: 'Env',
  care: 'Health',
};

export type NotifyService = ReturnType<typeof createNotifyService>;

export function createNotifyService(deps: NotifyServiceDeps) {
  return {
    async createAgency(tenant: string, input: NewAgency): Promise<agencies.Agency & { secret: string }> {
      let url: URL;
      try {
        url = new URL(input.url);
      } catch {
        throw new DosiError(E.NOTIFY_AGENCY_INVALID, { detail: `url ${input.url} is not a URL` });
      }
      if (url.protocol !== 'https:' && url.protocol !== 'http:')
        throw new DosiError(E.NOTIFY_AGENCY_INVALID, { detail: 'url must be http(s)' });
      if (input.secret !== undefined && input.secret.length < 16)
        throw new DosiError(E.NOTIFY_AGENCY_INVALID, { detail: 'secret needs at least 16 characters' });
      if (input.email !== undefined && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(input.email))
        throw new DosiError(E.NOTIFY_AGENCY_INVALID, { detail: `email ${input.email} is not an address` });
      const secret = input.secret ?? randomBytes(24).toString('base64url');
      const a: agencies.Agency = {
        id: `urn:dosi:agency:${randomUUID()}`,
        tenant,
        name: input.name,
        kind: input.kind,
        url: url.toString(),
        email: input.email ?? null,
        categories: input.categories ?? [],
        enabled: input.enabled ?? true,
        createdAt: deps.clock.now().toISOString(),
      };
      await agencies.insertAgency(deps.db, a, secret);
      return { ...a, secret };
    },

    async listAgencies(tenant: string): Promise<agencies.Agency[]> {
      return (await agencies.listAgencies(deps.db, tenant)).map(({ secret: _s, ...a }) => a);
    },

    async deleteAgency(tenant: string, id: string): Promise<void> {
      if (!(await agencies.deleteAgency(deps.db, tenant, id)))
        throw new DosiError(E.NOTIFY_AGENCY_NOT_FOUND, { id, tenant });
    },

    deliveries(tenant: string, f: DeliveryFilter) {
      return listDeliveries(deps.db, tenant, f);
    },

    /** A public CAP alert from an incident; the area is a circle around its first alarm's entity. */
    async publish(tenant: string, incidentId: string, p: PublishInput): Promise<CapAlert> {
      const inc = await deps.incident(tenant, incidentId);
      const sent = deps.clock.now().toISOString();
      const alert: CapAlert = {
        identifier: `${tenant}-${randomUUID()}`,
        sender: deps.capSender,
        sent,
        status: p.status ?? 'Actual',
        msgType: 'Alert',
        category: CAP_CATEGORY[inc.category ?? ''] ?? 'Safety',
        event: p.event ?? inc.title,
        urgency: p.urgency ?? 'Immediate',
        severity: CAP_SEVERITY[inc.severity] ?? 'Unknown',
        certainty: p.certainty ?? 'Observed',
        headline: p.headline ?? inc.title,
        areaDesc: p.areaDesc ?? tenant,
        incidents: inc.id,
      };
      const description = p.description ?? inc.description ?? undefined;
      if (description) alert.description = description;
      if (p.instruction) alert.instruction = p.instruction;
      if (inc.location) alert.circle = { center: inc.location, radiusKm: p.radiusKm ?? 0.5 };
      await caps.insertCap(deps.db, { tenant, incidentId: inc.id, alert });
      return alert;
    },

    async cap(id: string): Promise<CapAlert> {
      const c = await caps.getCap(deps.db, id);
      if (!c) throw new DosiError(E.NOTIFY_ALERT_NOT_FOUND, { id });
      return c.alert;
    },

    async recentCaps(tenant: string | undefined, limit: number): Promise<CapAlert[]> {
      return (await caps.recentCaps(deps.db, tenant, limit)).map((c) => c.alert);
    },
  };
}
