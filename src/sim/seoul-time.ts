// Local time of the demo city (Asia/Seoul, UTC+9 all year: Korea has no daylight saving time), the
// shared daily curves the device generators build on, and integrals of hourly profiles (for cumulative
// meters whose value must be a function of time alone).

const HOUR_MS = 3_600_000;
const SEOUL_OFFSET_H = 9;

export interface SeoulTime {
  /** Days since 1970-01-01 in local (Seoul) dates. */
  day: number;
  /** Local hour of day, fractional, [0, 24). */
  hour: number;
  /** Local hours since 1970-01-01T00:00 Seoul (continuous). */
  abs: number;
  /** Day of the year, 1–366. */
  doy: number;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
}

export function seoulTime(at: Date): SeoulTime {
  const abs = at.getTime() / HOUR_MS + SEOUL_OFFSET_H;
  const day = Math.floor(abs / 24);
  const date = new Date(day * 24 * HOUR_MS);
  const doy = Math.floor((date.getTime() - Date.UTC(date.getUTCFullYear(), 0, 1)) / (24 * HOUR_MS)) + 1;
  return { day, hour: abs - day * 24, abs, doy, weekday: date.getUTCDay() };
}

/** Local hours since 1970 of a Seoul wall-clock date (for epochs of cumulative meters). */
export const seoulAbsHours = (y: number, m: number, d: number): number => Date.UTC(y, m - 1, d) / HOUR_MS; // midnight local = abs 24·day exactly

/**
 * Mean outdoor temperature in Hanam: seasonal mean (≈ −2 °C mid-January, ≈ 26 °C late July) plus a
 * diurnal swing peaking around 15:00.
 */
export function ambientC(t: SeoulTime): number {
  const seasonal = 12 - 14 * Math.cos((2 * Math.PI * (t.doy - 15)) / 365);
  return seasonal + 4.5 * Math.cos((2 * Math.PI * (t.hour - 15)) / 24);
}

/** Relative road traffic by hour: morning (07–09) and evening (18–20) peaks. */
export const TRAFFIC = [
  0.35, 0.25, 0.2, 0.2, 0.3, 0.55, 0.85, 1.5, 1.7, 1.3, 1.0, 1.0, 1.05, 1.0, 1.0, 1.05, 1.15, 1.35, 1.65,
  1.55, 1.2, 0.95, 0.75, 0.5,
] as const;

export const hourlyAt = (w: readonly number[], hour: number): number => w[Math.floor(hour) % 24] ?? 0;

const sum = (w: readonly number[]): number => w.reduce((a, b) => a + b, 0);

/** ∫ of an hourly step profile from local-hours-since-1970 `from` to `to` (from ≤ to). */
export function integrateHourly(w: readonly number[], from: number, to: number): number {
  const total = sum(w);
  const F = (x: number): number => {
    const day = Math.floor(x / 24);
    const h = x - day * 24;
    let acc = day * total;
    const whole = Math.floor(h);
    for (let i = 0; i < whole; i++) acc += w[i] ?? 0;
    return acc + (h - whole) * (w[whole] ?? 0);
  };
  return F(to) - F(from);
}

/** Daily integral of an hourly profile. */
export const dailyTotal = sum;

/**
 * Approximate sunrise and sunset (local hours) in Hanam (37.54° N, 127.2° E): solar declination model,
 * solar noon ≈ 12:31 KST because the city lies 7.8° west of the 135° E zone meridian. Good to ~15 min.
 */
export function sunTimes(doy: number): { sunrise: number; sunset: number } {
  const lat = (37.54 * Math.PI) / 180;
  const decl = ((23.44 * Math.PI) / 180) * Math.sin((2 * Math.PI * (284 + doy)) / 365);
  // −0.833°: refraction and the sun's radius.
  const cosH =
    (Math.sin((-0.833 * Math.PI) / 180) - Math.sin(lat) * Math.sin(decl)) / (Math.cos(lat) * Math.cos(decl));
  const halfDay = (Math.acos(Math.max(-1, Math.min(1, cosH))) * 180) / Math.PI / 15;
  const noon = 12 + (135 - 127.2) / 15;
  return { sunrise: noon - halfDay, sunset: noon + halfDay };
}
