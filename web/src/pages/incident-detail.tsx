// One incident: facts, lifecycle buttons (dispatch hands it over to the agencies), assignee, comments,
// its alarms (remove one), the audit trail, the cameras at its first alarm and the hand-over log.
import { useCallback, useEffect, useState } from 'preact/hooks';
import { api, enc } from '../api.ts';
import { IncidentActions, SeverityBadge, StateBadge } from '../alarm-actions.tsx';
import { AuditTrail } from '../components/audit-trail.tsx';
import { DeliveryLog } from '../components/delivery-log.tsx';
import { AssignForm, CommentForm } from '../components/incident-handling.tsx';
import { NearbyCameras } from '../components/nearby-cameras.tsx';
import { fmtTime, t } from '../i18n.ts';
import { onLive } from '../live.ts';
import type { Alarm, AlarmList, Incident } from '../types.ts';

function MemberAlarms(props: { incident: Incident; alarms: Alarm[]; onDone: () => void }) {
  const [error, setError] = useState<string | null>(null);
  const remove = async (alarmId: string) => {
    setError(null);
    try {
      await api(`/api/v1/incidents/${enc(props.incident.id)}/alarms/${enc(alarmId)}`, { method: 'DELETE' });
      props.onDone();
    } catch (err) {
      setError(`${t('act.failed')}: ${(err as Error).message}`);
    }
  };
  return (
    <div class="members">
      <h3>
        {t('incident.alarms')} <small data-count={props.alarms.length}>({props.alarms.length})</small>
      </h3>
      {error && <p class="error">{error}</p>}
      <table class="queue">
        <tbody>
          {props.alarms.map((a) => (
            <tr class="member-alarm" data-alarm={a.id} data-state={a.state}>
              <td>
                <SeverityBadge severity={a.severity} /> <StateBadge state={a.state} />
              </td>
              <td>
                <a href={`#/alarms/${encodeURIComponent(a.id)}`}>{a.title}</a>
                <div class="mono">{a.entityId}</div>
              </td>
              <td>{fmtTime(a.lastSeen)}</td>
              <td>
                <button data-action="remove-alarm" onClick={() => void remove(a.id)}>
                  {t('incident.remove')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function IncidentDetailPage(props: { id: string }) {
  const [incident, setIncident] = useState<Incident | null>(null);
  const [alarms, setAlarms] = useState<Alarm[]>([]);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    const base = `/api/v1/incidents/${enc(props.id)}`;
    Promise.all([
      api<Incident>(base),
      api<AlarmList>(`/api/v1/alarms?incidentId=${enc(props.id)}&limit=500`),
    ]).then(
      ([i, l]) => {
        setIncident(i);
        setAlarms(l.alarms);
        setError(null);
      },
      (err: Error) => setError(err.message),
    );
  }, [props.id]);
  useEffect(() => {
    load();
    return onLive(load);
  }, [load]);
  if (error) return <p class="error">{error}</p>;
  if (!incident) return <p>{t('loading')}</p>;
  // The hand-over and the server's CAP area use the first alarm (by id) for the place: so do we.
  const first = incident.alarmIds[0];
  return (
    <section class="incident-detail" data-incident={incident.id} data-state={incident.state}>
      <a href="#/incidents" class="back">
        {t('incident.back')}
      </a>
      <h2>
        <SeverityBadge severity={incident.severity} /> <StateBadge state={incident.state} /> {incident.title}
      </h2>
      <dl class="facts">
        {incident.description && (
          <>
            <dt>{t('incidents.description')}</dt>
            <dd>{incident.description}</dd>
          </>
        )}
        <dt>{t('col.assignee')}</dt>
        <dd data-assignee={incident.assignee ?? ''}>{incident.assignee ?? t('incident.nobody')}</dd>
        <dt>{t('col.created')}</dt>
        <dd>{fmtTime(incident.createdAt)}</dd>
        <dt>{t('col.updated')}</dt>
        <dd>{fmtTime(incident.updatedAt)}</dd>
        <dt>ID</dt>
        <dd class="mono">{incident.id}</dd>
      </dl>
      <div class="incident-actions">
        <IncidentActions incident={incident} onDone={load} />
        {incident.state === 'acknowledged' && <small class="hint">{t('incident.dispatchHint')}</small>}
      </div>
      <AssignForm incident={incident} onDone={load} />
      <CommentForm incident={incident} onDone={load} />
      <div class="detail-grid">
        <MemberAlarms incident={incident} alarms={alarms} onDone={load} />
        <AuditTrail entries={incident.audit ?? []} />
        <DeliveryLog incidentId={incident.id} dispatched={incident.state === 'dispatched'} />
        {first && <NearbyCameras alarmId={first} note={t('incident.camerasOf')} />}
      </div>
    </section>
  );
}
