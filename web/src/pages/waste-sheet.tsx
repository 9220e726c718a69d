// A truck's printable route sheet (A4): truck, shift, depot, the stops in order with a box for the
// driver to tick, totals. The console's header is not printed (styles.css, @media print).
import { useEffect, useState } from 'preact/hooks';
import { api, enc } from '../api.ts';
import { fmtHm, fmtShift, t } from '../i18n.ts';
import type { CollectionPlan, WasteBin } from '../types.ts';

export function WasteSheetPage(props: { planId: string; truckId: string }) {
  const [plan, setPlan] = useState<CollectionPlan | null>(null);
  const [areas, setAreas] = useState<Map<string, string>>(new Map());
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api<CollectionPlan>(`/api/v1/waste/plans/${enc(props.planId)}`).then(setPlan, (e: unknown) =>
      setError((e as Error).message),
    );
    // The 동 of each bin is kept by the waste service with the bin, not in the plan.
    api<{ bins: WasteBin[] }>('/api/v1/waste/bins?limit=1000').then(
      (r) => setAreas(new Map(r.bins.flatMap((b) => (b.area ? [[b.id, b.area] as const] : [])))),
      () => undefined,
    );
  }, [props.planId]);

  if (error) return <p class="error sheet-error">{error}</p>;
  if (!plan) return <p>{t('loading')}</p>;
  const route = plan.routes.find((r) => r.truckId === props.truckId);
  if (!route) return <p class="error">{t('sheet.noTruck')}</p>;
  return (
    <section class="route-sheet" data-plan={plan.id} data-truck={route.truckId}>
      <div class="sheet-tools">
        <a href="#/waste">{t('sheet.back')}</a>
        <button data-action="print" onClick={() => window.print()}>
          {t('sheet.print')}
        </button>
      </div>
      <h2>
        {t('sheet.title')} — {route.truckName}
      </h2>
      <dl class="facts">
        <dt>{t('sheet.truck')}</dt>
        <dd>
          {route.truckName} ({route.truckId}, {route.capacityL.toLocaleString()} L)
        </dd>
        <dt>{t('waste.shift')}</dt>
        <dd>
          {fmtShift(plan.shiftStart, plan.shiftEnd)} ({fmtHm(route.start)}–{fmtHm(route.end)})
        </dd>
        <dt>{t('waste.depot')}</dt>
        <dd>{plan.depot.name}</dd>
      </dl>
      <table class="sheet">
        <thead>
          <tr>
            <th>{t('sheet.seq')}</th>
            <th>{t('sheet.bin')}</th>
            <th>{t('sheet.dong')}</th>
            <th class="num">{t('sheet.fill')}</th>
            <th class="num">{t('sheet.litres')}</th>
            <th>{t('waste.eta')}</th>
            <th>{t('sheet.check')}</th>
          </tr>
        </thead>
        <tbody>
          {route.stops.map((s) => (
            <tr data-bin={s.binId} data-state={s.state}>
              <td>{s.seq}</td>
              <td>{s.name ?? s.binId}</td>
              <td>{areas.get(s.binId) ?? '—'}</td>
              <td class="num">{Math.round(s.expectedFill * 100)} %</td>
              <td class="num">{Math.round(s.demandL)}</td>
              <td>{fmtHm(s.eta)}</td>
              <td class="check">{s.state === 'done' ? `☑ ${fmtHm(s.doneAt ?? s.eta)}` : '☐'}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <td colSpan={2}>
              {t('sheet.total')}: {route.stops.length} {t('waste.stops')}
            </td>
            <td colSpan={2}>{route.distanceKm.toFixed(1)} km</td>
            <td class="num">{Math.round(route.loadL)}</td>
            <td colSpan={2}>
              {fmtHm(route.end)} {route.overtime ? `(${t('waste.overtime')})` : ''}
            </td>
          </tr>
        </tfoot>
      </table>
    </section>
  );
}
