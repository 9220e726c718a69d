// A stored subscription as the API returns it (NGSI-LD 1.8 §5.2.12, §5.2.14), compacted with the
// requester's @context, with the status the system maintains.
import type { TermMapper } from '../../ngsi/terms.ts';
import { isLive } from './match.ts';
import { formatTypeExpr, mapTypeExpr } from './type-expr.ts';
import type { DeliveryStatus, Subscription } from './types.ts';

export interface RenderSubscriptionOptions {
  now: string;
  sysAttrs: boolean;
}

/** §5.2.12 status: expired once expiresAt has passed, paused when not active, else active. */
export function subscriptionStatus(sub: Subscription, now: string): 'active' | 'paused' | 'expired' {
  if (sub.expiresAt !== undefined && Date.parse(sub.expiresAt) <= Date.parse(now)) return 'expired';
  return isLive(sub, now) ? 'active' : 'paused';
}

export function renderSubscription(
  sub: Subscription,
  st: DeliveryStatus,
  terms: TermMapper,
  o: RenderSubscriptionOptions,
): Record<string, unknown> {
  const c = (iri: string) => terms.compactIri(iri);
  const out: Record<string, unknown> = { id: sub.id, type: 'Subscription' };
  if (sub.subscriptionName !== undefined) out.subscriptionName = sub.subscriptionName;
  if (sub.description !== undefined) out.description = sub.description;
  if (sub.entities) {
    out.entities = sub.entities.map((e) => ({
      ...(e.id !== undefined ? { id: e.id } : {}),
      ...(e.idPattern !== undefined ? { idPattern: e.idPattern } : {}),
      type: formatTypeExpr(mapTypeExpr(e.type, c)),
    }));
  }
  if (sub.watchedAttributes) out.watchedAttributes = sub.watchedAttributes.map(c);
  out.notificationTrigger = sub.notificationTrigger;
  if (sub.q !== undefined) out.q = sub.q;
  if (sub.geoQ) out.geoQ = { ...sub.geoQ, geoproperty: c(sub.geoQ.geoproperty) };
  if (sub.scopeQ !== undefined) out.scopeQ = sub.scopeQ;
  out.isActive = sub.isActive;
  if (sub.expiresAt !== undefined) out.expiresAt = sub.expiresAt;
  if (sub.throttling !== undefined) out.throttling = sub.throttling;
  if (sub.lang !== undefined) out.lang = sub.lang;
  if (sub.jsonldContext !== undefined) out.jsonldContext = sub.jsonldContext;
  out.notification = renderNotification(sub, st, c);
  out.status = subscriptionStatus(sub, o.now);
  if (o.sysAttrs) {
    out.createdAt = sub.createdAt;
    out.modifiedAt = sub.modifiedAt;
  }
  return out;
}

function renderNotification(
  sub: Subscription,
  st: DeliveryStatus,
  c: (iri: string) => string,
): Record<string, unknown> {
  const p = sub.notification;
  const out: Record<string, unknown> = {};
  if (p.attributes) out.attributes = p.attributes.map(c);
  out.format = p.format;
  out.endpoint = p.endpoint;
  out.showChanges = p.showChanges;
  out.sysAttrs = p.sysAttrs;
  // §5.2.14: members provided by the system.
  out.timesSent = st.timesSent;
  out.timesFailed = st.timesFailed;
  if (st.status !== undefined) out.status = st.status;
  if (st.lastNotification !== undefined) out.lastNotification = st.lastNotification;
  if (st.lastSuccess !== undefined) out.lastSuccess = st.lastSuccess;
  if (st.lastFailure !== undefined) out.lastFailure = st.lastFailure;
  return out;
}
