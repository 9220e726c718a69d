// The base every map screen starts from: MapLibre with the offline style, the tenant's dong boundaries
// (no tiles, no glyphs needed) framed on the screen, and the navigation control.
import * as maplibregl from 'maplibre-gl';
import type { FeatureCollection } from 'geojson';
import { api, enc } from './api.ts';
import { baseStyle } from './map-style.ts';
import { tenant } from './session.ts';
import type { ConsoleConfig } from './types.ts';

maplibregl.setWorkerUrl('/maplibre-gl-worker.mjs');

export const HANAM: [number, number] = [127.205, 37.54];

/** The bounding box of the boundaries, to frame the tenant on the screen. */
export function boundsOf(fc: FeatureCollection): [number, number, number, number] | null {
  let b: [number, number, number, number] | null = null;
  const visit = (c: unknown): void => {
    if (!Array.isArray(c)) return;
    if (typeof c[0] === 'number' && typeof c[1] === 'number') {
      const [x, y] = c as [number, number];
      b = b ? [Math.min(b[0], x), Math.min(b[1], y), Math.max(b[2], x), Math.max(b[3], y)] : [x, y, x, y];
      return;
    }
    for (const x of c) visit(x);
  };
  for (const f of fc.features) if (f.geometry && 'coordinates' in f.geometry) visit(f.geometry.coordinates);
  return b;
}

/** Adds the dong boundaries as the bottom layers and frames them. */
export function addBoundaries(m: maplibregl.Map, fc: FeatureCollection): void {
  m.addSource('dongs', { type: 'geojson', data: fc });
  const bounds = boundsOf(fc);
  if (bounds) m.fitBounds(bounds, { padding: 20, animate: false });
  m.addLayer({
    id: 'dong-fill',
    type: 'fill',
    source: 'dongs',
    paint: { 'fill-color': '#1d2b3a', 'fill-opacity': 0.8 },
  });
  m.addLayer({
    id: 'dong-line',
    type: 'line',
    source: 'dongs',
    paint: { 'line-color': '#4dabf7', 'line-width': 1.2 },
  });
}

/**
 * Opens a map in `container` once the console config is known; `onReady` runs after the boundaries
 * are drawn. Returns the map (null without WebGL) through the promise, and a disposer.
 */
export function openBaseMap(
  container: HTMLElement,
  onReady: (m: maplibregl.Map) => void,
): { map: Promise<maplibregl.Map | null>; dispose: () => void } {
  let m: maplibregl.Map | null = null;
  let cancelled = false;
  const map = api<ConsoleConfig>('/api/v1/console/config').then((cfg) => {
    if (cancelled) return null;
    try {
      m = new maplibregl.Map({
        container,
        style: baseStyle(cfg.tileUrl),
        center: HANAM,
        zoom: 11.5,
        attributionControl: { compact: false, customAttribution: cfg.attribution },
      });
    } catch {
      return null;
    }
    const mm = m;
    mm.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
    mm.on('load', () => {
      void api<FeatureCollection>(`/api/v1/tenants/${enc(tenant.value ?? '')}/boundaries`).then((fc) => {
        if (cancelled) return;
        addBoundaries(mm, fc);
        onReady(mm);
      });
    });
    return mm;
  });
  return {
    map,
    dispose: () => {
      cancelled = true;
      m?.remove();
      m = null;
    },
  };
}
