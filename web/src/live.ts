// Live updates: a WebSocket on /api/v1/stream ({type, tenant, data} messages) when the server has one,
// else polling every second. Subscribers are told "something changed" (with the message type when a
// socket message says what) and re-read what they show.
import { signal } from '@preact/signals';
import { tenant, token } from './session.ts';

export type LiveMode = 'ws' | 'poll';
export const liveMode = signal<LiveMode>('poll');

type Listener = (type?: string) => void;
const listeners = new Set<Listener>();
let socket: WebSocket | null = null;
let timer: ReturnType<typeof setInterval> | null = null;
let retry: ReturnType<typeof setTimeout> | null = null;
let wsFailures = 0;

function notify(type?: string): void {
  for (const l of listeners) l(type);
}

function startPolling(): void {
  liveMode.value = 'poll';
  timer ??= setInterval(() => notify(), 1000);
}

function stopPolling(): void {
  if (timer) clearInterval(timer);
  timer = null;
}

function connect(): void {
  if (!token.value || socket) return;
  const proto = location.protocol === 'https:' ? 'wss' : 'ws';
  const qs = new URLSearchParams({ access_token: token.value, tenant: tenant.value ?? '' });
  let ws: WebSocket;
  try {
    ws = new WebSocket(`${proto}://${location.host}/api/v1/stream?${qs.toString()}`);
  } catch {
    startPolling();
    return;
  }
  socket = ws;
  ws.onopen = () => {
    wsFailures = 0;
    liveMode.value = 'ws';
    stopPolling();
    notify();
  };
  ws.onmessage = (ev: MessageEvent<string>) => {
    try {
      const msg = JSON.parse(ev.data) as { type?: string; tenant?: string };
      if (!msg.tenant || msg.tenant === tenant.value) notify(msg.type);
    } catch {
      // ignore what is not JSON
    }
  };
  ws.onclose = () => {
    socket = null;
    startPolling();
    // A server without the endpoint refuses at once: try again rarely, keep polling meanwhile.
    wsFailures += 1;
    if (listeners.size > 0) retry = setTimeout(connect, Math.min(60_000, 2000 * 2 ** wsFailures));
  };
}

/** Calls `fn` on every change (or every second while polling) until the returned function is called. */
export function onLive(fn: Listener): () => void {
  listeners.add(fn);
  if (listeners.size === 1) {
    startPolling();
    connect();
  }
  return () => {
    listeners.delete(fn);
    if (listeners.size === 0) {
      stopPolling();
      if (retry) clearTimeout(retry);
      socket?.close();
      socket = null;
    }
  };
}
