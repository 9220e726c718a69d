// The cameras whose field of view holds an alarm's entity, nearest first (the operator looks there).
import { useEffect, useState } from 'preact/hooks';
import { api, enc } from '../api.ts';
import { t } from '../i18n.ts';

interface SeenBy {
  camera: { id: string; name: string; streamUrl: string | null; snapshotUrl: string | null };
  distance: number;
  bearing: number;
}

/** `note` says where the place comes from when it is not the alarm on screen (an incident's first alarm). */
export function NearbyCameras(props: { alarmId: string; note?: string }) {
  const [seen, setSeen] = useState<SeenBy[] | null>(null);
  useEffect(() => {
    api<SeenBy[]>(`/api/v1/alarms/${enc(props.alarmId)}/cameras?limit=5`).then(setSeen, () => setSeen([]));
  }, [props.alarmId]);
  if (!seen) return null;
  return (
    <div class="nearby-cameras">
      <h3>
        {t('detail.cameras')}
        {props.note && <small> · {props.note}</small>}
      </h3>
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
