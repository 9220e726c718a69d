// Collection plan screen: the bins coloured by fill, the active plan's routes (one colour per truck,
// numbered stops, done ones grey) on the map; the plan, its routes and the fixed-schedule comparison
// beside it. Refreshed live on the stream's waste messages (or by polling).
import { useEffect, useRef, useState } from 'preact/hooks';
import type * as maplibregl from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import { api, ApiError } from '../api.ts';
import { t } from '../i18n.ts';
import { onLive } from '../live.ts';
import { openBaseMap } from '../map-base.ts';
import {
  addPlanLayers,
  binsGeoJson,
  drawMarkers,
  fitPlan,
  FILL_HIGH,
  FILL_LOW,
  FILL_MID,
  routesGeoJson,
} from '../waste-map.ts';
import type { CollectionPlan, LonLat, WasteBin, WasteSimulation } from '../types.ts';
import { PlanDownloads, PlanSummary, SimulationTable, TruckRoute } from './waste-panel.tsx';

async function currentPlan(): Promise<CollectionPlan | null> {
  try {
    return await api<CollectionPlan>('/api/v1/waste/plans/current');
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return null;
    throw e;
  }
}

/** Plan and bins, re-read on waste events (bins also on entity changes, and every 5th poll). */
function usePlanData() {
  const [plan, setPlan] = useState<CollectionPlan | null | undefined>(undefined);
  const [bins, setBins] = useState<WasteBin[]>([]);
  const [error, setError] = useState<string | null>(null);
  // Answers may overtake each other: an answer older than the plan shown (an earlier plan, or the same
  // plan before its last update) is dropped, and so is any answer asked for before this screen replaced
  // the plan itself. Overlapping reads are not cancelled: the first answer shows at once. An unchanged
  // plan or unchanged fills keep the state as it is (no new render, no map repaint).
  const epoch = useRef(0);
  const seen = useRef({ plan: '', createdAt: '', updatedAt: '', bins: '' });
  const keep = (p: CollectionPlan | null) => {
    const cur = seen.current;
    if (p && cur.plan && cur.plan !== 'none') {
      const older = p.createdAt < cur.createdAt || (p.id === cur.plan && p.updatedAt < cur.updatedAt);
      if (older) return;
    }
    const key = p ? p.id : 'none';
    if (key === cur.plan && (!p || p.updatedAt === cur.updatedAt)) return;
    seen.current = { ...cur, plan: key, createdAt: p?.createdAt ?? '', updatedAt: p?.updatedAt ?? '' };
    setPlan(p);
  };
  const loadPlan = () => {
    const e = epoch.current;
    currentPlan().then(
      (p) => e === epoch.current && keep(p),
      (err: unknown) => setError((err as Error).message),
    );
  };
  const loadBins = () =>
    api<{ bins: WasteBin[] }>('/api/v1/waste/bins?limit=1000').then(
      (r) => {
        const key = r.bins.map((b) => `${b.id}:${b.fillingLevel}`).join();
        if (key === seen.current.bins) return;
        seen.current.bins = key;
        setBins(r.bins);
      },
      () => undefined,
    );
  useEffect(() => {
    let tick = 0;
    loadPlan();
    void loadBins();
    return onLive((type) => {
      if (type === 'waste' || type === undefined) loadPlan();
      if (type === 'waste' || type === 'entities' || (type === undefined && ++tick % 5 === 0))
        void loadBins();
    });
  }, []);
  const replace = (p: CollectionPlan) => {
    epoch.current++;
    keep(p);
  };
  return { plan, bins, error, setError, replace };
}

export function WastePage() {
  const box = useRef<HTMLDivElement>(null);
  const map = useRef<maplibregl.Map | null>(null);
  const markers = useRef<maplibregl.Marker[]>([]);
  const framed = useRef<string | null>(null);
  const [ready, setReady] = useState(false);
  const [noGl, setNoGl] = useState(false);
  const [busy, setBusy] = useState(false);
  const [picked, setPicked] = useState<string | null>(null);
  const [sim, setSim] = useState<WasteSimulation | null>(null);
  const { plan, bins, error, setError, replace } = usePlanData();

  useEffect(() => {
    if (!box.current) return;
    const base = openBaseMap(box.current, (m) => {
      addPlanLayers(m);
      setReady(true);
    });
    void base.map.then((m) => {
      map.current = m;
      if (!m) setNoGl(true);
    });
    // The comparison with a fixed round is shown only when the server computes it.
    api<WasteSimulation>('/api/v1/waste/simulation?days=30').then(setSim, () => setSim(null));
    return () => {
      base.dispose();
      map.current = null;
    };
  }, []);

  const pick = (key: string, at: LonLat) => {
    setPicked(key);
    const m = map.current;
    m?.easeTo({ center: at, zoom: Math.max(m.getZoom(), 15) });
  };

  useEffect(() => {
    const m = map.current;
    if (!ready || !m) return;
    const routes = routesGeoJson(plan ?? null);
    void m.getSource<maplibregl.GeoJSONSource>('plan-routes')?.setData(routes);
    void m.getSource<maplibregl.GeoJSONSource>('bins')?.setData(binsGeoJson(bins));
    if (box.current) box.current.dataset.routeLines = String(routes.features.length);
    markers.current = drawMarkers(m, plan ?? null, markers.current, pick);
    // Each new plan is framed once; afterwards the operator's view stays where it is.
    if (plan && framed.current !== plan.id) {
      framed.current = plan.id;
      fitPlan(m, plan);
    }
  }, [plan, bins, ready]);

  const regenerate = () => {
    setBusy(true);
    setError(null);
    api<CollectionPlan>('/api/v1/waste/plans', { method: 'POST', body: {} })
      .then(replace, (e: unknown) => setError((e as Error).message))
      .finally(() => setBusy(false));
  };

  return (
    <section class="map-page waste-page" data-plan={plan?.id ?? ''}>
      <div class="map" ref={box} data-ready={ready ? 'yes' : 'no'}>
        {noGl && <p class="error">{t('map.noWebgl')}</p>}
        <p class="map-legend">
          <i class="dot" style={{ background: FILL_LOW }} />{' '}
          <i class="dot" style={{ background: FILL_MID }} />{' '}
          <i class="dot" style={{ background: FILL_HIGH }} /> {t('waste.legend')} · {bins.length}{' '}
          {t('waste.bins')}
        </p>
      </div>
      <aside class="map-side plan-side">
        <h2>{t('waste.title')}</h2>
        <div class="buttons">
          <button data-action="regenerate" onClick={regenerate} disabled={busy}>
            {busy && <span class="spinner" aria-hidden="true" />}{' '}
            {t(busy ? 'waste.planning' : 'waste.regenerate')}
          </button>
          {plan && <PlanDownloads plan={plan} onError={setError} />}
        </div>
        {error && <p class="error">{error}</p>}
        {plan === undefined && <p>{t('loading')}</p>}
        {plan === null && <p class="empty">{t('waste.none')}</p>}
        {plan && (
          <>
            <PlanSummary plan={plan} />
            <h3>{t('waste.routes')}</h3>
            {plan.routes.map((r, i) => (
              <TruckRoute plan={plan} route={r} index={i} picked={picked} onPick={pick} onError={setError} />
            ))}
          </>
        )}
        {sim && <SimulationTable sim={sim} />}
      </aside>
    </section>
  );
}
