// CPU time of processes on this machine from /proc (Linux): who uses the two cores during a run.
import { readdirSync, readFileSync } from 'node:fs';

const TICK = 100; // USER_HZ on Linux

/** utime + stime of a process in seconds, or 0 if it is gone. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / TICK;
  } catch {
    return 0;
  }
}

/** Pids whose command name (comm) is `name`. */
export function pidsNamed(name: string): number[] {
  const out: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (readFileSync(`/proc/${d}/comm`, 'utf8').trim() === name) out.push(Number(d));
    } catch {
      // exited meanwhile
    }
  }
  return out;
}

/** Total CPU seconds of a group of processes; the group is re-listed at each call (postgres forks). */
export function groupCpu(list: () => number[]): () => number {
  return () => list().reduce((s, pid) => s + cpuSeconds(pid), 0);
}
