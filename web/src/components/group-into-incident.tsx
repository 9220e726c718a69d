// Puts alarms into an incident: a new one (POST /incidents) or a live one (POST /incidents/{id}/alarms).
// Used by the queue (the checked alarms) and by the alarm detail (that alarm).
import { useEffect, useState } from 'preact/hooks';
import { api, enc } from '../api.ts';
import { t } from '../i18n.ts';
import type { Incident } from '../types.ts';

export const LIVE_STATES = 'open,acknowledged,dispatched';
const NEW = '';

export function GroupIntoIncident(props: {
  alarmIds: string[];
  /** Suggested title of a new incident (the first alarm's). */
  title: string;
  onDone: (incident: Incident) => void;
}) {
  const [live, setLive] = useState<Incident[]>([]);
  const [target, setTarget] = useState(NEW);
  const [title, setTitle] = useState(props.title);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    api<Incident[]>(`/api/v1/incidents?state=${LIVE_STATES}&limit=200`).then(setLive, () => setLive([]));
  }, []);
  useEffect(() => setTitle(props.title), [props.title]);

  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    setBusy(true);
    try {
      const inc =
        target === NEW
          ? await api<Incident>('/api/v1/incidents', {
              method: 'POST',
              body: { title: title.trim(), alarmIds: props.alarmIds },
            })
          : await api<Incident>(`/api/v1/incidents/${enc(target)}/alarms`, {
              method: 'POST',
              body: { alarmIds: props.alarmIds },
            });
      props.onDone(inc);
    } catch (err) {
      setError(`${t('act.failed')}: ${(err as Error).message}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="group-incident" onSubmit={(e) => void submit(e)}>
      <b>{t('group.title')}</b>
      <span data-selected={props.alarmIds.length}>
        {props.alarmIds.length} {t('group.selected')}
      </span>
      <select
        name="incident"
        value={target}
        onChange={(e) => setTarget((e.target as HTMLSelectElement).value)}
      >
        <option value={NEW}>{t('group.new')}</option>
        {live.map((i) => (
          <option value={i.id}>
            {t('group.existing')}: {i.title} ({i.alarmIds.length})
          </option>
        ))}
      </select>
      {target === NEW && (
        <input
          name="incident-title"
          required
          maxLength={200}
          placeholder={t('col.title')}
          value={title}
          onInput={(e) => setTitle((e.target as HTMLInputElement).value)}
        />
      )}
      <button type="submit" data-action="group" disabled={busy || props.alarmIds.length === 0}>
        {target === NEW ? t('group.create') : t('group.add')}
      </button>
      {error && <span class="error">{error}</span>}
    </form>
  );
}
