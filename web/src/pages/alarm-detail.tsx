// One alarm: its facts, lifecycle buttons, its incident (or adding it to one), audit trail, the cameras
// that see it and the entity's readings.
import { useCallback, useEffect, useState } from 'preact/hooks';
import { api, enc } from '../api.ts';
import { AlarmActions, SeverityBadge, StateBadge } from '../alarm-actions.tsx';
import { AuditTrail } from '../components/audit-trail.tsx';
import { GroupIntoIncident } from '../components/group-into-incident.tsx';
import { NearbyCameras } from '../components/nearby-cameras.tsx';
import { SeriesChart } from '../components/series-chart.tsx';
import { fmtTime, t } from '../i18n.ts';
import { onLive } from '../live.ts';
import { go } from '../route.ts';
import type { Alarm } from '../types.ts';

export function AlarmDetailPage(props: { id: string }) {
  const [alarm, setAlarm] = useState<Alarm | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  const load = useCallback(() => {
    api<Alarm>(`/api/v1/alarms/${enc(props.id)}`).then(
      (a) => {
        setAlarm(a);
        setError(null);
      },
      (err: Error) => setError(err.message),
    );
  }, [props.id]);
  useEffect(() => {
    load();
    let n = 0;
    return onLive(() => {
      load();
      // The chart re-reads less often than the alarm itself.
      if (++n % 10 === 0) setTick((x) => x + 1);
    });
  }, [load]);
  if (error) return <p class="error">{error}</p>;
  if (!alarm) return <p>{t('loading')}</p>;
  const attr = typeof alarm.detail.attr === 'string' ? alarm.detail.attr : null;
  return (
    <section class="alarm-detail" data-alarm={alarm.id} data-state={alarm.state}>
      <a href="#/alarms" class="back">
        {t('detail.back')}
      </a>
      <h2>
        <SeverityBadge severity={alarm.severity} /> <StateBadge state={alarm.state} /> {alarm.title}
      </h2>
      <dl class="facts">
        <dt>{t('col.entity')}</dt>
        <dd class="mono">{alarm.entityId}</dd>
        <dt>{t('filter.category')}</dt>
        <dd>{alarm.subCategory ? `${alarm.category} / ${alarm.subCategory}` : alarm.category}</dd>
        <dt>{t('detail.first')}</dt>
        <dd>{fmtTime(alarm.firstSeen)}</dd>
        <dt>{t('col.time')}</dt>
        <dd>
          {fmtTime(alarm.lastSeen)} ({t('col.count')} {alarm.count})
          {alarm.clearedAt && ` · ${t('detail.cleared')} ${fmtTime(alarm.clearedAt)}`}
        </dd>
        <dt>{t('detail.escalation')}</dt>
        <dd>{alarm.escalationLevel}</dd>
        <dt>{t('col.assignee')}</dt>
        <dd>{alarm.assignee ?? t('incident.nobody')}</dd>
        {alarm.incidentId && (
          <>
            <dt>{t('group.inIncident')}</dt>
            <dd>
              <a
                class="mono"
                href={`#/incidents/${encodeURIComponent(alarm.incidentId)}`}
                data-incident={alarm.incidentId}
              >
                {alarm.incidentId}
              </a>
            </dd>
          </>
        )}
      </dl>
      <AlarmActions alarm={alarm} onDone={load} />
      {!alarm.incidentId && alarm.state !== 'closed' && (
        <GroupIntoIncident alarmIds={[alarm.id]} title={alarm.title} onDone={(i) => go('incidents', i.id)} />
      )}
      <div class="detail-grid">
        <AuditTrail entries={alarm.audit ?? []} />
        <NearbyCameras alarmId={alarm.id} />
        {attr && (
          <div>
            <h3>
              {t('detail.series')} · {attr}
            </h3>
            <SeriesChart entityId={alarm.entityId} attr={attr} refresh={tick} />
          </div>
        )}
      </div>
    </section>
  );
}
