// Seeded pseudo-random numbers for the simulator: the same seed gives the same city and the same readings,
// so demos and tests are reproducible. Not for anything secret.

/** Returns a float in [0, 1). */
export type Rng = () => number;

/** 32-bit FNV-1a hash of a string; used to turn string seeds and labels into numeric seeds. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: tiny, fast and good enough for simulation. */
export function createRng(seed: number | string): Rng {
  let a = (typeof seed === 'string' ? hashString(seed) : seed) >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A derived, independent stream (e.g. one per device) so adding a device does not shift the others. */
export const forkRng = (seed: number | string, label: string): Rng =>
  createRng(hashString(`${seed}/${label}`));

export const uniform = (rng: Rng, min: number, max: number): number => min + rng() * (max - min);

/** Standard normal variate (Box–Muller). */
export function gaussian(rng: Rng): number {
  const u = 1 - rng(); // (0, 1]: log(0) is not a number
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

/** A deterministic value in [0, 1) for a key, without any stream state (city-wide weather per day…). */
export const hash01 = (key: string): number => hashString(key) / 4294967296;
