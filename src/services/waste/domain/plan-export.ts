// A collection plan as files other tools open: GeoJSON (RFC 7946) for GIS and web maps, GPX 1.1 for
// the navigation devices in the trucks. Lines are straight between stops: dosi has no road network yet.
import type { LonLat, PlanRoute } from './plan.ts';

export interface ExportablePlan {
  id: string;
  shiftStart: string;
  shiftEnd: string;
  depot: { name: string; location: LonLat };
  routes: PlanRoute[];
}

type Feature = {
  type: 'Feature';
  geometry: { type: 'Point'; coordinates: LonLat } | { type: 'LineString'; coordinates: LonLat[] };
  properties: Record<string, unknown>;
};

/** Depot, one line per route (depot → stops → depot) and one point per stop. */
export function planGeoJson(p: ExportablePlan, truckId?: string) {
  const features: Feature[] = [
    {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: p.depot.location },
      properties: { kind: 'depot', name: p.depot.name, planId: p.id },
    },
  ];
  for (const r of p.routes) {
    if (truckId && r.truckId !== truckId) continue;
    features.push({
      type: 'Feature',
      geometry: {
        type: 'LineString',
        coordinates: [p.depot.location, ...r.stops.map((s) => s.location), p.depot.location],
      },
      properties: {
        kind: 'route',
        truckId: r.truckId,
        truckName: r.truckName,
        stops: r.stops.length,
        loadL: r.loadL,
        distanceKm: r.distanceKm,
        start: r.start,
        end: r.end,
      },
    });
    for (const s of r.stops)
      features.push({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: s.location },
        properties: {
          kind: 'stop',
          truckId: r.truckId,
          seq: s.seq,
          binId: s.binId,
          name: s.name,
          reason: s.reason,
          expectedFill: s.expectedFill,
          demandL: s.demandL,
          eta: s.eta,
          state: s.state,
        },
      });
  }
  return { type: 'FeatureCollection' as const, features };
}

const xml = (s: string): string =>
  s.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] ?? c,
  );

/** A GPX point; the schema orders the children time, name, desc. */
const pt = (tag: string, [lon, lat]: LonLat, name: string, o: { time?: string; desc?: string } = {}) =>
  `<${tag} lat="${lat.toFixed(7)}" lon="${lon.toFixed(7)}">` +
  (o.time ? `<time>${o.time}</time>` : '') +
  `<name>${xml(name)}</name>` +
  (o.desc ? `<desc>${xml(o.desc)}</desc>` : '') +
  `</${tag}>`;

/** GPX 1.1: the stops as waypoints and the route in order (one `rte` per truck). */
export function planGpx(p: ExportablePlan, truckId?: string): string {
  const routes = p.routes.filter((r) => !truckId || r.truckId === truckId);
  const wpts = routes.flatMap((r) =>
    r.stops.map((s) =>
      pt('wpt', s.location, `${r.truckName} ${s.seq}. ${s.name ?? s.binId}`, { desc: s.binId }),
    ),
  );
  const rtes = routes.map(
    (r) =>
      `<rte><name>${xml(r.truckName)}</name><desc>${xml(`${r.stops.length} stops, ${r.distanceKm} km`)}</desc>` +
      [
        pt('rtept', p.depot.location, p.depot.name),
        ...r.stops.map((s) => pt('rtept', s.location, `${s.seq}. ${s.name ?? s.binId}`, { time: s.eta })),
        pt('rtept', p.depot.location, p.depot.name),
      ].join('') +
      `</rte>`,
  );
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<gpx version="1.1" creator="dosi" xmlns="http://www.topografix.com/GPX/1/1">` +
    `<metadata><name>${xml(`collection plan ${p.id}`)}</name><time>${p.shiftStart}</time></metadata>` +
    wpts.join('') +
    rtes.join('') +
    `</gpx>\n`
  );
}
