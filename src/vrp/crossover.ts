// Ordered crossover (OX) on giant tours: a slice of parent A kept in place, the rest in parent B's order.
import type { Rng } from './rng.ts';

export function orderedCrossover(
  a: Int32Array,
  b: Int32Array,
  rng: Rng,
  out: Int32Array,
  seen: Uint8Array,
): void {
  const n = a.length;
  seen.fill(0);
  if (n < 2) {
    out.set(a);
    return;
  }
  const start = rng.int(n);
  let end = rng.int(n);
  while (end === start) end = rng.int(n);
  let j = start;
  while (j % n !== (end + 1) % n) {
    const c = a[j % n]!;
    out[j % n] = c;
    seen[c] = 1;
    j++;
  }
  for (let i = 1; i <= n; i++) {
    const c = b[(end + i) % n]!;
    if (seen[c]) continue;
    out[j % n] = c;
    j++;
  }
}
