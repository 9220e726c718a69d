// The catalogue of simulated device kinds of the demo city: for each, the device profile dosi validates
// its payloads against, and a generator of readings with a realistic daily rhythm in Seoul time.
//
// Generators are deterministic: the same state, time and random stream give the same reading. Cumulative
// meters (water volume, lamp energy) are computed from the time alone, so they never go backwards even
// when a device restarts or readings are generated out of order.
import type { DeviceProfile } from '../devices/types.ts';
import { forkRng, gaussian, hash01, uniform, type Rng } from './rng.ts';
import {
  TRAFFIC,
  ambientC,
  dailyTotal,
  hourlyAt,
  integrateHourly,
  seoulAbsHours,
  seoulTime,
  sunTimes,
  type SeoulTime,
} from './seoul-time.ts';

export type KindName = 'waste' | 'water' | 'air' | 'smoke' | 'tilt' | 'light' | 'parking';

/**
 * A profile to create: DeviceProfile without createdAt (set by the registry). Over HTTP the tenant comes
 * from the request (token / NGSILD-Tenant), so the client sends it without `tenant`.
 */
export type ProfileInput = Omit<DeviceProfile, 'createdAt'>;

/** Values of one reading, keyed by the profile's mapping keys. */
export type SimValues = Record<string, number | boolean>;

/** A JSON payload as published: the values plus `ts` (ISO 8601 UTC time of the observation). */
export type SimPayload = Record<string, number | boolean | string>;

/** Per-device generator state (opaque to callers; created by `init`). */
export type SimState = object;

export interface SimKind {
  kind: KindName;
  /** Device id prefix: `bin` → `bin-0001`. */
  idPrefix: string;
  /** Profile id without any deployment prefix. */
  profileId: string;
  entityType: string;
  /** Device name label, e.g. '음식물 수거함' in '덕풍1동 음식물 수거함 12'. */
  labelKo: string;
  labelEn: string;
  /** Share of the city's devices of this kind. */
  share: number;
  /** Seconds between readings (the profile's reportingIntervalSec). */
  reportingIntervalSec: number;
  /** The profile of this kind for a tenant; `profileId` overrides the default id (deployment prefixes). */
  profile(tenant: string, profileId?: string): ProfileInput;
  /** Fixed traits of a device (capacity, leak, installed offsets…), from its own random stream. */
  init(rng: Rng): SimState;
  reading(state: SimState, at: Date, rng: Rng): SimValues;
  /** Kinds that are emptied (bins): from now on only reports empty the device, not its own schedule. */
  followReports?(state: SimState, at: Date): void;
  /** A truck emptied the device at `at`. */
  emptied?(state: SimState, at: Date): void;
}

interface KindDef<S extends object> extends Omit<
  SimKind,
  'init' | 'reading' | 'profile' | 'followReports' | 'emptied'
> {
  profile: Pick<ProfileInput, 'name' | 'attributes' | 'dataClass'>;
  init(rng: Rng): S;
  reading(state: S, t: SeoulTime, rng: Rng): SimValues;
  followReports?(state: S, t: SeoulTime): void;
  emptied?(state: S, t: SeoulTime): void;
}

// The generic state type is erased at the catalogue boundary: each kind only ever sees states it made.
function defineKind<S extends object>(def: KindDef<S>): SimKind {
  return {
    kind: def.kind,
    idPrefix: def.idPrefix,
    profileId: def.profileId,
    entityType: def.entityType,
    labelKo: def.labelKo,
    labelEn: def.labelEn,
    share: def.share,
    reportingIntervalSec: def.reportingIntervalSec,
    profile: (tenant, profileId = def.profileId) => ({
      tenant,
      id: profileId,
      name: def.profile.name,
      entityType: def.entityType,
      attributes: def.profile.attributes.map((a) => ({ ...a })),
      reportingIntervalSec: def.reportingIntervalSec,
      dataClass: def.profile.dataClass,
    }),
    init: (rng) => def.init(rng),
    reading: (state, at, rng) => def.reading(state as S, seoulTime(at), rng),
    ...(def.followReports
      ? { followReports: (state, at) => def.followReports!(state as S, seoulTime(at)) }
      : {}),
    ...(def.emptied ? { emptied: (state, at) => def.emptied!(state as S, seoulTime(at)) } : {}),
  };
}

const round = (v: number, digits: number): number => {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
};
const clamp = (v: number, min: number, max: number): number => Math.min(max, Math.max(min, v));

/** Cumulative meters count from here (local midnight, 2020-01-01). */
const METER_EPOCH_ABS = seoulAbsHours(2020, 1, 1);

// ---- Food waste container -------------------------------------------------------------------------

/** Food waste thrown away per hour: breakfast, lunch, and above all dinner and the evening. */
const WASTE = [
  0.2, 0.1, 0.1, 0.1, 0.1, 0.2, 0.6, 1.3, 1.3, 0.8, 0.6, 0.9, 1.9, 1.7, 0.7, 0.6, 0.8, 1.4, 2.5, 3.0, 2.7,
  1.8, 1.0, 0.5,
];

/** Where a bin stands: residential lanes, commercial streets (restaurants), parks. */
type WasteSite = 'residential' | 'commercial' | 'park';

/**
 * How much faster than its base rate a bin fills on a day: restaurant streets on weekdays, residential
 * lanes at weekends (people cook at home), parks at weekends and in summer (picnics, July–August).
 */
function siteFactor(site: WasteSite, weekend: boolean, doy: number): number {
  const summer = doy >= 182 && doy <= 243;
  if (site === 'commercial') return weekend ? 0.9 : 1.35;
  if (site === 'park') return (weekend ? 1.5 : 0.8) * (summer ? 1.6 : 1);
  return weekend ? 1.15 : 1;
}

/** Share of readings that are a sensor glitch (an ultrasonic echo off the lid reads as empty). */
const WASTE_GLITCH = 0.002;

const waste = defineKind({
  kind: 'waste',
  idPrefix: 'bin',
  profileId: 'waste-container',
  entityType: 'WasteContainer',
  labelKo: '음식물 수거함',
  labelEn: 'Food waste bin',
  share: 0.3,
  reportingIntervalSec: 600,
  profile: {
    name: '음식물 수거함 · Food waste container',
    attributes: [
      // Devices send percent; the entity holds the FIWARE WasteContainer fraction 0–1 (same mapping as
      // the fill-sensor profile of services/waste).
      {
        key: 'fill',
        attr: 'fillingLevel',
        type: 'number',
        unitCode: 'C62',
        scale: 0.01,
        min: 0,
        max: 1,
        required: true,
      },
      { key: 'temp', attr: 'temperature', type: 'number', unitCode: 'CEL', min: -40, max: 80 },
    ],
    dataClass: 'default',
  },
  init: (rng) => ({
    /**
     * Percent filled by a full day of waste, skewed: most bins take two to four days to fill, a few
     * busy ones fill in a day, and above 100 a bin overflows even when emptied daily.
     */
    dailyFill: 20 + 90 * rng() ** 2,
    /** Collection round: the truck passes between 05:00 and 05:50. */
    collectAt: 5 + uniform(rng, 0, 50) / 60,
    tempOffset: uniform(rng, 0.5, 3), // fermenting waste is a little warmer than the air
    site: ((x: number): WasteSite => (x < 0.7 ? 'residential' : x < 0.9 ? 'commercial' : 'park'))(rng()),
    /** Local hours of the last emptying reported by a truck; null: the fixed dawn round empties the bin. */
    emptiedAbs: null as number | null,
  }),
  // Trucks following a collection plan: the last fixed round stands as the last emptying until a truck comes.
  followReports: (s, t) => {
    s.emptiedAbs ??= Math.floor((t.abs - s.collectAt) / 24) * 24 + s.collectAt;
  },
  emptied: (s, t) => {
    s.emptiedAbs = t.abs;
  },
  reading: (s, t, rng) => {
    // Emptied when collected: the level counts from the last round of the truck.
    const lastCollection = s.emptiedAbs ?? Math.floor((t.abs - s.collectAt) / 24) * 24 + s.collectAt;
    const weekday = new Date(Math.floor(lastCollection / 24) * 86_400_000).getUTCDay();
    const factor = siteFactor(s.site, weekday === 0 || weekday === 6, t.doy);
    const fill =
      (s.dailyFill * factor * integrateHourly(WASTE, lastCollection, t.abs)) / dailyTotal(WASTE) +
      gaussian(rng) * 1.2;
    const glitch = rng() < WASTE_GLITCH;
    return {
      fill: glitch ? 0 : round(clamp(fill, 0, 100), 1),
      temp: round(ambientC(t) + s.tempOffset + gaussian(rng) * 0.3, 1),
    };
  },
});

/**
 * The true fill dynamics of a demo bin without noise: the fraction of the bin filled between two
 * instants (the same traits and daily rhythm its readings come from). Used by the month simulation of
 * collection policies, which empties the bins itself instead of the fixed 05:00 round.
 */
export function wasteGrowth(tenant: string, deviceId: string): (fromMs: number, toMs: number) => number {
  const s = waste.init(forkRng(`${tenant}/${deviceId}`, 'traits')) as { dailyFill: number; site: WasteSite };
  return (fromMs, toMs) => {
    const a = seoulTime(new Date(fromMs));
    const b = seoulTime(new Date(toMs));
    const factor = siteFactor(s.site, a.weekday === 0 || a.weekday === 6, a.doy);
    return (s.dailyFill * factor * integrateHourly(WASTE, a.abs, b.abs)) / dailyTotal(WASTE) / 100;
  };
}

// ---- Water meter ----------------------------------------------------------------------------------

/** Household water use per hour: little at night, morning peak (showers), evening peak (cooking, baths). */
const WATER = [
  0.1, 0.08, 0.06, 0.06, 0.1, 0.4, 1.2, 2.2, 1.8, 1.1, 0.9, 0.9, 1.0, 0.8, 0.7, 0.7, 0.8, 1.0, 1.4, 1.8, 1.8,
  1.6, 1.2, 0.6,
];

const water = defineKind({
  kind: 'water',
  idPrefix: 'wm',
  profileId: 'water-meter',
  entityType: 'WaterMeter',
  labelKo: '수도 계량기',
  labelEn: 'Water meter',
  share: 0.2,
  reportingIntervalSec: 900,
  profile: {
    name: '수도 계량기 · Water meter',
    attributes: [
      {
        key: 'vol',
        attr: 'volume',
        type: 'number',
        unitCode: 'MTQ',
        min: 0,
        max: 10_000_000,
        required: true,
      },
      { key: 'flow', attr: 'flowRate', type: 'number', unitCode: 'MQH', min: 0, max: 50 },
    ],
    dataClass: 'default',
  },
  init: (rng) => ({
    /** m³ per day: a household (≈ 0.3–0.8) or a small building (up to ≈ 5). */
    daily: rng() < 0.8 ? uniform(rng, 0.3, 0.8) : uniform(rng, 1, 5),
    /** Reading of the register at the meter epoch. */
    v0: round(uniform(rng, 50, 3000), 3),
    /** About 4 % of meters have a leak behind them: a constant flow that never stops at night. */
    leak: rng() < 0.04 ? uniform(rng, 0.01, 0.04) : 0,
  }),
  reading: (s, t, rng) => {
    const since = Math.max(0, t.abs - METER_EPOCH_ABS);
    const volume =
      s.v0 +
      (s.daily * integrateHourly(WATER, METER_EPOCH_ABS, METER_EPOCH_ABS + since)) / dailyTotal(WATER) +
      s.leak * since;
    const mean = (s.daily * hourlyAt(WATER, t.hour)) / dailyTotal(WATER);
    // Night: most households draw nothing at a given moment; only a leak keeps the meter turning.
    const idle = t.hour < 5 && rng() < 0.6;
    const use = idle ? 0 : mean * Math.exp(0.35 * gaussian(rng) - 0.06);
    return { vol: round(volume, 3), flow: round(clamp(use + s.leak, 0, 50), 4) };
  },
});

// ---- Air quality ----------------------------------------------------------------------------------

/**
 * City-wide background dust of a local day (weather, yellow dust in spring): a deterministic function of
 * the date so that every station sees the same bad-air days; interpolated through the day.
 */
function dustFactor(t: SeoulTime): number {
  const at = (day: number): number => {
    const doy = seoulTime(new Date(day * 86_400_000)).doy;
    const spring = doy >= 60 && doy <= 150 ? 1.3 : 1;
    return (0.55 + 1.5 * hash01(`dust/${day}`) ** 2) * spring;
  };
  const f = t.hour / 24;
  return at(t.day) * (1 - f) + at(t.day + 1) * f;
}

const air = defineKind({
  kind: 'air',
  idPrefix: 'aq',
  profileId: 'air-quality',
  entityType: 'AirQualityObserved',
  labelKo: '대기질 측정기',
  labelEn: 'Air quality sensor',
  share: 0.06,
  reportingIntervalSec: 300,
  profile: {
    name: '대기질 측정기 · Air quality sensor',
    attributes: [
      { key: 'pm10', attr: 'pm10', type: 'integer', unitCode: 'GQ', min: 0, max: 1000, required: true },
      { key: 'pm25', attr: 'pm25', type: 'integer', unitCode: 'GQ', min: 0, max: 1000, required: true },
      { key: 'temp', attr: 'temperature', type: 'number', unitCode: 'CEL', min: -40, max: 60 },
      { key: 'hum', attr: 'relativeHumidity', type: 'number', unitCode: 'P1', min: 0, max: 100 },
    ],
    dataClass: 'default',
  },
  init: (rng) => ({
    /** Local level: a station by a main road sees more than one in a park. */
    base: uniform(rng, 22, 42),
    /** PM2.5 / PM10 ratio. */
    ratio: uniform(rng, 0.45, 0.65),
    tempOffset: uniform(rng, -0.8, 0.8),
  }),
  reading: (s, t, rng) => {
    // Traffic adds to a background rather than scaling everything: nights are cleaner, not clean.
    const traffic = 0.6 + 0.4 * hourlyAt(TRAFFIC, t.hour);
    const pm10 = clamp(s.base * dustFactor(t) * traffic * Math.exp(0.12 * gaussian(rng)), 1, 1000);
    const pm25 = clamp(pm10 * s.ratio * Math.exp(0.08 * gaussian(rng)), 1, pm10);
    const temp = ambientC(t) + s.tempOffset + gaussian(rng) * 0.3;
    const summer = Math.max(0, Math.sin((2 * Math.PI * (t.doy - 105)) / 365)); // humid monsoon season
    const diurnal = 4.5 * Math.cos((2 * Math.PI * (t.hour - 15)) / 24);
    const hum = 62 + 18 * summer - 3 * diurnal + gaussian(rng) * 3;
    return {
      pm10: Math.round(pm10),
      pm25: Math.round(pm25),
      temp: round(temp, 1),
      hum: round(clamp(hum, 10, 100), 1),
    };
  },
});

// ---- Smoke detector -------------------------------------------------------------------------------

const smoke = defineKind({
  kind: 'smoke',
  idPrefix: 'smk',
  profileId: 'smoke-detector',
  entityType: 'SmokeDetector',
  labelKo: '화재 감지기',
  labelEn: 'Smoke detector',
  share: 0.12,
  reportingIntervalSec: 3600,
  profile: {
    name: '화재 감지기 · Smoke detector',
    attributes: [
      { key: 'smoke', attr: 'smokeDetected', type: 'boolean', required: true },
      { key: 'bat', attr: 'batteryLevel', type: 'integer', unitCode: 'P1', min: 0, max: 100 },
      { key: 'temp', attr: 'temperature', type: 'number', unitCode: 'CEL', min: -20, max: 90 },
    ],
    dataClass: 'default',
  },
  init: (rng) => ({
    /** Battery drain, % per day: a 10-year lithium cell lasts 3–9 years in practice. */
    drain: uniform(rng, 0.03, 0.08),
    /** Where in its battery life the detector is (replaced when it reaches ≈ 5 %). */
    phase: rng(),
    tempOffset: uniform(rng, -1.5, 1.5),
  }),
  reading: (s, t, rng) => {
    const life = 95 / s.drain; // days from 100 % to 5 %
    const days = t.abs / 24 + s.phase * life;
    const bat = 100 - s.drain * (days % life);
    // Indoors: heating in winter, air conditioning in summer keep it near 22 °C.
    const indoor = 22 + 0.25 * (ambientC(t) - 12) + s.tempOffset + gaussian(rng) * 0.2;
    return { smoke: rng() < 0.0002, bat: Math.round(clamp(bat, 0, 100)), temp: round(indoor, 1) };
  },
});

// ---- Tilt sensor on heritage structures -----------------------------------------------------------

const tilt = defineKind({
  kind: 'tilt',
  idPrefix: 'tilt',
  profileId: 'tilt-sensor',
  entityType: 'TiltSensor',
  labelKo: '문화재 기울기 센서',
  labelEn: 'Heritage tilt sensor',
  share: 0.03,
  reportingIntervalSec: 600,
  profile: {
    name: '문화재 기울기 센서 · Heritage tilt sensor',
    attributes: [
      { key: 'tiltX', attr: 'tiltX', type: 'number', unitCode: 'DD', min: -10, max: 10, required: true },
      { key: 'tiltY', attr: 'tiltY', type: 'number', unitCode: 'DD', min: -10, max: 10, required: true },
      { key: 'vib', attr: 'vibration', type: 'number', unitCode: 'C16', min: 0, max: 100 },
    ],
    dataClass: 'default',
  },
  init: (rng) => ({
    /** The structure's existing lean at installation. */
    x0: uniform(rng, -0.6, 0.6),
    y0: uniform(rng, -0.6, 0.6),
  }),
  reading: (s, t, rng) => {
    // Stone expands in the afternoon sun: a few thousandths of a degree, then sensor noise.
    const thermal = 0.004 * Math.cos((2 * Math.PI * (t.hour - 15)) / 24);
    const traffic = hourlyAt(TRAFFIC, t.hour);
    // Peak particle velocity: road traffic nearby, and now and then a heavy truck.
    const vib =
      rng() < 0.003 ? uniform(rng, 1, 6) : (0.03 + 0.12 * traffic) * Math.abs(1 + 0.3 * gaussian(rng));
    return {
      tiltX: round(s.x0 + thermal + gaussian(rng) * 0.001, 4),
      tiltY: round(s.y0 + 0.5 * thermal + gaussian(rng) * 0.001, 4),
      vib: round(clamp(vib, 0, 100), 3),
    };
  },
});

// ---- Street light ---------------------------------------------------------------------------------

/** Dimmed to this share of the rated power after midnight until 05:00. */
const DIM = 0.5;
const DIM_UNTIL = 5;
/** Photocells switch a little after sunset and before sunrise. */
const SWITCH_DELAY_H = 0.2;

function lightSegments(doy: number): { on: [number, number][] } {
  const { sunrise, sunset } = sunTimes(doy);
  return {
    on: [
      [0, sunrise - SWITCH_DELAY_H],
      [sunset + SWITCH_DELAY_H, 24],
    ],
  };
}

const overlap = (a: number, b: number, c: number, d: number): number =>
  Math.max(0, Math.min(b, d) - Math.max(a, c));

/** Rated-power hours from local midnight to `hour` on a day (dimmed hours count DIM). */
function ratedHours(doy: number, hour: number): number {
  let h = 0;
  for (const [a, b] of lightSegments(doy).on) {
    const lit = overlap(a, b, 0, hour);
    const dimmed = overlap(a, b, 0, Math.min(hour, DIM_UNTIL));
    h += lit - (1 - DIM) * dimmed;
  }
  return h;
}

interface LightState {
  watts: number;
  e0: number;
  /** A burnt-out lamp: dark at night, draws nothing (what maintenance should notice). */
  broken: boolean;
  /** Energy at the start of cacheDay: cumulative sums are extended, not recomputed from the epoch. */
  cacheDay: number;
  cacheKwh: number;
}

const METER_EPOCH_DAY = METER_EPOCH_ABS / 24;

function lightEnergyKwh(s: LightState, t: SeoulTime): number {
  if (s.broken) return s.e0;
  if (t.day < s.cacheDay || s.cacheDay < METER_EPOCH_DAY) {
    s.cacheDay = METER_EPOCH_DAY;
    s.cacheKwh = s.e0;
  }
  while (s.cacheDay < t.day) {
    s.cacheKwh += (s.watts * ratedHours(seoulTime(new Date(s.cacheDay * 86_400_000)).doy, 24)) / 1000;
    s.cacheDay++;
  }
  return t.day < METER_EPOCH_DAY ? s.e0 : s.cacheKwh + (s.watts * ratedHours(t.doy, t.hour)) / 1000;
}

const light = defineKind({
  kind: 'light',
  idPrefix: 'sl',
  profileId: 'street-light',
  entityType: 'Streetlight',
  labelKo: '가로등',
  labelEn: 'Street light',
  share: 0.15,
  reportingIntervalSec: 900,
  profile: {
    name: '가로등 · Street light',
    attributes: [
      { key: 'on', attr: 'lampOn', type: 'boolean', required: true },
      { key: 'w', attr: 'powerConsumption', type: 'number', unitCode: 'WTT', min: 0, max: 1000 },
      { key: 'kwh', attr: 'energyConsumed', type: 'number', unitCode: 'KWH', min: 0, max: 10_000_000 },
    ],
    dataClass: 'default',
  },
  init: (rng): LightState => {
    const e0 = round(uniform(rng, 0, 500), 3);
    return {
      watts: Math.round(uniform(rng, 60, 200)),
      e0,
      broken: rng() < 0.02,
      cacheDay: METER_EPOCH_DAY,
      cacheKwh: e0,
    };
  },
  reading: (s, t, rng) => {
    const lit = !s.broken && lightSegments(t.doy).on.some(([a, b]) => t.hour >= a && t.hour < b);
    const level = t.hour < DIM_UNTIL ? DIM : 1;
    const w = lit ? s.watts * level * (1 + 0.02 * gaussian(rng)) : 0;
    return { on: lit, w: round(clamp(w, 0, 1000), 1), kwh: round(lightEnergyKwh(s, t), 3) };
  },
});

// ---- Parking spot ---------------------------------------------------------------------------------

/** Chance a spot is taken, by hour: residential streets fill at night, shopping streets by day. */
const PARK_RESIDENTIAL = [
  0.92, 0.93, 0.93, 0.93, 0.92, 0.9, 0.85, 0.7, 0.55, 0.45, 0.42, 0.42, 0.45, 0.45, 0.42, 0.42, 0.45, 0.55,
  0.7, 0.8, 0.86, 0.9, 0.91, 0.92,
];
const PARK_COMMERCIAL = [
  0.15, 0.1, 0.08, 0.08, 0.08, 0.1, 0.15, 0.3, 0.55, 0.7, 0.8, 0.85, 0.92, 0.9, 0.82, 0.8, 0.82, 0.85, 0.9,
  0.9, 0.8, 0.6, 0.4, 0.25,
];

const parking = defineKind({
  kind: 'parking',
  idPrefix: 'pk',
  profileId: 'parking-spot',
  entityType: 'ParkingSpot',
  labelKo: '주차면',
  labelEn: 'Parking spot',
  share: 0.14,
  reportingIntervalSec: 300,
  profile: {
    name: '주차면 센서 · Parking spot sensor',
    attributes: [{ key: 'occ', attr: 'occupied', type: 'boolean', required: true }],
    dataClass: 'default',
  },
  init: (rng): { commercial: boolean; occupied?: boolean } => ({ commercial: rng() < 0.4 }),
  reading: (s, t, rng) => {
    const p = hourlyAt(s.commercial ? PARK_COMMERCIAL : PARK_RESIDENTIAL, t.hour);
    // A two-state chain whose stationary share is p: cars stay a while instead of flickering.
    const q = 0.35;
    if (s.occupied === undefined) s.occupied = rng() < p;
    else if (s.occupied) s.occupied = !(rng() < q * (1 - p));
    else s.occupied = rng() < q * p;
    return { occ: s.occupied };
  },
});

// ---- Catalogue --------------------------------------------------------------------------------------

export const KINDS: readonly SimKind[] = [waste, water, air, smoke, tilt, light, parking];

export function kindOf(name: string): SimKind {
  const k = KINDS.find((x) => x.kind === name);
  if (!k) throw new Error(`unknown simulated device kind '${name}'`);
  return k;
}

export const isKindName = (s: string): s is KindName => KINDS.some((k) => k.kind === s);

/** The payload a device publishes: its reading plus `ts`. */
export function payloadOf(kind: SimKind, state: SimState, at: Date, rng: Rng): SimPayload {
  return { ts: at.toISOString(), ...kind.reading(state, at, rng) };
}

/** Deterministic state of a device: its traits derive from tenant and id only. */
export const initialState = (kind: SimKind, tenant: string, deviceId: string): SimState =>
  kind.init(forkRng(`${tenant}/${deviceId}`, 'traits'));
