// The collection plan's side panel: summary, bins left out, each truck's stops in order (click → the
// map centres on it), downloads and the route sheet; the fixed-schedule comparison when the server has it.
import { download, enc } from '../api.ts';
import { fmtHm, fmtShift, t, type Key } from '../i18n.ts';
import { routeColour, stopKey } from '../waste-map.ts';
import type { CollectionPlan, LonLat, PlanRoute, WasteSimulation } from '../types.ts';

const pct = (f: number) => `${Math.round(f * 100)} %`;
const km = (x: number) => `${x.toFixed(1)} km`;

function exportPath(plan: CollectionPlan, kind: 'gpx' | 'geojson', truckId?: string): string {
  return `/api/v1/waste/plans/${enc(plan.id)}/${kind}${truckId ? `?truck=${enc(truckId)}` : ''}`;
}

function Downloads(props: { plan: CollectionPlan; truckId?: string; onError: (m: string) => void }) {
  const { plan, truckId } = props;
  const get = (kind: 'gpx' | 'geojson') => {
    const name = `collection-plan${truckId ? `-${truckId}` : ''}.${kind}`;
    download(exportPath(plan, kind, truckId), name).catch((e: unknown) =>
      props.onError((e as Error).message),
    );
  };
  return (
    <>
      <button data-download="gpx" onClick={() => get('gpx')}>
        GPX
      </button>
      <button data-download="geojson" onClick={() => get('geojson')}>
        GeoJSON
      </button>
    </>
  );
}

export function PlanSummary(props: { plan: CollectionPlan }) {
  const { plan } = props;
  const f = plan.figures;
  return (
    <>
      <dl class="facts plan-facts">
        <dt>{t('waste.shift')}</dt>
        <dd>
          {fmtShift(plan.shiftStart, plan.shiftEnd)}{' '}
          <span class={`st plan-${plan.status}`}>{t(`waste.status.${plan.status}` as Key)}</span>
        </dd>
        <dt>{t('waste.depot')}</dt>
        <dd>{plan.depot.name}</dd>
        <dt>{t('waste.stops')}</dt>
        <dd data-figure="stops">
          {f.stops} ({t('waste.due')} {f.due} · {t('waste.onTheWay')} {f.onTheWay})
        </dd>
        <dt>{t('waste.distance')}</dt>
        <dd>{km(f.distanceKm)}</dd>
        <dt>{t('waste.load')}</dt>
        <dd>{Math.round(f.loadL).toLocaleString()} L</dd>
      </dl>
      {plan.unserved.length > 0 && (
        <>
          <h4>{t('waste.unserved')}</h4>
          <ul class="unserved">
            {plan.unserved.map((u) => (
              <li data-bin={u.binId} data-reason={u.reason}>
                {u.name ?? u.binId} — {t(`waste.reason.${u.reason}`)} ({Math.round(u.demandL)} L)
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

export function TruckRoute(props: {
  plan: CollectionPlan;
  route: PlanRoute;
  index: number;
  picked: string | null;
  onPick: (key: string, at: LonLat) => void;
  onError: (m: string) => void;
}) {
  const { plan, route: r } = props;
  const sheet = `#/waste/sheet/${enc(plan.id)}/${enc(r.truckId)}`;
  return (
    <section class="truck-route" data-truck={r.truckId}>
      <h4>
        <i class="dot" style={{ background: routeColour(props.index) }} /> {r.truckName}{' '}
        <small>
          {r.stops.length} · {km(r.distanceKm)} · {Math.round(r.loadL)}/{r.capacityL} L · {fmtHm(r.start)}–
          {fmtHm(r.end)}
        </small>
        {r.overtime && <span class="st overtime"> {t('waste.overtime')}</span>}
      </h4>
      <div class="buttons">
        <Downloads plan={plan} truckId={r.truckId} onError={props.onError} />
        <a class="button" href={sheet} data-sheet={r.truckId}>
          {t('waste.print')}
        </a>
      </div>
      <ol class="stops">
        {r.stops.map((s) => {
          const key = stopKey(r.truckId, s);
          return (
            <li
              data-bin={s.binId}
              data-seq={s.seq}
              data-state={s.state}
              class={`${s.state}${props.picked === key ? ' picked' : ''}`}
              onClick={() => props.onPick(key, s.location)}
            >
              <span class="seq">{s.seq}</span>
              <span class="name">{s.name ?? s.binId}</span>
              <span class="eta" title={s.doneAt ? t('waste.doneAt') : t('waste.eta')}>
                {fmtHm(s.doneAt ?? s.eta)}
              </span>
              <span class="fill">{pct(s.expectedFill)}</span>
              <span class={`st stop-${s.state}`}>{t(`waste.state.${s.state}`)}</span>
            </li>
          );
        })}
      </ol>
    </section>
  );
}

export function PlanDownloads(props: { plan: CollectionPlan; onError: (m: string) => void }) {
  return (
    <span class="plan-downloads" data-truck="all">
      {t('waste.downloadAll')}: <Downloads plan={props.plan} onError={props.onError} />
    </span>
  );
}

const SIM_ROWS = [
  'collections',
  'distanceKm',
  'overflowEvents',
  'overflowBinHours',
  'avgFillAtCollection',
] as const;

export function SimulationTable(props: { sim: WasteSimulation }) {
  const { sim } = props;
  const show = (k: (typeof SIM_ROWS)[number], v: number) =>
    k === 'avgFillAtCollection' ? pct(v) : k === 'distanceKm' ? v.toFixed(1) : Math.round(v).toLocaleString();
  return (
    <section class="simulation">
      <h4>
        {t('waste.sim.title')}{' '}
        <small>
          ({sim.days} {t('waste.sim.days')})
        </small>
      </h4>
      <table class="queue sim">
        <thead>
          <tr>
            <th />
            <th>{t('waste.sim.fixed')}</th>
            <th>{t('waste.sim.planned')}</th>
            <th>{t('waste.sim.saving')}</th>
          </tr>
        </thead>
        <tbody>
          {SIM_ROWS.map((k) => {
            const saving = k in sim.saving ? sim.saving[k as keyof WasteSimulation['saving']] : null;
            return (
              <tr data-row={k}>
                <td>{t(`waste.sim.${k}`)}</td>
                <td>{show(k, sim.fixed[k])}</td>
                <td>{show(k, sim.planned[k])}</td>
                <td>{saving === null ? '' : pct(saving)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
