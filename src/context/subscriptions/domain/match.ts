// Does an entity change trigger a subscription? NGSI-LD 1.8 §5.8.1 (entities, watchedAttributes,
// q, geoQ, scopeQ), §5.2.12 (notificationTrigger, isActive, expiresAt, throttling).
import type { StoredEntity } from '../../model.ts';
import { matchGeoQuery, parseGeoQuery, validateGeometry } from '../../geo/index.ts';
import { evaluateQ, matchTypes, parseQ } from '../../query/index.ts';
import { scopeMatches, scopePrefixes } from './scope.ts';
import type { Change, DeliveryStatus, EntitySelector, GeoQ, Subscription, Trigger } from './types.ts';

export interface MatchContext {
  now: string;
  /** Expands the names of q with the subscriber's @context. */
  expand: (term: string) => string;
}

/** The triggers a change raises, each with the expanded attribute names it concerns. */
export function changeTriggers(c: Change): Map<Trigger, Set<string>> {
  const out = new Map<Trigger, Set<string>>();
  const add = (t: Trigger, attr?: string) => {
    const set = out.get(t) ?? new Set<string>();
    if (attr !== undefined) set.add(attr);
    out.set(t, set);
  };
  if (c.kind === 'create') {
    add('entityCreated');
    for (const a of c.attrs) {
      add('entityCreated', a);
      add('attributeCreated', a); // creating an entity creates its attributes
    }
  } else if (c.kind === 'delete') {
    add('entityDeleted');
    for (const a of c.attrs) add('entityDeleted', a);
  } else {
    for (const a of c.attrs) {
      const kinds = attributeChange(c.before?.attrs[a], c.after?.attrs[a]);
      for (const k of kinds) {
        add(k, a);
        add('entityUpdated', a);
      }
    }
  }
  return out;
}

type Instances = StoredEntity['attrs'][string] | undefined;

/** Instances are told apart by datasetId (§4.5.5): new ones are created, missing ones deleted. */
function attributeChange(before: Instances, after: Instances): Trigger[] {
  const ds = (list: NonNullable<Instances>) => new Set(list.map((i) => i.datasetId ?? '@none'));
  if (!before?.length) return after?.length ? ['attributeCreated'] : [];
  if (!after?.length) return ['attributeDeleted'];
  const b = ds(before);
  const a = ds(after);
  const out: Trigger[] = [];
  if ([...a].some((x) => !b.has(x))) out.push('attributeCreated');
  if ([...a].some((x) => b.has(x))) out.push('attributeUpdated');
  if ([...b].some((x) => !a.has(x))) out.push('attributeDeleted');
  return out;
}

export function isLive(sub: Subscription, now: string): boolean {
  return sub.isActive && (sub.expiresAt === undefined || Date.parse(sub.expiresAt) > Date.parse(now));
}

/** §5.2.12 throttling: seconds that must pass since the last triggered notification. */
export function throttled(
  sub: Subscription,
  status: Pick<DeliveryStatus, 'lastTriggered'>,
  now: string,
): boolean {
  if (sub.throttling === undefined || status.lastTriggered === undefined) return false;
  return Date.parse(now) - Date.parse(status.lastTriggered) < sub.throttling * 1000;
}

/** The decision, without I/O: every filter of the subscription against the change. */
export function matches(
  sub: Subscription,
  status: Pick<DeliveryStatus, 'lastTriggered'>,
  c: Change,
  ctx: MatchContext,
): boolean {
  const entity = c.kind === 'delete' ? c.before : c.after;
  if (!entity || !isLive(sub, ctx.now) || throttled(sub, status, ctx.now)) return false;
  if (sub.entities?.length && !sub.entities.some((s) => selects(s, entity))) return false;
  if (!triggered(sub, changeTriggers(c))) return false;
  if (sub.q !== undefined && !evaluateQ(parseQ(sub.q), entity, ctx.expand)) return false;
  if (sub.geoQ && !geoMatches(sub.geoQ, entity)) return false;
  if (sub.scopeQ !== undefined) {
    const prefixes = scopePrefixes(sub.scopeQ);
    if (typeof prefixes === 'string' || !scopeMatches(prefixes, entity.scope)) return false;
  }
  return true;
}

function selects(s: EntitySelector, e: StoredEntity): boolean {
  if (!matchTypes(s.type, e.types, (t) => t)) return false; // names are stored expanded
  if (s.id !== undefined && s.id !== e.id) return false;
  if (s.idPattern !== undefined && !new RegExp(s.idPattern, 'u').test(e.id)) return false;
  return true;
}

/** §5.2.12: a trigger fires when one of its attributes is watched (or nothing is watched). */
function triggered(sub: Subscription, raised: Map<Trigger, Set<string>>): boolean {
  const watched = sub.watchedAttributes?.length ? new Set(sub.watchedAttributes) : undefined;
  return sub.notificationTrigger.some((t) => {
    const attrs = raised.get(t);
    if (!attrs) return false;
    return watched === undefined || [...attrs].some((a) => watched.has(a));
  });
}

function geoMatches(g: GeoQ, e: StoredEntity): boolean {
  const query = parseGeoQuery({ georel: g.georel, geometry: g.geometry, coordinates: g.coordinates });
  return (e.attrs[g.geoproperty] ?? []).some((inst) => {
    if (inst.type !== 'GeoProperty') return false;
    try {
      return matchGeoQuery(query, validateGeometry(inst.value));
    } catch {
      return false; // a stored value that is not a valid geometry never matches
    }
  });
}
