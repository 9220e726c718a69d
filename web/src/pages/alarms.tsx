// The alarm queue: filters by state, severity and category; lifecycle buttons; live refresh; checked
// alarms grouped into an incident.
import { useCallback, useEffect, useState } from 'preact/hooks';
import { api } from '../api.ts';
import { AlarmActions, SeverityBadge, StateBadge } from '../alarm-actions.tsx';
import { GroupIntoIncident } from '../components/group-into-incident.tsx';
import { fmtTime, t, type Key } from '../i18n.ts';
import { onLive } from '../live.ts';
import { go } from '../route.ts';
import type { AlarmList, Incident } from '../types.ts';

const STATES = ['open', 'acknowledged', 'dispatched', 'resolved', 'closed'];
const SEVERITIES = ['critical', 'major', 'minor', 'warning', 'info'];
const CATEGORIES = [
  'fire',
  'security',
  'environment',
  'facility',
  'waste',
  'water',
  'care',
  'health',
  'traffic',
  'weather',
  'naturalDisaster',
  'agriculture',
  'rule-failure',
];
const LIVE = 'open,acknowledged,dispatched';

export function AlarmsPage() {
  const [state, setState] = useState(LIVE);
  const [severity, setSeverity] = useState('');
  const [category, setCategory] = useState('');
  const [list, setList] = useState<AlarmList | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [checked, setChecked] = useState<ReadonlySet<string>>(new Set());
  const [grouped, setGrouped] = useState<Incident | null>(null);

  const load = useCallback(() => {
    const q = new URLSearchParams({ limit: '200' });
    if (state) q.set('state', state);
    if (severity) q.set('severity', severity);
    if (category) q.set('category', category);
    api<AlarmList>(`/api/v1/alarms?${q.toString()}`).then(
      (l) => {
        setList(l);
        setError(null);
      },
      (err: Error) => setError(err.message),
    );
  }, [state, severity, category]);
  useEffect(() => {
    load();
    return onLive(load);
  }, [load]);

  const toggle = (id: string) => {
    const next = new Set(checked);
    if (!next.delete(id)) next.add(id);
    setChecked(next);
  };
  // Only alarms still listed and not yet in an incident can be grouped.
  const selected = (list?.alarms ?? []).filter((a) => checked.has(a.id) && !a.incidentId);
  const onGrouped = (inc: Incident) => {
    setChecked(new Set());
    setGrouped(inc);
    load();
  };

  const select = (name: string, value: string, set: (v: string) => void, opts: [string, string][]) => (
    <select name={name} value={value} onChange={(e) => set((e.target as HTMLSelectElement).value)}>
      {opts.map(([v, label]) => (
        <option value={v}>{label}</option>
      ))}
    </select>
  );

  return (
    <section class="alarms">
      <h2>
        {t('alarms.title')}{' '}
        <small data-total={list?.total ?? 0}>
          {list?.total ?? 0} {t('alarms.total')}
        </small>
      </h2>
      <div class="filters">
        <label>
          {t('filter.state')}{' '}
          {select('state', state, setState, [
            [LIVE, t('filter.active')],
            ['', t('filter.all')],
            ...STATES.map((s): [string, string] => [s, t(`st.${s}` as Key)]),
          ])}
        </label>
        <label>
          {t('filter.severity')}{' '}
          {select('severity', severity, setSeverity, [
            ['', t('filter.all')],
            ...SEVERITIES.map((s): [string, string] => [s, t(`sev.${s}` as Key)]),
          ])}
        </label>
        <label>
          {t('filter.category')}{' '}
          {select('category', category, setCategory, [
            ['', t('filter.all')],
            ...CATEGORIES.map((c): [string, string] => [c, c]),
          ])}
        </label>
      </div>
      {selected.length > 0 && (
        <GroupIntoIncident
          alarmIds={selected.map((a) => a.id)}
          title={selected[0]?.title ?? ''}
          onDone={onGrouped}
        />
      )}
      {grouped && (
        <p class="grouped">
          {t('group.done')}{' '}
          <a href={`#/incidents/${encodeURIComponent(grouped.id)}`} data-incident={grouped.id}>
            {grouped.title} ({grouped.alarmIds.length})
          </a>
        </p>
      )}
      {error && <p class="error">{error}</p>}
      {list && list.alarms.length === 0 && <p class="empty">{t('alarms.none')}</p>}
      {list && list.alarms.length > 0 && (
        <table class="queue">
          <thead>
            <tr>
              <th aria-label={t('group.select')} />
              <th>{t('filter.severity')}</th>
              <th>{t('filter.state')}</th>
              <th>{t('col.title')}</th>
              <th>{t('col.entity')}</th>
              <th>{t('filter.category')}</th>
              <th>{t('col.count')}</th>
              <th>{t('col.time')}</th>
              <th>{t('col.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {list.alarms.map((a) => (
              <tr key={a.id} class={`alarm-row sev-row-${a.severity}`} data-alarm={a.id} data-state={a.state}>
                <td>
                  <input
                    type="checkbox"
                    name="select"
                    aria-label={t('group.select')}
                    checked={checked.has(a.id) && !a.incidentId}
                    disabled={a.incidentId !== null}
                    onChange={() => toggle(a.id)}
                  />
                </td>
                <td>
                  <SeverityBadge severity={a.severity} />
                </td>
                <td>
                  <StateBadge state={a.state} />
                </td>
                <td>
                  <a href={`#/alarms/${encodeURIComponent(a.id)}`} onClick={() => go('alarms', a.id)}>
                    {a.title}
                  </a>
                  {a.incidentId && (
                    <>
                      {' '}
                      <a
                        class="in-incident"
                        href={`#/incidents/${encodeURIComponent(a.incidentId)}`}
                        data-incident={a.incidentId}
                      >
                        {t('group.inIncident')}
                      </a>
                    </>
                  )}
                </td>
                <td class="mono">{a.entityId}</td>
                <td>{a.subCategory ? `${a.category} / ${a.subCategory}` : a.category}</td>
                <td>{a.count}</td>
                <td>{fmtTime(a.lastSeen)}</td>
                <td>
                  <AlarmActions alarm={a} onDone={load} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
