// Summarises a .cpuprofile: self time per function (with its file and line) and per file, and the
// share of idle, GC and program time, with a timeline of busy/idle per 5 s so a load window can be
// picked. `npx tsx bench/lib/profile-summary.ts FILE [top] [fromSec] [toSec]` (seconds from the
// profile's start).
import { readFileSync } from 'node:fs';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const file = process.argv[2];
if (!file) throw new Error('usage: profile-summary.ts FILE [top]');
const top = Number(process.argv[3] ?? 40);
const fromUs = Number(process.argv[4] ?? 0) * 1e6;
const toUs = Number(process.argv[5] ?? Infinity) * 1e6;
const p = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(p.nodes.map((n) => [n.id, n]));
const self = new Map<number, number>();
const buckets = new Map<number, { idle: number; gc: number; all: number }>();
let at = 0;
for (let i = 0; i < p.samples.length; i++) {
  const dt = p.timeDeltas[i] ?? 0;
  at += dt;
  const name = byId.get(p.samples[i]!)?.callFrame.functionName ?? '';
  const b = buckets.get(Math.floor(at / 5e6)) ?? { idle: 0, gc: 0, all: 0 };
  b.all += dt;
  if (name === '(idle)') b.idle += dt;
  if (name === '(garbage collector)') b.gc += dt;
  buckets.set(Math.floor(at / 5e6), b);
  if (at < fromUs || at > toUs) continue;
  self.set(p.samples[i]!, (self.get(p.samples[i]!) ?? 0) + dt);
}
const total = [...self.values()].reduce((a, b) => a + b, 0);
const short = (url: string) =>
  url.replace(/^file:\/\/\/work\/main\//, '').replace(/^.*node_modules\//, 'nm/');
const fn = new Map<string, number>();
const files = new Map<string, number>();
for (const [id, t] of self) {
  const c = byId.get(id)!.callFrame;
  const k = `${c.functionName || '(anonymous)'} ${short(c.url)}:${c.lineNumber + 1}`;
  fn.set(k, (fn.get(k) ?? 0) + t);
  const f = short(c.url) || c.functionName;
  files.set(f, (files.get(f) ?? 0) + t);
}
const pct = (t: number) => `${((100 * t) / total).toFixed(1).padStart(5)}%`;
console.log(
  `profile ${((p.endTime - p.startTime) / 1e6).toFixed(1)} s, window ${(total / 1e6).toFixed(1)} s`,
);
console.log('\n-- timeline (5 s buckets) start:idle%/gc%');
console.log(
  [...buckets]
    .map(([k, b]) => `${k * 5}s:${Math.round((100 * b.idle) / b.all)}/${Math.round((100 * b.gc) / b.all)}`)
    .join('  '),
);
console.log('\n-- self time by function');
for (const [k, t] of [...fn].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(pct(t), k);
// Inclusive ("total") time: each sample counts once for every distinct function on its stack.
const parent = new Map<number, number>();
for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const inclusive = new Map<string, number>();
for (const [id, t] of self) {
  const seen = new Set<string>();
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    const c = byId.get(cur)!.callFrame;
    if (!c.url) continue; // (root), (program), natives
    const k = `${c.functionName || '(anonymous)'} ${short(c.url)}:${c.lineNumber + 1}`;
    if (seen.has(k)) continue;
    seen.add(k);
    inclusive.set(k, (inclusive.get(k) ?? 0) + t);
  }
}
console.log('\n-- total (inclusive) time by function, dosi sources only');
for (const [k, t] of [...inclusive]
  .filter(([k]) => / src\//.test(k))
  .sort((a, b) => b[1] - a[1])
  .slice(0, top))
  console.log(pct(t), k);
console.log('\n-- self time by file');
for (const [k, t] of [...files].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(pct(t), k);
