// Hash routes: #/map, #/alarms, #/alarms/<id>, #/incidents, #/incidents/<id>, #/rules, #/cameras.
import { signal } from '@preact/signals';

const read = (): string[] =>
  location.hash
    .replace(/^#\/?/, '')
    .split('/')
    .filter((s) => s !== '')
    .map(decodeURIComponent);

export const route = signal<string[]>(read());
window.addEventListener('hashchange', () => (route.value = read()));

export function go(...parts: string[]): void {
  location.hash = '#/' + parts.map(encodeURIComponent).join('/');
}
