// Time series of counters sampled during a run, and rates over a window of it (interpolated between
// samples, so a window need not fall on sample instants).
export type Probe = () => Promise<Record<string, number>>;

export interface Sampler {
  /** Rate per second of `key` between two instants (ms since epoch). */
  rate(key: string, fromMs: number, toMs: number): number;
  /** Increase of `key` between two instants. */
  delta(key: string, fromMs: number, toMs: number): number;
  /** Value of `key` at an instant (interpolated). */
  at(key: string, tMs: number): number;
  /** True when `key` has samples at or before `fromMs` and at or after `toMs`. */
  covers(key: string, fromMs: number, toMs: number): boolean;
  stop(): Promise<void>;
}

/**
 * Samples every probe in its own loop (a slow probe, e.g. an HTTP scrape of a busy process, does not
 * delay the others); each value is stamped with the time its probe answered.
 */
export function startSampler(probes: Probe[], everyMs = 250): Sampler {
  const series = new Map<string, { t: number; v: number }[]>();
  let running = true;
  const loops = probes.map(async (probe) => {
    while (running) {
      const started = Date.now();
      try {
        const values = await probe();
        const t = Date.now();
        for (const [k, v] of Object.entries(values)) {
          if (!Number.isFinite(v)) continue;
          let s = series.get(k);
          if (!s) series.set(k, (s = []));
          s.push({ t, v });
        }
      } catch {
        // a probe that failed once (HTTP hiccup) just has no sample at this instant
      }
      await new Promise((r) => setTimeout(r, Math.max(0, everyMs - (Date.now() - started))));
    }
  });
  const at = (key: string, t: number): number => {
    const s = series.get(key) ?? [];
    if (s.length === 0) return Number.NaN;
    if (t <= s[0]!.t) return s[0]!.v;
    for (let i = 1; i < s.length; i++) {
      const b = s[i]!;
      if (b.t >= t) {
        const a = s[i - 1]!;
        return a.v + ((b.v - a.v) * (t - a.t)) / Math.max(1, b.t - a.t);
      }
    }
    return s[s.length - 1]!.v;
  };
  const delta = (key: string, from: number, to: number) => at(key, to) - at(key, from);
  return {
    at,
    delta,
    covers(key, from, to) {
      const s = series.get(key) ?? [];
      return s.length > 0 && s[0]!.t <= from && s[s.length - 1]!.t >= to;
    },
    rate: (key, from, to) => Math.round(delta(key, from, to) / ((to - from) / 1000)),
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}

/** p-th percentile (0..100) of values, nearest rank. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}
