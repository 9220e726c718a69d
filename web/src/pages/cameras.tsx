// Camera wall: lists /api/v1/cameras/wall when the server has a camera API; says so honestly when not.
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../api.ts';
import { t } from '../i18n.ts';

interface WallCamera {
  id: string;
  name?: string;
  score?: number;
  [k: string]: unknown;
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
      {cams && cams.length === 0 && <p class="empty">{t('cameras.empty')}</p>}
      {cams && cams.length > 0 && (
        <div class="wall">
          {cams.map((c) => (
            <figure class="cam" data-camera={c.id}>
              <div class="cam-view" />
              <figcaption>
                {c.name ?? c.id}
                {typeof c.score === 'number' && ` · ${c.score.toFixed(2)}`}
              </figcaption>
            </figure>
          ))}
        </div>
      )}
    </section>
  );
}
