// The waste service's vocabulary: a bin (FIWARE Smart Data Model WasteContainer), its fill-rate model
// and its emptyings. Fill levels are fractions 0–1 as in the data model's `fillingLevel`.

/** FIWARE WasteContainer `status` values dosi derives or accepts. */
export const BIN_STATUSES = ['ok', 'lidOpen', 'dropped', 'moved', 'burning', 'door_opened'] as const;
export type BinStatus = (typeof BIN_STATUSES)[number];

/** Per-bin learned fill rate: increments per hour-of-week slot, plus the bin's mean. */
export interface RateModel {
  /** 168 slots (Monday 00:00 Seoul = 0), fraction per hour; null = never observed. */
  slots: (number | null)[];
  /** Exponentially smoothed mean rate over all learned hours (fraction per hour); null = none yet. */
  mean: number | null;
  /** Hours learned in total (how much the model has seen). */
  hours: number;
}

/** A reading kept for emptying detection. */
export interface FillSample {
  at: string;
  fill: number;
}

/** Incremental state of one bin, persisted between readings. */
export interface BinTrack {
  model: RateModel;
  /** Newest reading. */
  last?: FillSample;
  /** Start of the current learning interval (learning waits for ≥ 1 h of readings to beat noise). */
  anchor?: FillSample;
  /** The last few readings (for a robust reference level). */
  recent: FillSample[];
  /** A drop seen but not yet confirmed by the next reading (a single low glitch is not an emptying). */
  candidate?: { at: string; fillBefore: number; fillAfter: number };
  lastEmptiedAt?: string;
  /** First reading of the current fill cycle (after the last emptying, or the first reading ever). */
  cycleStart?: FillSample;
}

export interface Emptying {
  at: string;
  /** Fill just before (null when a truck reported it and no reading was known). */
  fillBefore: number | null;
  fillAfter: number | null;
  source: 'sensor' | 'report';
}

export const emptyModel = (): RateModel => ({
  slots: Array.from({ length: 168 }, () => null),
  mean: null,
  hours: 0,
});

export const emptyTrack = (): BinTrack => ({ model: emptyModel(), recent: [] });
