// WebSocket push to the operations console: alarm, incident and waste events as they happen, entity
// changes coalesced per entity and flushed at most once per throttle period. Every message is
// tenant-scoped JSON {type, tenant, data}: type alarm | incident | waste | entities | hello.
import type { Bus, BusSubscription } from '../bus/index.ts';
import type { Logger } from '../kernel/index.ts';

export interface StreamSocket {
  send(data: string): void;
  readonly readyState: number;
}

export interface EntityNote {
  id: string;
  type: string | null;
  kind: string;
  attrs: string[];
  at: string;
}

interface Change {
  tenant: string;
  kind: string;
  before?: { id: string; types: string[] };
  after?: { id: string; types: string[] };
  attrs: string[];
  at: string;
}

export function createStreamHub(deps: {
  bus: Bus;
  log: Logger;
  compact: (iri: string) => string;
  throttleMs: number;
}) {
  const sockets = new Map<string, Set<StreamSocket>>();
  const pending = new Map<string, Map<string, EntityNote>>();
  const subs: BusSubscription[] = [];
  let timer: NodeJS.Timeout | undefined;

  function sendTo(tenant: string, type: string, data: unknown): void {
    const set = sockets.get(tenant);
    if (!set?.size) return;
    const text = JSON.stringify({ type, tenant, data });
    for (const s of set) {
      if (s.readyState !== 1) continue; // OPEN
      try {
        s.send(text);
      } catch (err) {
        deps.log.debug({ err }, 'stream send failed');
      }
    }
  }

  function flush(): void {
    timer = undefined;
    for (const [tenant, notes] of pending) sendTo(tenant, 'entities', [...notes.values()]);
    pending.clear();
  }

  function onChange(c: Change): void {
    const e = c.after ?? c.before;
    if (!e || !sockets.get(c.tenant)?.size) return;
    let notes = pending.get(c.tenant);
    if (!notes) pending.set(c.tenant, (notes = new Map<string, EntityNote>()));
    const prev = notes.get(e.id);
    const attrs = [...new Set([...(prev?.attrs ?? []), ...c.attrs.map(deps.compact)])];
    const t = e.types[0];
    notes.set(e.id, { id: e.id, type: t ? deps.compact(t) : null, kind: c.kind, attrs, at: c.at });
    timer ??= setTimeout(flush, deps.throttleMs);
  }

  const tenantOf = (d: unknown) => (d as { tenant?: unknown } | null)?.tenant;

  return {
    async start(): Promise<void> {
      const on = (pattern: string, fn: (d: unknown) => void) =>
        deps.bus.subscribe(pattern, async (d) => {
          if (typeof tenantOf(d) === 'string') fn(d);
        });
      subs.push(await on('dosi.alarm.>', (d) => sendTo(tenantOf(d) as string, 'alarm', d)));
      subs.push(await on('dosi.incident.>', (d) => sendTo(tenantOf(d) as string, 'incident', d)));
      subs.push(await on('dosi.entity.>', (d) => onChange(d as Change)));
      // collection plans created or following the trucks, bins emptied: the console's plan view
      subs.push(await on('dosi.waste.>', (d) => sendTo(tenantOf(d) as string, 'waste', d)));
    },
    /** Adds a socket of a tenant; returns its removal. */
    add(tenant: string, s: StreamSocket): () => void {
      let set = sockets.get(tenant);
      if (!set) sockets.set(tenant, (set = new Set<StreamSocket>()));
      set.add(s);
      return () => set.delete(s);
    },
    async stop(): Promise<void> {
      clearTimeout(timer);
      await Promise.all(subs.splice(0).map((s) => s.close()));
      for (const set of sockets.values()) set.clear();
    },
  };
}

export type StreamHub = ReturnType<typeof createStreamHub>;
