// What the waste service needs from the core, as narrow ports the composition root fills from the
// core modules' public interfaces (devices, context, rules, alarms). The service imports no other service.
import type { DeviceProfile } from '../../devices/index.ts';
import type { Alarm } from '../../rules/index.ts';

export interface DevicesPort {
  resolve(
    tenant: string,
    deviceId: string,
  ): Promise<{ device: { name?: string; location?: [number, number] } } | undefined>;
  listProfiles(tenant: string): Promise<DeviceProfile[]>;
  createProfile(tenant: string, profile: unknown): Promise<DeviceProfile>;
}

export interface ContextPort {
  /** Appends or overwrites attributes of an entity (NGSI-LD normalized, core @context terms). */
  setAttrs(tenant: string, entityId: string, attrs: Record<string, unknown>): Promise<void>;
}

export interface RulesPort {
  /** Current rules of the tenant (the service looks for its own by subCategory). */
  list(tenant: string): Promise<{ id: string; subCategory?: string }[]>;
  create(tenant: string, body: unknown, by: string): Promise<{ id: string }>;
}

export interface AlarmsPort {
  list(
    tenant: string,
    f: { category?: string[]; since?: string; until?: string; limit: number; offset: number },
  ): Promise<{ alarms: Alarm[]; total: number }>;
}

/** A route solver (src/vrp in the server, run in a worker thread): points in metres, node 0 the depot. */
export interface RouteSolverPort {
  solve(p: {
    points: { x: number; y: number }[];
    demands: number[];
    capacity: number;
    maxVehicles: number;
    /** Road distance = straight line × this factor. */
    detourFactor: number;
    timeLimitMs: number;
    seed: number;
  }): Promise<{ routes: number[][]; cost: number; elapsedMs: number }>;
}

/** The true fill of simulated bins (the demo city's generator), for the month simulation. */
export interface CityTruthPort {
  /** Fraction of the bin filled between two instants, or undefined for a bin that is not simulated. */
  growthOf(tenant: string, deviceId: string): ((fromMs: number, toMs: number) => number) | undefined;
}
