// What the API shows of a bin: its row plus the rate ahead, and the history summary of one bin.
import { RATE_DEFAULTS, meanRateAhead } from './domain/fill-rate.ts';
import { rateSinceEmptying } from './domain/track.ts';
import { HOURS_PER_WEEK } from './domain/seoul-week.ts';
import type { BinRow } from './store/bin.repository.ts';
import type { EmptyingRow } from './store/emptying.repository.ts';

export interface BinView {
  id: string;
  deviceId: string | null;
  name: string | null;
  area: string | null;
  location: [number, number] | null;
  fillingLevel: number | null;
  observedAt: string | null;
  threshold: number;
  capacityL: number | null;
  /** Expected fill per hour over the next 24 h (fraction per hour). */
  fillRatePerHour: number | null;
  predictedFullAt: string | null;
  status: string;
  temperature: number | null;
  dateLastEmptying: string | null;
}

export function binView(b: BinRow): BinView {
  return {
    id: b.entityId,
    deviceId: b.deviceId,
    name: b.name,
    area: b.area,
    location: b.location,
    fillingLevel: b.fill,
    observedAt: b.fillAt,
    threshold: b.threshold,
    capacityL: b.capacityL,
    fillRatePerHour: b.rate,
    predictedFullAt: b.predictedFullAt,
    status: b.status,
    temperature: b.temperature,
    dateLastEmptying: b.lastEmptiedAt,
  };
}

/** Learned profile by Seoul hour of day (mean of the weekday slots learned), null where none is. */
function dayProfile(slots: readonly (number | null)[]): (number | null)[] {
  return Array.from({ length: 24 }, (_, h) => {
    const xs: number[] = [];
    for (let d = 0; d < HOURS_PER_WEEK / 24; d++) {
      const v = slots[d * 24 + h];
      if (v !== null && v !== undefined) xs.push(v);
    }
    return xs.length ? xs.reduce((a, x) => a + x, 0) / xs.length : null;
  });
}

export function binDetail(b: BinRow, emptyings: EmptyingRow[]) {
  const m = b.track.model;
  const atMs = Date.parse(b.fillAt ?? b.updatedAt);
  return {
    ...binView(b),
    history: {
      learnedHours: Math.round(m.hours * 100) / 100,
      learnedSlots: m.slots.filter((s) => s !== null).length,
      meanRatePerHour: m.mean,
      rateNext24hPerHour: meanRateAhead(m, atMs, 24, RATE_DEFAULTS),
      hourOfDayRatePerHour: dayProfile(m.slots),
      cycleStartedAt: b.track.cycleStart?.at ?? b.lastEmptiedAt,
      rateSinceEmptyingPerHour: rateSinceEmptying(b.track),
    },
    emptyings,
  };
}
