// The WasteContainer `status` a bin shows, derived from what its sensor reports. Order matters: a
// burning bin is reported as burning even if it also fell over.
import type { BinStatus } from './types.ts';

/** °C from which a bin is taken to be burning (also the fire rule's threshold). */
export const FIRE_CELSIUS = 60;
/** Degrees of tilt from which a bin is taken to have been dropped. */
export const DROPPED_DEGREES = 45;

export interface SensorFlags {
  temperature?: number;
  tiltAngle?: number;
  lidOpen?: number;
  status?: string;
}

export function deriveStatus(f: SensorFlags): BinStatus {
  if (f.temperature !== undefined && f.temperature >= FIRE_CELSIUS) return 'burning';
  if (f.tiltAngle !== undefined && f.tiltAngle >= DROPPED_DEGREES) return 'dropped';
  if (f.lidOpen !== undefined && f.lidOpen >= 1) return 'lidOpen';
  if (f.status === 'moved' || f.status === 'door_opened') return f.status;
  return 'ok';
}
