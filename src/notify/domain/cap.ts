// CAP 1.2 (OASIS Common Alerting Protocol, 2010) documents of public alerts, and their Atom feed.
// Element order follows the CAP 1.2 XML schema (§3.2): alert → info → area, required elements always
// present. Pure: the caller passes the alert and the clock's time.
import { XMLBuilder } from 'fast-xml-parser';

export const CAP_NS = 'urn:oasis:names:tc:emergency:cap:1.2';
const ATOM_NS = 'http://www.w3.org/2005/Atom';

export const CAP_CATEGORIES = [
  'Geo',
  'Met',
  'Safety',
  'Security',
  'Rescue',
  'Fire',
  'Health',
  'Env',
  'Transport',
  'Infra',
  'CBRNE',
  'Other',
] as const;
export const CAP_URGENCY = ['Immediate', 'Expected', 'Future', 'Past', 'Unknown'] as const;
export const CAP_SEVERITY = ['Extreme', 'Severe', 'Moderate', 'Minor', 'Unknown'] as const;
export const CAP_CERTAINTY = ['Observed', 'Likely', 'Possible', 'Unlikely', 'Unknown'] as const;

export interface CapAlert {
  /** CAP §3.2.1 identifier: unique for the sender; no spaces, commas or restricted characters. */
  identifier: string;
  sender: string;
  /** ISO 8601 instant; written with the Korean offset (+09:00), as §3.3.2 forbids "Z". */
  sent: string;
  status: 'Actual' | 'Exercise' | 'System' | 'Test' | 'Draft';
  msgType: 'Alert' | 'Update' | 'Cancel';
  category: (typeof CAP_CATEGORIES)[number];
  event: string;
  urgency: (typeof CAP_URGENCY)[number];
  severity: (typeof CAP_SEVERITY)[number];
  certainty: (typeof CAP_CERTAINTY)[number];
  senderName?: string;
  headline: string;
  description?: string;
  instruction?: string;
  areaDesc: string;
  /** Centre [lon, lat] and radius in km; CAP writes "lat,lon radius" (§3.3.2 circle). */
  circle?: { center: [number, number]; radiusKm: number };
  /** A closed ring of [lon, lat]; CAP writes "lat,lon lat,lon …" (§3.3.2 polygon). */
  polygon?: [number, number][];
  incidents?: string;
}

/** CAP §3.3.2 dateTime: "2026-12-03T19:00:00+09:00" — seconds, explicit offset, no fraction. */
export function capDateTime(iso: string): string {
  const t = new Date(Date.parse(iso) + 9 * 3600_000).toISOString();
  return `${t.slice(0, 19)}+09:00`;
}

const coord = ([lon, lat]: [number, number]) => `${lat.toFixed(6)},${lon.toFixed(6)}`;

function areaOf(a: CapAlert): Record<string, unknown> {
  const area: Record<string, unknown> = { areaDesc: a.areaDesc };
  if (a.polygon) area.polygon = a.polygon.map(coord).join(' ');
  if (a.circle) area.circle = `${coord(a.circle.center)} ${a.circle.radiusKm}`;
  return area;
}

/** The alert as an ordered object (insertion order = CAP 1.2 schema order). */
export function capObject(a: CapAlert): Record<string, unknown> {
  const info: Record<string, unknown> = {
    language: 'ko-KR',
    category: a.category,
    event: a.event,
    urgency: a.urgency,
    severity: a.severity,
    certainty: a.certainty,
  };
  if (a.senderName) info.senderName = a.senderName;
  info.headline = a.headline;
  if (a.description) info.description = a.description;
  if (a.instruction) info.instruction = a.instruction;
  info.area = areaOf(a);
  const alert: Record<string, unknown> = {
    '@_xmlns': CAP_NS,
    identifier: a.identifier,
    sender: a.sender,
    sent: capDateTime(a.sent),
    status: a.status,
    msgType: a.msgType,
    scope: 'Public',
  };
  if (a.incidents) alert.incidents = a.incidents;
  alert.info = info;
  return alert;
}

const builder = new XMLBuilder({ ignoreAttributes: false, format: true, suppressEmptyNode: true });
const DECL = '<?xml version="1.0" encoding="UTF-8"?>\n';

export function capXml(a: CapAlert): string {
  return DECL + builder.build({ alert: capObject(a) });
}

export interface FeedEntry {
  alert: CapAlert;
  /** Absolute URL of the alert's CAP document. */
  href: string;
}

/** An Atom (RFC 4287) feed of CAP alerts, newest first, each linking to its CAP document. */
export function capAtomFeed(opts: {
  id: string;
  title: string;
  self: string;
  updated: string;
  entries: FeedEntry[];
}): string {
  const feed = {
    '@_xmlns': ATOM_NS,
    id: opts.id,
    title: opts.title,
    updated: opts.updated,
    link: { '@_rel': 'self', '@_href': opts.self },
    author: { name: 'dosi' },
    entry: opts.entries.map((e) => ({
      id: `urn:dosi:cap:${e.alert.identifier}`,
      title: e.alert.headline,
      updated: new Date(e.alert.sent).toISOString(),
      link: { '@_rel': 'alternate', '@_type': 'application/cap+xml', '@_href': e.href },
      summary: e.alert.description ?? e.alert.event,
      category: { '@_term': e.alert.category },
    })),
  };
  return DECL + builder.build({ feed });
}
