// Camera wall: the cameras ranked by recent weighted detections (/api/v1/cameras/wall), so the wall
// shows only cameras where something happens; says so honestly when nothing does (or no camera API).
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../api.ts';
import { t } from '../i18n.ts';

/** One entry of /api/v1/cameras/wall: the ranking and the camera itself. */
interface WallCamera {
  cameraId: string;
  score?: number;
  events?: number;
  top?: string;
  camera?: { name?: string } | null;
}

export function CamerasPage() {
  const [cams, setCams] = useState<WallCamera[] | null>(null);
  const [missing, setMissing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api<WallCamera[] | { cameras: WallCamera[] }>('/api/v1/cameras/wall').then(
      (r) => setCams(Array.isArray(r) ? r : (r.cameras ?? [])),
      (err: unknown) => {
        if (err instanceof ApiError && err.status === 404) setMissing(true);
        else setError((err as Error).message);
      },
    );
  }, []);
  return (
    <section class="cameras">
      <h2>{t('cameras.title')}</h2>
      {missing && (
        <p class="empty" data-cameras="none">
          {t('cameras.none')}
        </p>
      )}
      {error && <p class="error">{error}</p>}
      {cams && cams.length === 0 && (
        <p class="empty" data-cameras="empty">
          {t('cameras.empty')}
        </p>
      )}
      {cams && cams.length > 0 && (
        <div class="wall">
          {cams.map((c) => (
            <figure class="cam" data-camera={c.cameraId}>
              <div class="cam-view" />
              <figcaption>
                {c.camera?.name ?? c.cameraId}
                {c.top && ` · ${c.top}`}
                {typeof c.score === 'number' && ` · ${c.score.toFixed(2)}`}
              </figcaption>
            </figure>
          ))}
        </div>
      )}
    </section>
  );
}
