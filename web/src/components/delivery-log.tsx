// The hand-overs of an incident to agencies (/api/v1/notify/deliveries?incidentId=): agency, channel,
// state, attempts, last answer. Hidden when the server has no delivery log (404) or refuses it (403).
import { useCallback, useEffect, useState } from 'preact/hooks';
import { api, ApiError, enc } from '../api.ts';
import { fmtTime, t, type Key } from '../i18n.ts';
import { onLive } from '../live.ts';
import type { Delivery } from '../types.ts';

const KINDS = new Set(['police-112', 'fire-119', 'disaster-room']);
const agencyKind = (kind: string) => (KINDS.has(kind) ? t(`agency.${kind}` as Key) : kind);

export function DeliveryLog(props: { incidentId: string; dispatched: boolean }) {
  const [rows, setRows] = useState<Delivery[] | null>(null);
  const [absent, setAbsent] = useState(false);
  const load = useCallback(() => {
    api<Delivery[]>(`/api/v1/notify/deliveries?incidentId=${enc(props.incidentId)}&limit=100`).then(
      setRows,
      (err: unknown) => {
        if (err instanceof ApiError && (err.status === 404 || err.status === 403)) setAbsent(true);
      },
    );
  }, [props.incidentId]);
  useEffect(() => {
    load();
    return onLive(load);
  }, [load]);
  // Deliveries change without an incident event (the worker's attempts): re-read while they may.
  const waiting = rows?.some((d) => d.state === 'pending') || (props.dispatched && rows?.length === 0);
  useEffect(() => {
    if (!waiting) return;
    const timer = setInterval(load, 2000);
    return () => clearInterval(timer);
  }, [waiting, load]);
  if (absent || !rows) return null;
  return (
    <div class="deliveries">
      <h3>{t('incident.deliveries')}</h3>
      {rows.length === 0 ? (
        <p class="empty" data-deliveries="none">
          {t('incident.noDeliveries')}
        </p>
      ) : (
        <table class="queue">
          <tbody>
            {rows.map((d) => (
              <tr data-delivery={d.id} data-state={d.state}>
                <td>
                  {d.payload.agency?.name ?? d.agencyId}
                  {d.payload.agency && <small> · {agencyKind(d.payload.agency.kind)}</small>}
                </td>
                <td>{t(`channel.${d.channel}` as Key)}</td>
                <td class={`delivery-${d.state}`}>{t(`delivery.${d.state}` as Key)}</td>
                <td>
                  {t('incident.attempts')} {d.attempts}
                  {d.lastStatus !== null && ` · HTTP ${d.lastStatus}`}
                  {d.lastError && <span class="error"> · {d.lastError}</span>}
                </td>
                <td>{fmtTime(d.deliveredAt ?? d.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
