// The collection plan on the map: bins as circles coloured by fill, one line per truck (depot → stops →
// depot), numbered stop markers (HTML: the offline style has no glyphs) and the depot.
import * as maplibregl from 'maplibre-gl';
import type { Feature, FeatureCollection, LineString, Point } from 'geojson';
import type { CollectionPlan, LonLat, PlanStop, WasteBin } from './types.ts';

export const FILL_LOW = '#40c057';
export const FILL_MID = '#fab005';
export const FILL_HIGH = '#fa5252';
export const DONE_COLOUR = '#868e96';
// Route colours stay clear of the fill colours (green, amber, red).
const ROUTE_PALETTE = ['#4dabf7', '#b197fc', '#3bc9db', '#f783ac', '#e599f7', '#91a7ff', '#ffa8a8'];

export function fillColour(f: number | null): string {
  if (f === null) return DONE_COLOUR;
  return f < 0.5 ? FILL_LOW : f < 0.8 ? FILL_MID : FILL_HIGH;
}

export function routeColour(i: number): string {
  return ROUTE_PALETTE[i % ROUTE_PALETTE.length] ?? '#4dabf7';
}

export function binsGeoJson(bins: WasteBin[]): FeatureCollection<Point> {
  const features: Feature<Point>[] = [];
  for (const b of bins)
    if (b.location)
      features.push({
        type: 'Feature',
        properties: { id: b.id, colour: fillColour(b.fillingLevel) },
        geometry: { type: 'Point', coordinates: b.location },
      });
  return { type: 'FeatureCollection', features };
}

/** One LineString per truck, depot → stops → depot (the same lines as the plan's GeoJSON export). */
export function routesGeoJson(plan: CollectionPlan | null): FeatureCollection<LineString> {
  if (!plan) return { type: 'FeatureCollection', features: [] };
  const depot = plan.depot.location;
  return {
    type: 'FeatureCollection',
    features: plan.routes.map((r, i) => ({
      type: 'Feature',
      properties: { truckId: r.truckId, colour: routeColour(i) },
      geometry: { type: 'LineString', coordinates: [depot, ...r.stops.map((s) => s.location), depot] },
    })),
  };
}

export function addPlanLayers(m: maplibregl.Map): void {
  const empty: FeatureCollection = { type: 'FeatureCollection', features: [] };
  m.addSource('plan-routes', { type: 'geojson', data: empty });
  m.addSource('bins', { type: 'geojson', data: empty });
  m.addLayer({
    id: 'plan-routes',
    type: 'line',
    source: 'plan-routes',
    layout: { 'line-join': 'round', 'line-cap': 'round' },
    paint: { 'line-color': ['get', 'colour'], 'line-width': 3, 'line-opacity': 0.85 },
  });
  m.addLayer({
    id: 'bins',
    type: 'circle',
    source: 'bins',
    paint: {
      'circle-radius': ['interpolate', ['linear'], ['zoom'], 10, 3, 15, 8],
      'circle-color': ['get', 'colour'],
      'circle-stroke-color': '#0b1118',
      'circle-stroke-width': 1,
    },
  });
}

export const stopKey = (truckId: string, s: PlanStop) => `${truckId}#${s.seq}`;

/**
 * Replaces the stop and depot markers: a numbered marker per stop in its truck's colour (grey once
 * done), the depot as a square. Clicking a stop calls `onPick`.
 */
export function drawMarkers(
  m: maplibregl.Map,
  plan: CollectionPlan | null,
  markers: maplibregl.Marker[],
  onPick: (key: string, at: LonLat) => void,
): maplibregl.Marker[] {
  for (const mk of markers) mk.remove();
  if (!plan) return [];
  const out: maplibregl.Marker[] = [];
  const depot = document.createElement('div');
  depot.className = 'depot-marker';
  depot.title = plan.depot.name;
  out.push(new maplibregl.Marker({ element: depot }).setLngLat(plan.depot.location).addTo(m));
  plan.routes.forEach((r, i) => {
    for (const s of r.stops) {
      const el = document.createElement('button');
      el.className = `stop-marker${s.state === 'done' ? ' done' : ''}`;
      el.style.background = s.state === 'done' ? DONE_COLOUR : routeColour(i);
      el.textContent = String(s.seq);
      el.title = `${r.truckName} ${s.seq}. ${s.name ?? s.binId}`;
      el.dataset.truck = r.truckId;
      el.dataset.state = s.state;
      el.onclick = () => onPick(stopKey(r.truckId, s), s.location);
      out.push(new maplibregl.Marker({ element: el }).setLngLat(s.location).addTo(m));
    }
  });
  return out;
}

/** Frames the depot and every stop of the plan. */
export function fitPlan(m: maplibregl.Map, plan: CollectionPlan): void {
  const pts = [plan.depot.location, ...plan.routes.flatMap((r) => r.stops.map((s) => s.location))];
  const b = new maplibregl.LngLatBounds(pts[0], pts[0]);
  for (const p of pts) b.extend(p);
  m.fitBounds(b, { padding: 60, maxZoom: 15, animate: false });
}
