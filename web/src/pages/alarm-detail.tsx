// One alarm: its facts, lifecycle buttons, audit trail, the cameras that see it and the entity's readings.
import { useCallback, useEffect, useState } from 'preact/hooks';
import { api, enc } from '../api.ts';
import { AlarmActions, SeverityBadge, StateBadge } from '../alarm-actions.tsx';
import { SeriesChart } from '../components/series-chart.tsx';
import { fmtTime, t, type Key } from '../i18n.ts';
import { onLive } from '../live.ts';
import type { Alarm } from '../types.ts';

const AUDIT_KEYS = new Set([
  'raised',
  'repeated',
  'cleared',
  'ack',
  'dispatch',
  'resolve',
  'close',
  'comment',
  'assign',
  'escalated',
  'incident',
]);

function auditLabel(action: string): string {
  return AUDIT_KEYS.has(action) ? t(`audit.${action}` as Key) : action;
}

interface SeenBy {
  camera: { id: string; name: string; streamUrl: string | null; snapshotUrl: string | null };
  distance: number;
  bearing: number;
}

/** The cameras whose field of view holds the alarm's entity, nearest first (the operator looks there). */
function NearbyCameras(props: { alarmId: string }) {
  const [seen, setSeen] = useState<SeenBy[] | null>(null);
  useEffect(() => {
    api<SeenBy[]>(`/api/v1/alarms/${enc(props.alarmId)}/cameras?limit=5`).then(setSeen, () => setSeen([]));
  }, [props.alarmId]);
  if (!seen) return null;
  return (
    <div class="nearby-cameras">
      <h3>{t('detail.cameras')}</h3>
      {seen.length === 0 ? (
        <p class="empty" data-cameras="none-near">
          {t('detail.noCameras')}
        </p>
      ) : (
        <ol>
          {seen.map((s) => (
            <li data-camera={s.camera.id}>
              <b>{s.camera.name}</b> · {Math.round(s.distance)} m
              {s.camera.streamUrl && (
                <>
                  {' '}
                  · <a href={s.camera.streamUrl}>▶</a>
                </>
              )}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

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
      </dl>
      <AlarmActions alarm={alarm} onDone={load} />
      <div class="detail-grid">
        <div>
          <h3>{t('detail.audit')}</h3>
          <ol class="audit">
            {(alarm.audit ?? []).map((e) => (
              <li data-audit={e.action}>
                <time>{fmtTime(e.at)}</time> <b>{auditLabel(e.action)}</b>{' '}
                {e.from && e.to && (
                  <span>
                    {t(`st.${e.from}` as Key)} → {t(`st.${e.to}` as Key)}
                  </span>
                )}{' '}
                <span class="by">{e.by}</span>
                {e.note && <q>{e.note}</q>}
              </li>
            ))}
          </ol>
        </div>
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
