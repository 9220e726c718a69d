// Validation of subscription bodies: create (NGSI-LD 1.8 §5.8.1, §6.10.3.1) and partial update
// (§5.8.2, §6.11.3.2). Names are expanded with the request's @context; every error names the member.
import { DosiError, E } from '../../../kernel/index.ts';
import type { JsonLdContextValue } from '../../jsonld/index.ts';
import type { TermMapper } from '../../ngsi/terms.ts';
import { assertUri, isPlainObject, short } from '../../ngsi/validate.ts';
import { readEndpoint } from './validate-endpoint.ts';
import {
  bad,
  readEntities,
  readGeoQ,
  readNames,
  readQ,
  readScopeQ,
  readTriggers,
} from './validate-members.ts';
import {
  DEFAULT_TRIGGERS,
  NOTIFICATION_FORMATS,
  type NotificationFormat,
  type NotificationParams,
  type Subscription,
} from './types.ts';

export interface ValidateInput {
  terms: TermMapper;
  now: string;
  /** The @context of the creating request, stored with the subscription (undefined: Core only). */
  context: JsonLdContextValue | undefined;
  newId: () => string;
}

type Members = Partial<Omit<Subscription, 'id' | 'notification' | 'context' | 'createdAt' | 'modifiedAt'>>;
type Reader = (v: unknown, input: ValidateInput) => unknown;

const str = (what: string) => (v: unknown) => {
  if (typeof v !== 'string' || v === '') throw bad(`${what} must be a non-empty string, got ${short(v)}`);
  return v;
};
const bool = (what: string) => (v: unknown) => {
  if (typeof v !== 'boolean') throw bad(`${what} must be true or false, got ${short(v)}`);
  return v;
};

const READERS: Record<keyof Members, Reader> = {
  subscriptionName: str('subscriptionName'),
  description: str('description'),
  entities: (v, i) => readEntities(v, i.terms),
  watchedAttributes: (v, i) => readNames(v, i.terms, 'watchedAttributes'),
  notificationTrigger: readTriggers,
  q: readQ,
  geoQ: (v, i) => readGeoQ(v, i.terms),
  scopeQ: readScopeQ,
  isActive: bool('isActive'),
  expiresAt: (v, i) => readExpiresAt(v, i.now),
  throttling: readThrottling,
  lang: str('lang'),
  jsonldContext: (v) => assertUri(v, 'jsonldContext'),
};

/** Members that a partial update may remove with null. */
const REMOVABLE = new Set<string>([
  'subscriptionName',
  'description',
  'entities',
  'watchedAttributes',
  'notificationTrigger',
  'q',
  'geoQ',
  'scopeQ',
  'expiresAt',
  'throttling',
  'lang',
  'jsonldContext',
]);

/** Members dosi knows but does not implement: 422 OperationNotSupported rather than silence. */
const UNSUPPORTED: Record<string, string> = {
  timeInterval: 'periodic notifications (timeInterval) are not supported; use change-triggered notifications',
  temporalQ: 'temporalQ in subscriptions is not supported',
};

export function validateSubscription(body: unknown, input: ValidateInput): Subscription {
  if (!isPlainObject(body)) throw bad('a subscription must be a JSON object');
  if (body.type !== 'Subscription') throw bad(`type must be "Subscription", got ${short(body.type)}`);
  const id = body.id === undefined ? input.newId() : assertUri(body.id, 'subscription id');
  const { members } = readMembers(body, input, false);
  if (body.notification === undefined)
    throw bad('notification is required (at least notification.endpoint.uri)');
  const notification = readNotification(body.notification, input, undefined);
  const sub: Subscription = {
    id,
    notificationTrigger: [...DEFAULT_TRIGGERS],
    isActive: true,
    ...members,
    notification,
    createdAt: input.now,
    modifiedAt: input.now,
  };
  if (input.context !== undefined) sub.context = input.context;
  return checkWhole(sub);
}

/**
 * §5.8.2: the members of the fragment replace those of the subscription; members of
 * `notification` replace those of the stored notification; null removes an optional member.
 * The @context stored at creation stays the one notifications are compacted with.
 */
export function applyFragment(existing: Subscription, body: unknown, input: ValidateInput): Subscription {
  if (!isPlainObject(body)) throw bad('a subscription fragment must be a JSON object');
  if (body.id !== undefined && body.id !== existing.id)
    throw bad(`the id of subscription ${existing.id} cannot be changed`);
  if (body.type !== undefined && body.type !== 'Subscription')
    throw bad(`type must be "Subscription", got ${short(body.type)}`);
  const { members, removed } = readMembers(body, input, true);
  const notification =
    body.notification === undefined
      ? existing.notification
      : readNotification(body.notification, input, existing.notification);
  const next: Subscription = { ...existing, ...members, notification, modifiedAt: input.now };
  for (const k of removed) delete (next as unknown as Record<string, unknown>)[k];
  if (removed.has('notificationTrigger')) next.notificationTrigger = [...DEFAULT_TRIGGERS];
  return checkWhole(next);
}

function readMembers(
  body: Record<string, unknown>,
  input: ValidateInput,
  patch: boolean,
): { members: Members; removed: Set<string> } {
  const members: Record<string, unknown> = {};
  const removed = new Set<string>();
  for (const [k, v] of Object.entries(body)) {
    const why = UNSUPPORTED[k];
    if (why !== undefined && v !== undefined && v !== null)
      throw new DosiError(E.NGSI_NOT_SUPPORTED, { detail: why });
    const reader = (READERS as Record<string, Reader | undefined>)[k];
    // Unknown and read-only members (status, timesSent, createdAt, @context, …) are ignored.
    if (reader === undefined) continue;
    if (v === null && patch && REMOVABLE.has(k)) removed.add(k);
    else members[k] = reader(v, input);
  }
  return { members, removed };
}

function readNotification(
  v: unknown,
  input: ValidateInput,
  base: NotificationParams | undefined,
): NotificationParams {
  if (!isPlainObject(v)) throw bad(`notification must be a JSON object, got ${short(v)}`);
  const endpoint = v.endpoint === undefined ? base?.endpoint : readEndpoint(v.endpoint);
  if (!endpoint) throw bad('notification.endpoint is required (with a uri)');
  const out: NotificationParams = {
    format: 'normalized',
    showChanges: false,
    sysAttrs: false,
    ...base,
    endpoint,
  };
  if (v.attributes === null) delete out.attributes;
  else if (v.attributes !== undefined)
    out.attributes = readNames(v.attributes, input.terms, 'notification.attributes');
  if (v.format !== undefined) out.format = readFormat(v.format);
  if (v.showChanges !== undefined) out.showChanges = bool('notification.showChanges')(v.showChanges);
  if (v.sysAttrs !== undefined) out.sysAttrs = bool('notification.sysAttrs')(v.sysAttrs);
  return out;
}

function readFormat(v: unknown): NotificationFormat {
  if (v === 'simplified') return 'keyValues'; // §4.5.3 alias
  if (typeof v === 'string' && (NOTIFICATION_FORMATS as readonly string[]).includes(v))
    return v as NotificationFormat;
  throw bad(`notification.format must be one of ${NOTIFICATION_FORMATS.join(', ')}, got ${short(v)}`);
}

function readExpiresAt(v: unknown, now: string): string {
  if (
    typeof v !== 'string' ||
    !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(v) ||
    Number.isNaN(Date.parse(v))
  ) {
    throw bad(`expiresAt must be a DateTime such as 2030-01-01T00:00:00Z, got ${short(v)}`);
  }
  if (Date.parse(v) <= Date.parse(now)) throw bad(`expiresAt ${v} is not in the future`);
  return new Date(v).toISOString();
}

function readThrottling(v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0)
    throw bad(`throttling must be a positive number of seconds, got ${short(v)}`);
  return v;
}

/** §5.2.12: a change-triggered subscription names entities or watchedAttributes (or both). */
function checkWhole(sub: Subscription): Subscription {
  if (!sub.entities?.length && !sub.watchedAttributes?.length)
    throw bad('a subscription needs entities or watchedAttributes (or both)');
  return sub;
}
