// Sends the outbox: claims due deliveries with a lease, POSTs each signed payload with a timeout,
// records the attempt, and schedules a retry with exponential back-off until the attempts run out.
// Receivers that hang or fail only delay their own rows: the rules engine only ever enqueues.
import type { Clock, Logger } from '../kernel/index.ts';
import type { Db } from '../storage/index.ts';
import { retryDelayMs } from './domain/backoff.ts';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, sign } from './signature.ts';
import * as repo from './store/delivery.repository.ts';
import { getAgency, type Agency } from './store/agency.repository.ts';
import { handoverMail, type SendMail } from './mailer.ts';

/** Deliveries sent at once; a hanging receiver holds one slot until its timeout. */
const MAX_IN_FLIGHT = 20;

export interface DeliveryWorkerDeps {
  db: Db;
  clock: Clock;
  log: Logger;
  timeoutMs: number;
  maxAttempts: number;
  backoffMs: number;
  /** SMTP sender, when DOSI_SMTP_URL is set. */
  mail?: SendMail | undefined;
  /** Poll interval for due retries. */
  pollMs?: number;
}

export function createDeliveryWorker(deps: DeliveryWorkerDeps) {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = true;
  let again = false;
  const inFlight = new Set<Promise<void>>();
  const iso = (ms: number) => new Date(ms).toISOString();

  async function post(
    a: Agency & { secret: string },
    d: repo.Delivery,
    at: number,
  ): Promise<[number | null, string | null]> {
    const body = JSON.stringify(d.payload);
    const ts = Math.floor(at / 1000);
    try {
      const res = await fetch(a.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'dosi-notify/1',
          [TIMESTAMP_HEADER]: String(ts),
          [SIGNATURE_HEADER]: sign(a.secret, ts, body),
          'x-dosi-delivery': d.id,
        },
        body,
        signal: AbortSignal.timeout(deps.timeoutMs),
        redirect: 'manual',
      });
      await res.body?.cancel();
      return [res.status, res.status >= 200 && res.status <= 299 ? null : `HTTP ${res.status}`];
    } catch (err) {
      const e = err as Error;
      return [null, e.name === 'TimeoutError' ? `timeout after ${deps.timeoutMs} ms` : e.message];
    }
  }

  async function mail(a: Agency & { secret: string }, d: repo.Delivery, at: number): Promise<string | null> {
    if (!deps.mail) return 'DOSI_SMTP_URL is not set';
    if (!a.email) return 'the agency has no e-mail address';
    const ts = Math.floor(at / 1000);
    const { subject, text } = handoverMail(d.payload);
    try {
      await deps.mail({
        to: a.email,
        subject,
        text,
        headers: { 'X-Dosi-Timestamp': String(ts), 'X-Dosi-Delivery': d.id },
      });
      return null;
    } catch (err) {
      return (err as Error).message;
    }
  }

  async function send(d: repo.Delivery): Promise<void> {
    const agency = await getAgency(deps.db, d.agencyId);
    const started = deps.clock.now().getTime();
    let status: number | null = null;
    let error: string | null = null;
    if (!agency) error = 'agency deleted';
    else if (d.channel === 'email') error = await mail(agency, d, started);
    else [status, error] = await post(agency, d, started);
    const end = deps.clock.now().getTime();
    const attempt = { at: iso(end), status, error, ms: end - started };
    const attempts = d.attempts + 1;
    const next =
      error === null
        ? { state: 'delivered' as const, nextAt: iso(end) }
        : attempts >= deps.maxAttempts || !agency
          ? { state: 'failed' as const, nextAt: iso(end) }
          : { state: 'pending' as const, nextAt: iso(end + retryDelayMs(attempts, deps.backoffMs)) };
    await repo.recordAttempt(deps.db, d.id, attempt, next);
    if (error)
      deps.log.warn(
        { delivery: d.id, agency: d.agencyId, attempts, error },
        'agency hand-over attempt failed',
      );
  }

  /** Claims what is due (up to the free slots) and starts sending; sends never wait for each other. */
  async function runOnce(): Promise<number> {
    const free = MAX_IN_FLIGHT - inFlight.size;
    if (free <= 0) return 0;
    const now = deps.clock.now().getTime();
    const due = await repo.claimDue(deps.db, iso(now), iso(now + deps.timeoutMs * 2 + 1000), free);
    for (const d of due) {
      const p: Promise<void> = send(d)
        .catch((err: unknown) => deps.log.error({ err, delivery: d.id }, 'agency delivery failed'))
        .finally(() => {
          inFlight.delete(p);
          kick(); // a retry may be due soon; a slot is free
        });
      inFlight.add(p);
    }
    return due.length;
  }

  function schedule(ms: number): void {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(() => kick(), ms);
  }

  /** Runs now (or right after the current run): called after enqueueing. */
  function kick(): void {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      try {
        do {
          again = false;
          const n = await runOnce();
          if (n > 0 && inFlight.size < MAX_IN_FLIGHT) again = true;
        } while (again && !stopped);
      } catch (err) {
        deps.log.error({ err }, 'agency delivery run failed');
      } finally {
        running = undefined;
        schedule(deps.pollMs ?? 500);
      }
    })();
  }

  return {
    kick,
    runOnce,
    start() {
      stopped = false;
      kick();
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
      await Promise.all([...inFlight]);
    },
  };
}
