// HTTP binding of notifications (NGSI-LD 1.8 §6.3.5, §5.2.15): one POST per notification.
import type { Delivery, Notification } from '../domain/notification.ts';

/** Resolves on a 2xx answer; rejects with the reason otherwise (status, timeout, network). */
export async function postNotification(d: Delivery, payload: Notification, timeoutMs: number): Promise<void> {
  const res = await fetch(d.uri, {
    method: 'POST',
    headers: d.headers,
    body: JSON.stringify(payload),
    signal: AbortSignal.timeout(timeoutMs),
    redirect: 'manual', // a redirect is not an acknowledgement; never follow it elsewhere
  });
  await res.arrayBuffer().catch(() => undefined); // drain, so the connection can be reused
  if (res.status < 200 || res.status > 299) throw new Error(`HTTP ${res.status} from ${d.uri}`);
}
