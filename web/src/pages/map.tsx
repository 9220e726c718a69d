// Live map: the tenant's dong boundaries as an offline base layer, entities as circles coloured by type
// and state, entities with a live alarm as pulsing alarm-coloured markers. Grouped by type in the side panel.
import { useEffect, useRef, useState } from 'preact/hooks';
import * as maplibregl from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import type { FeatureCollection } from 'geojson';
import { api, enc } from '../api.ts';
import { t } from '../i18n.ts';
import { onLive } from '../live.ts';
import { go } from '../route.ts';
import { tenant } from '../session.ts';
import { ALARM_COLOUR, baseStyle, OFFLINE_COLOUR, typeColour } from '../map-style.ts';
import { addBoundaries } from '../map-base.ts';
import type { AlarmList, ConsoleConfig, EntityKV } from '../types.ts';

maplibregl.setWorkerUrl('/maplibre-gl-worker.mjs');

const HANAM: [number, number] = [127.205, 37.54];
const LIVE = 'open,acknowledged,dispatched';

interface Point {
  id: string;
  type: string;
  lon: number;
  lat: number;
  offline: boolean;
}

function pointOf(e: EntityKV): Point | null {
  const loc = e.location;
  if (!loc || loc.type !== 'Point' || !Array.isArray(loc.coordinates)) return null;
  const [lon, lat] = loc.coordinates as number[];
  if (typeof lon !== 'number' || typeof lat !== 'number') return null;
  const offline = e.status === 'offline' || e.deviceState === 'offline';
  return { id: e.id, type: e.type, lon, lat, offline };
}

async function loadEntities(): Promise<Point[]> {
  const types = await api<{ typeList?: string[] }>('/ngsi-ld/v1/types');
  const out: Point[] = [];
  for (const type of types.typeList ?? []) {
    const es = await api<EntityKV[]>(
      `/ngsi-ld/v1/entities?type=${enc(type)}&options=keyValues&attrs=location,status,deviceState&limit=1000`,
    );
    for (const e of es) {
      const p = pointOf(e);
      if (p) out.push(p);
    }
  }
  return out;
}

function geojson(points: Point[], alarmed: Set<string>, types: string[], hidden: Set<string>) {
  return {
    type: 'FeatureCollection' as const,
    features: points
      .filter((p) => !hidden.has(p.type))
      .map((p) => ({
        type: 'Feature' as const,
        properties: {
          id: p.id,
          colour: alarmed.has(p.id) ? ALARM_COLOUR : p.offline ? OFFLINE_COLOUR : typeColour(p.type, types),
        },
        geometry: { type: 'Point' as const, coordinates: [p.lon, p.lat] },
      })),
  };
}

export function MapPage() {
  const box = useRef<HTMLDivElement>(null);
  const map = useRef<maplibregl.Map | null>(null);
  const markers = useRef(new Map<string, maplibregl.Marker>());
  const [ready, setReady] = useState(false);
  const [noGl, setNoGl] = useState(false);
  const [points, setPoints] = useState<Point[]>([]);
  const [alarmed, setAlarmed] = useState<Map<string, string>>(new Map());
  const [hidden, setHidden] = useState<Set<string>>(new Set());

  useEffect(() => {
    if (!box.current) return;
    let m: maplibregl.Map;
    let cancelled = false;
    void api<ConsoleConfig>('/api/v1/console/config').then((cfg) => {
      if (cancelled || !box.current) return;
      try {
        m = new maplibregl.Map({
          container: box.current,
          style: baseStyle(cfg.tileUrl),
          center: HANAM,
          zoom: 11.5,
          attributionControl: { compact: false, customAttribution: cfg.attribution },
        });
      } catch {
        setNoGl(true);
        return;
      }
      map.current = m;
      m.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
      m.on('load', () => {
        void api<FeatureCollection>(`/api/v1/tenants/${enc(tenant.value ?? '')}/boundaries`).then((fc) => {
          addBoundaries(m, fc);
          m.addSource('entities', { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
          m.addLayer({
            id: 'entities',
            type: 'circle',
            source: 'entities',
            paint: {
              'circle-radius': ['interpolate', ['linear'], ['zoom'], 10, 2.5, 15, 7],
              'circle-color': ['get', 'colour'],
              'circle-stroke-color': '#0b1118',
              'circle-stroke-width': 0.5,
            },
          });
          setReady(true);
        });
      });
    });
    return () => {
      cancelled = true;
      map.current?.remove();
      map.current = null;
    };
  }, []);

  // Alarms every tick; entity positions every 10th tick (they move rarely, there are many).
  // An alarm on an entity not yet on the map reloads the entities at once.
  useEffect(() => {
    let n = 0;
    let known = new Set<string>();
    const tried = new Set<string>();
    const reload = () =>
      loadEntities().then(
        (ps) => {
          known = new Set(ps.map((p) => p.id));
          setPoints(ps);
        },
        () => undefined,
      );
    const refresh = () => {
      api<AlarmList>(`/api/v1/alarms?state=${LIVE}&limit=1000`).then(
        (l) => {
          setAlarmed(new Map(l.alarms.map((a) => [a.entityId, a.id])));
          // Each unknown entity once: alarms on entities without a location (a failed rule) stay off the map.
          const missing = l.alarms.filter((a) => !known.has(a.entityId) && !tried.has(a.entityId));
          for (const a of missing) tried.add(a.entityId);
          if (n > 1 && missing.length > 0) void reload();
        },
        () => undefined,
      );
      if (n++ % 10 === 0) void reload();
    };
    refresh();
    return onLive(refresh);
  }, []);

  const types = [...new Set(points.map((p) => p.type))].sort();
  useEffect(() => {
    const src = map.current?.getSource<maplibregl.GeoJSONSource>('entities');
    if (ready && src) void src.setData(geojson(points, new Set(alarmed.keys()), types, hidden));
    const m = map.current;
    if (!m || !ready) return;
    const byId = new Map(points.map((p) => [p.id, p]));
    for (const [id, mk] of markers.current)
      if (!alarmed.has(id)) {
        mk.remove();
        markers.current.delete(id);
      }
    for (const [id, alarmId] of alarmed) {
      const p = byId.get(id);
      if (!p || markers.current.has(id)) continue;
      const el = document.createElement('button');
      el.className = 'alarm-marker';
      el.dataset.entity = id;
      el.title = id;
      el.onclick = () => go('alarms', alarmId);
      markers.current.set(id, new maplibregl.Marker({ element: el }).setLngLat([p.lon, p.lat]).addTo(m));
    }
  }, [points, alarmed, hidden, ready]);

  const toggle = (type: string) => {
    const h = new Set(hidden);
    if (h.has(type)) h.delete(type);
    else h.add(type);
    setHidden(h);
  };
  const inAlarm = points.filter((p) => alarmed.has(p.id));
  return (
    <section class="map-page">
      <div class="map" ref={box} data-ready={ready ? 'yes' : 'no'}>
        {noGl && <p class="error">{t('map.noWebgl')}</p>}
      </div>
      <aside class="map-side">
        <h3>{t('map.types')}</h3>
        <ul class="types">
          {types.map((ty) => (
            <li>
              <label>
                <input type="checkbox" checked={!hidden.has(ty)} onChange={() => toggle(ty)} />
                <i class="dot" style={{ background: typeColour(ty, types) }} /> {ty}{' '}
                <small>{points.filter((p) => p.type === ty).length}</small>
              </label>
            </li>
          ))}
        </ul>
        <h3>
          <i class="dot" style={{ background: ALARM_COLOUR }} /> {t('map.inAlarm')} ({inAlarm.length})
        </h3>
        <ul class="in-alarm">
          {inAlarm.map((p) => (
            <li data-entity={p.id}>
              <a href={`#/alarms/${encodeURIComponent(alarmed.get(p.id) ?? '')}`} class="mono">
                {p.id}
              </a>
            </li>
          ))}
        </ul>
        <p class="count">
          {points.length} {t('map.entities')}
        </p>
      </aside>
    </section>
  );
}
