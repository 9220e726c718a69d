// The logged-in session: the JWT and the chosen tenant, kept in sessionStorage (gone with the tab).
import { signal } from '@preact/signals';
import type { Me } from './types.ts';

export const token = signal<string | null>(sessionStorage.getItem('dosi.token'));
export const tenant = signal<string | null>(sessionStorage.getItem('dosi.tenant'));
export const me = signal<Me | null>(null);

export function setSession(tok: string, ten: string): void {
  sessionStorage.setItem('dosi.token', tok);
  sessionStorage.setItem('dosi.tenant', ten);
  token.value = tok;
  tenant.value = ten;
}

export function setTenant(ten: string): void {
  sessionStorage.setItem('dosi.tenant', ten);
  tenant.value = ten;
}

export function logout(): void {
  sessionStorage.removeItem('dosi.token');
  sessionStorage.removeItem('dosi.tenant');
  token.value = null;
  tenant.value = null;
  me.value = null;
}
