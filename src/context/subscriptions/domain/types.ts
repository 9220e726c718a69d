// The stored form of an NGSI-LD subscription (ETSI GS CIM 009 v1.8 §5.2.12, §5.2.14, §5.2.15).
// Entity types and attribute names are expanded IRIs; `context` keeps the subscriber's @context
// so notifications are compacted with the subscriber's terms (§5.8.1, §5.11).
import type { StoredEntity } from '../../model.ts';
import type { TypeExpr } from '../../query/index.ts';
import type { JsonLdContextValue } from '../../jsonld/index.ts';

/** §5.2.12 notificationTrigger values. */
export const TRIGGERS = [
  'entityCreated',
  'entityUpdated',
  'entityDeleted',
  'attributeCreated',
  'attributeUpdated',
  'attributeDeleted',
] as const;
export type Trigger = (typeof TRIGGERS)[number];

/** §5.2.12: without notificationTrigger, attribute creations and updates notify. */
export const DEFAULT_TRIGGERS: readonly Trigger[] = ['attributeCreated', 'attributeUpdated'];

export const NOTIFICATION_FORMATS = ['normalized', 'keyValues', 'concise'] as const;
export type NotificationFormat = (typeof NOTIFICATION_FORMATS)[number];

export const ENDPOINT_ACCEPTS = ['application/json', 'application/ld+json'] as const;
export type EndpointAccept = (typeof ENDPOINT_ACCEPTS)[number];

/** §5.2.22 KeyValuePair (receiverInfo, notifierInfo). */
export interface KeyValue {
  key: string;
  value: string;
}

/** §5.2.15 Endpoint. */
export interface Endpoint {
  uri: string;
  accept: EndpointAccept;
  receiverInfo?: KeyValue[];
  notifierInfo?: KeyValue[];
}

/** §5.2.33 EntitySelector; `type` is parsed (§4.17) with expanded names. */
export interface EntitySelector {
  type: TypeExpr;
  id?: string;
  idPattern?: string;
}

/** §5.2.13 GeoQuery as given, with `geoproperty` expanded. */
export interface GeoQ {
  geometry: string;
  coordinates: unknown;
  georel: string;
  geoproperty: string;
}

/** §5.2.14 NotificationParams (the subscriber's part; delivery status lives in DeliveryStatus). */
export interface NotificationParams {
  attributes?: string[];
  format: NotificationFormat;
  endpoint: Endpoint;
  showChanges: boolean;
  sysAttrs: boolean;
}

export interface Subscription {
  id: string;
  subscriptionName?: string;
  description?: string;
  entities?: EntitySelector[];
  watchedAttributes?: string[];
  notificationTrigger: Trigger[];
  /** The q text as given: it is evaluated with the subscriber's @context (names expanded then). */
  q?: string;
  geoQ?: GeoQ;
  scopeQ?: string;
  isActive: boolean;
  expiresAt?: string;
  /** Seconds between two notifications (§5.2.12). */
  throttling?: number;
  lang?: string;
  /** §5.2.12 jsonldContext: a context URL that replaces `context` for notifications. */
  jsonldContext?: string;
  notification: NotificationParams;
  /** The @context of the creating request; absent when only the Core @context applied. */
  context?: JsonLdContextValue;
  createdAt: string;
  modifiedAt: string;
}

/** What the system records about deliveries (§5.2.14 status, timesSent, …). */
export interface DeliveryStatus {
  status?: 'ok' | 'failed';
  timesSent: number;
  timesFailed: number;
  lastNotification?: string;
  lastSuccess?: string;
  lastFailure?: string;
  /** When the last notification was triggered (enqueued): throttling is measured from it. */
  lastTriggered?: string;
}

/** A committed entity change, as the context service reports it. */
export interface Change {
  kind: 'create' | 'update' | 'delete';
  before: StoredEntity | undefined;
  after: StoredEntity | undefined;
  /** Expanded names of the attributes written or deleted. */
  attrs: readonly string[];
  at: string;
}
