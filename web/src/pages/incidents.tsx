// Incidents: the list (live ones by default) and a form that opens a new incident from live alarms that
// are in none yet. Live refresh like the queue.
import { useCallback, useEffect, useState } from 'preact/hooks';
import { api } from '../api.ts';
import { SeverityBadge, StateBadge } from '../alarm-actions.tsx';
import { LIVE_STATES } from '../components/group-into-incident.tsx';
import { fmtTime, t, type Key } from '../i18n.ts';
import { onLive } from '../live.ts';
import { go } from '../route.ts';
import type { AlarmList, Incident } from '../types.ts';

const STATES = ['open', 'acknowledged', 'dispatched', 'resolved', 'closed'];
const SEVERITIES = ['critical', 'major', 'minor', 'warning', 'info'];

export function IncidentsPage() {
  const [state, setState] = useState(LIVE_STATES);
  const [list, setList] = useState<Incident[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    const q = new URLSearchParams({ limit: '200' });
    if (state) q.set('state', state);
    api<Incident[]>(`/api/v1/incidents?${q.toString()}`).then(
      (l) => {
        setList(l);
        setError(null);
      },
      (err: Error) => setError(err.message),
    );
  }, [state]);
  useEffect(() => {
    load();
    return onLive(load);
  }, [load]);

  return (
    <section class="incidents">
      <div class="incident-list">
        <h2>
          {t('incidents.title')}{' '}
          <small data-total={list?.length ?? 0}>
            {list?.length ?? 0} {t('incidents.total')}
          </small>
        </h2>
        <div class="filters">
          <label>
            {t('filter.state')}{' '}
            <select
              name="state"
              value={state}
              onChange={(e) => setState((e.target as HTMLSelectElement).value)}
            >
              <option value={LIVE_STATES}>{t('filter.active')}</option>
              <option value="">{t('filter.all')}</option>
              {STATES.map((s) => (
                <option value={s}>{t(`st.${s}` as Key)}</option>
              ))}
            </select>
          </label>
        </div>
        {error && <p class="error">{error}</p>}
        {list && list.length === 0 && <p class="empty">{t('incidents.none')}</p>}
        {list && list.length > 0 && (
          <table class="queue">
            <thead>
              <tr>
                <th>{t('filter.severity')}</th>
                <th>{t('filter.state')}</th>
                <th>{t('col.title')}</th>
                <th>{t('col.alarms')}</th>
                <th>{t('col.assignee')}</th>
                <th>{t('col.created')}</th>
                <th>{t('col.updated')}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((i) => (
                <tr key={i.id} class="incident-row" data-incident={i.id} data-state={i.state}>
                  <td>
                    <SeverityBadge severity={i.severity} />
                  </td>
                  <td>
                    <StateBadge state={i.state} />
                  </td>
                  <td>
                    <a href={`#/incidents/${encodeURIComponent(i.id)}`}>{i.title}</a>
                  </td>
                  <td data-alarms={i.alarmIds.length}>{i.alarmIds.length}</td>
                  <td>{i.assignee ?? <span class="empty">{t('incident.nobody')}</span>}</td>
                  <td>{fmtTime(i.createdAt)}</td>
                  <td>{fmtTime(i.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <NewIncidentForm />
    </section>
  );
}

/** Title, severity (default: the worst of its alarms), description and the alarms it groups. */
function NewIncidentForm() {
  const [alarms, setAlarms] = useState<AlarmList['alarms']>([]);
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set());
  const [title, setTitle] = useState('');
  const [severity, setSeverity] = useState('');
  const [description, setDescription] = useState('');
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    api<AlarmList>(`/api/v1/alarms?state=${LIVE_STATES}&limit=200`).then(
      (l) => setAlarms(l.alarms.filter((a) => !a.incidentId)),
      () => setAlarms([]),
    );
  }, []);
  useEffect(() => {
    load();
    return onLive(load);
  }, [load]);
  const toggle = (id: string) => {
    const next = new Set(picked);
    if (!next.delete(id)) next.add(id);
    setPicked(next);
  };
  const alarmIds = alarms.filter((a) => picked.has(a.id)).map((a) => a.id);
  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    if (alarmIds.length === 0) return setError(t('incidents.needAlarms'));
    try {
      const inc = await api<Incident>('/api/v1/incidents', {
        method: 'POST',
        body: {
          title: title.trim(),
          alarmIds,
          ...(severity ? { severity } : {}),
          ...(description.trim() ? { description: description.trim() } : {}),
        },
      });
      go('incidents', inc.id);
    } catch (err) {
      setError(`${t('act.failed')}: ${(err as Error).message}`);
    }
  };
  return (
    <form class="new-incident" onSubmit={(e) => void submit(e)}>
      <h3>{t('incidents.new')}</h3>
      <label>
        {t('col.title')}
        <input
          name="title"
          required
          maxLength={200}
          value={title}
          onInput={(e) => setTitle((e.target as HTMLInputElement).value)}
        />
      </label>
      <label>
        {t('filter.severity')}
        <select
          name="severity"
          value={severity}
          onChange={(e) => setSeverity((e.target as HTMLSelectElement).value)}
        >
          <option value="">{t('incidents.severityAuto')}</option>
          {SEVERITIES.map((s) => (
            <option value={s}>{t(`sev.${s}` as Key)}</option>
          ))}
        </select>
      </label>
      <label>
        {t('incidents.description')}
        <textarea
          name="description"
          rows={3}
          maxLength={4000}
          value={description}
          onInput={(e) => setDescription((e.target as HTMLTextAreaElement).value)}
        />
      </label>
      <fieldset>
        <legend>{t('incidents.pickAlarms')}</legend>
        {alarms.length === 0 && <p class="empty">{t('alarms.none')}</p>}
        {alarms.map((a) => (
          <label class="pick" data-alarm={a.id}>
            <input type="checkbox" checked={picked.has(a.id)} onChange={() => toggle(a.id)} />{' '}
            <SeverityBadge severity={a.severity} /> {a.title} <span class="mono">{a.entityId}</span>
          </label>
        ))}
      </fieldset>
      <button type="submit" data-action="create-incident">
        {t('incidents.create')}
      </button>
      {error && <p class="error">{error}</p>}
    </form>
  );
}
