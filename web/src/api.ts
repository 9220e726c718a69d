// The console's only way to the server: fetch with the bearer token and the NGSILD-Tenant header.
import { logout, tenant, token } from './session.ts';
import type { Token } from './types.ts';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | undefined,
    message: string,
  ) {
    super(message);
  }
}

function headers(extra: Record<string, string> = {}): Record<string, string> {
  const h: Record<string, string> = { ...extra };
  if (token.value) h.authorization = `Bearer ${token.value}`;
  if (tenant.value) h['ngsild-tenant'] = tenant.value;
  return h;
}

export async function api<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const res = await fetch(path, {
    method: init.method ?? 'GET',
    headers: headers(init.body === undefined ? {} : { 'content-type': 'application/json' }),
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  if (res.status === 401) logout();
  if (!res.ok) {
    let code: string | undefined;
    let message = `${res.status} ${res.statusText}`;
    try {
      const p = (await res.json()) as { code?: string; detail?: string; title?: string };
      code = p.code;
      message = p.detail ?? p.title ?? message;
    } catch {
      // not a problem document
    }
    throw new ApiError(res.status, code, message);
  }
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

export async function login(username: string, password: string): Promise<Token> {
  const res = await fetch('/api/v1/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!res.ok) throw new ApiError(res.status, undefined, 'login failed');
  return (await res.json()) as Token;
}

export const enc = encodeURIComponent;

/** Fetches a file with the session's credentials and hands it to the browser as a download. */
export async function download(path: string, fallbackName: string): Promise<void> {
  const res = await fetch(path, { headers: headers() });
  if (res.status === 401) logout();
  if (!res.ok) throw new ApiError(res.status, undefined, `${res.status} ${res.statusText}`);
  const m = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '');
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = m?.[1] ?? fallbackName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
