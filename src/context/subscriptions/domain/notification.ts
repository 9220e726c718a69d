// The Notification a change produces (NGSI-LD 1.8 §5.3.1) and how it is delivered: HTTP headers
// (§6.3.5 Link, §5.2.15 receiverInfo) or the metadata of an MQTT message (§7.2).
import type { AttributeType, StoredEntity, StoredInstance } from '../../model.ts';
import { formatLinkHeader, type JsonLdContextValue } from '../../jsonld/index.ts';
import { renderEntity, type Rendered } from '../../ngsi/render.ts';
import type { TermMapper } from '../../ngsi/terms.ts';
import type { Change, EndpointAccept, KeyValue, Subscription } from './types.ts';

export interface Notification {
  id: string;
  type: 'Notification';
  subscriptionId: string;
  notifiedAt: string;
  data: Rendered[];
  '@context'?: JsonLdContextValue;
}

/** Everything the notifier needs besides the payload; stored with it in the outbox. */
export interface Delivery {
  uri: string;
  accept: EndpointAccept;
  /** HTTP headers, also the `metadata` of an MQTT notification (§7.2). */
  headers: Record<string, string>;
  notifierInfo: KeyValue[];
}

export interface NotificationInput {
  sub: Subscription;
  change: Change;
  tenant: string;
  /** The subscriber's @context, resolved: names are compacted with it. */
  terms: TermMapper;
  /** The @context value carried by application/ld+json notifications. */
  context: JsonLdContextValue;
  /** The context URL of the Link header of application/json notifications. */
  linkUrl: string | undefined;
  /** urn:ngsi-ld:Notification:<uuid> */
  id: string;
  now: string;
}

/** §5.2.2: deleted values are represented by the NGSI-LD Null. */
export const NGSI_LD_NULL = 'urn:ngsi-ld:null';

export function buildNotification(i: NotificationInput): { payload: Notification; delivery: Delivery } {
  const ld = i.sub.notification.endpoint.accept === 'application/ld+json';
  const entity = renderData(i);
  const data = [ld ? { ...entity, '@context': i.context } : entity];
  const payload: Notification = {
    id: i.id,
    type: 'Notification',
    subscriptionId: i.sub.id,
    notifiedAt: i.now,
    data,
  };
  if (ld) payload['@context'] = i.context;
  return { payload, delivery: deliveryOf(i) };
}

function deliveryOf(i: NotificationInput): Delivery {
  const ep = i.sub.notification.endpoint;
  const headers: Record<string, string> = {};
  for (const kv of ep.receiverInfo ?? []) headers[kv.key] = kv.value; // §5.2.15 receiverInfo
  headers['Content-Type'] = ep.accept;
  if (ep.accept === 'application/json' && i.linkUrl !== undefined) headers.Link = formatLinkHeader(i.linkUrl); // §6.3.5
  headers['NGSILD-Tenant'] = i.tenant; // §6.3.14: the tenant the subscription belongs to
  return { uri: ep.uri, accept: ep.accept, headers, notifierInfo: ep.notifierInfo ?? [] };
}

function renderData(i: NotificationInput): Rendered {
  const { sub, change, terms } = i;
  const p = sub.notification;
  if (change.kind === 'delete') {
    // §5.2.12 entityDeleted: the entity is represented by its id, type and deletion time.
    const e = change.before as StoredEntity;
    const types = e.types.map((t) => terms.compactIri(t));
    return { id: e.id, type: types.length === 1 ? types[0] : types, deletedAt: change.at };
  }
  const e = change.after as StoredEntity;
  const keep = p.attributes ? new Set(p.attributes) : undefined;
  const out = renderEntity(e, terms, { format: p.format, sysAttrs: p.sysAttrs, keep, lang: sub.lang });
  if (change.kind === 'update') {
    const written = change.attrs.filter((a) => keep === undefined || keep.has(a));
    addDeleted(out, change, written, i);
    if (p.showChanges && p.format !== 'keyValues') addPrevious(out, change, written, terms);
  }
  return out;
}

/** Attributes the update removed appear with the NGSI-LD Null and their deletion time. */
function addDeleted(out: Rendered, c: Change, written: readonly string[], i: NotificationInput): void {
  for (const a of written) {
    const prev = c.before?.attrs[a]?.[0];
    if (!prev || c.after?.attrs[a]?.length) continue;
    const name = i.terms.compactIri(a);
    if (i.sub.notification.format === 'keyValues') out[name] = NGSI_LD_NULL;
    else if (prev.type === 'Relationship')
      out[name] = { type: 'Relationship', object: NGSI_LD_NULL, deletedAt: c.at };
    else if (prev.type === 'LanguageProperty')
      out[name] = { type: 'LanguageProperty', languageMap: { '@none': NGSI_LD_NULL }, deletedAt: c.at };
    else out[name] = { type: 'Property', value: NGSI_LD_NULL, deletedAt: c.at };
  }
}

/** §5.2.14 showChanges: the value each updated instance had before. */
const PREVIOUS: Record<AttributeType, readonly [keyof StoredInstance & string, string]> = {
  Property: ['value', 'previousValue'],
  GeoProperty: ['value', 'previousValue'],
  Relationship: ['object', 'previousObject'],
  LanguageProperty: ['languageMap', 'previousLanguageMap'],
  VocabProperty: ['vocab', 'previousVocab'],
  ListProperty: ['valueList', 'previousValueList'],
  ListRelationship: ['objectList', 'previousObjectList'],
  JsonProperty: ['json', 'previousJson'],
};

function addPrevious(out: Rendered, c: Change, written: readonly string[], terms: TermMapper): void {
  for (const a of written) {
    const before = c.before?.attrs[a];
    const rendered = out[terms.compactIri(a)];
    if (!before?.length || rendered === undefined) continue;
    for (const r of Array.isArray(rendered) ? (rendered as unknown[]) : [rendered]) {
      if (typeof r !== 'object' || r === null) continue; // concise bare values have no room for it
      const obj = r as Record<string, unknown>;
      const prev = before.find((b) => (b.datasetId ?? '@none') === (obj.datasetId ?? '@none'));
      if (!prev) continue;
      const [field, key] = PREVIOUS[prev.type];
      if (prev[field] !== undefined) obj[key] = prev[field];
    }
  }
}
