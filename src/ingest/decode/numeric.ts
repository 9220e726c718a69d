// Number hygiene for scaled readings: binary floating point turns 3 × 0.1 into 0.30000000000000004 and
// a float32 21.3 into 21.299999237060547; stored values should read the way the device meant them.

/**
 * Significant decimal digits kept, relative to the largest term of the computation. One multiplication
 * and one addition err by at most ~2e-16 of that term, far below the 1e-14 quantum kept here, while
 * every digit a sensor can report survives.
 */
const KEEP_DIGITS = 14;

/**
 * Rounds away floating-point noise of a computation whose largest term had magnitude `magnitude`.
 * Relative to the terms, not to the result, so that 273.1 − 273.1 gives 0 and not 5.7e-14.
 */
export function roundNoise(x: number, magnitude: number): number {
  if (x === 0 || !Number.isFinite(x) || !(magnitude > 0) || !Number.isFinite(magnitude)) return x;
  const exp = Math.floor(Math.log10(magnitude)) - (KEEP_DIGITS - 1);
  let r: number;
  if (exp >= 0) {
    const q = 10 ** exp;
    r = Math.round(x / q) * q;
  } else if (exp >= -300) {
    // Dividing by an exact power of ten gives the double nearest the decimal; multiplying by 1e-n would not.
    const p = 10 ** -exp;
    r = Math.round(x * p) / p;
  } else {
    return x;
  }
  return r === 0 ? 0 : r; // no -0 in stored values
}

/** stored = raw × scale + offset, with the noise of both operations rounded away. */
export function scaleValue(raw: number, scale: number, offset: number): number {
  if (scale === 1 && offset === 0) return raw;
  const product = raw * scale;
  const sum = product + offset;
  // An integer result below 2^53 is exact (counters × 10, + 1000): nothing to round.
  if (Number.isSafeInteger(sum)) return sum;
  return roundNoise(sum, Math.max(Math.abs(product), Math.abs(offset)));
}

/**
 * The shortest decimal that reads back as the same float32: 21.3 for the float32 nearest 21.3, so a
 * sensor's "21.3" is stored as 21.3 and not 21.299999237060547. Exact: nothing that the float32 could
 * distinguish is lost.
 */
export function shortestFloat32(v: number): number {
  if (!Number.isFinite(v) || v === 0) return v === 0 ? 0 : v;
  for (let p = 1; p < 9; p++) {
    const d = Number(v.toPrecision(p));
    if (Math.fround(d) === v) return d;
  }
  return v; // 9 significant digits always round-trip a float32
}
