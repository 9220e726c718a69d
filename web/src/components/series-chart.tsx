// An entity attribute over the last 24 h (raw readings from /api/v1/series), drawn with uPlot.
import { useEffect, useRef, useState } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { api, enc } from '../api.ts';
import { t } from '../i18n.ts';
import type { SeriesPoint } from '../types.ts';

export function SeriesChart(props: { entityId: string; attr: string; refresh: number }) {
  const box = useRef<HTMLDivElement>(null);
  const [points, setPoints] = useState<SeriesPoint[] | null>(null);
  useEffect(() => {
    const q = `entityId=${enc(props.entityId)}&attr=${enc(props.attr)}&resolution=raw&limit=2000`;
    api<{ points: SeriesPoint[] }>(`/api/v1/series?${q}`).then(
      (s) => setPoints(s.points),
      () => setPoints([]),
    );
  }, [props.entityId, props.attr, props.refresh]);
  useEffect(() => {
    const el = box.current;
    if (!el || !points || points.length === 0) return;
    const xs = points.map((p) => Date.parse(p.t) / 1000);
    const ys = points.map((p) => p.last);
    const plot = new uPlot(
      {
        width: Math.max(300, el.clientWidth),
        height: 220,
        tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Asia/Seoul'),
        series: [{}, { label: props.attr, stroke: '#d9480f', width: 2, points: { show: true } }],
        axes: [{ stroke: '#9aa4b2' }, { stroke: '#9aa4b2' }],
      },
      [xs, ys],
      el,
    );
    return () => plot.destroy();
  }, [points, props.attr]);
  if (points && points.length === 0) return <p class="empty">{t('detail.noSeries')}</p>;
  return <div class="chart" ref={box} data-points={points?.length ?? 0} />;
}
