// Provisioning a demo city plan into a device registry: profiles first, then devices, collecting each
// device's MQTT secret for the simulator. Written against a small port so that it runs both in-process
// (the device service) and remotely (the HTTP API, `httpRegistry`).
import type { Device } from '../devices/types.ts';
import { isDosiError } from '../kernel/index.ts';
import type { ProfileInput } from './kinds.ts';
import type { DemoCityPlan } from './plan.ts';
import type { SimDevice } from './simulator.ts';

/** What a device registry must offer for provisioning. */
export type NewDeviceInput = Pick<Device, 'id' | 'profileId'> & Partial<Pick<Device, 'name' | 'location'>>;

export interface ProvisioningPort {
  /** Creates a profile (profile.tenant is the tenant). Throws a conflict error when it exists. */
  createProfile(profile: ProfileInput): Promise<unknown>;
  /** Creates a device and returns its secret (shown once). Throws a conflict error when it exists. */
  createDevice(tenant: string, device: NewDeviceInput): Promise<{ secret: string }>;
  /** Issues a new secret for an existing device (the old one stops working). */
  rotateSecret(tenant: string, deviceId: string): Promise<{ secret: string }>;
  /** "Already exists"; default: a DosiError with status 409. */
  isConflict?(err: unknown): boolean;
}

export interface ProvisionResult {
  devices: SimDevice[];
  profilesCreated: number;
  devicesCreated: number;
  /** Devices that existed already (their secret was rotated). */
  devicesReused: number;
}

export interface ProvisionOptions {
  /** Parallel requests (default 8). */
  concurrency?: number;
  /** Called after each device (progress bars). */
  onDevice?: (done: number, total: number) => void;
}

/** Runs fn over items with at most `n` in flight, keeping the order of results. */
async function mapPool<T, R>(items: readonly T[], n: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(n, items.length)) }, worker));
  return out;
}

/**
 * Creates the plan's profiles and devices; existing ones are reused (a device's secret is rotated, since
 * secrets are only ever shown once). Idempotent: running it again yields the same devices, new secrets.
 */
export async function provisionDemoCity(
  registry: ProvisioningPort,
  plan: DemoCityPlan,
  opts: ProvisionOptions = {},
): Promise<ProvisionResult> {
  const conflict = (err: unknown): boolean =>
    registry.isConflict ? registry.isConflict(err) : isDosiError(err) && err.status === 409;
  let profilesCreated = 0;
  let devicesCreated = 0;
  let devicesReused = 0;
  let done = 0;

  for (const profile of plan.profiles) {
    try {
      await registry.createProfile(profile);
      profilesCreated++;
    } catch (err) {
      if (!conflict(err)) throw err;
    }
  }

  const devices = await mapPool(plan.devices, opts.concurrency ?? 8, async (d): Promise<SimDevice> => {
    let secret: string;
    try {
      ({ secret } = await registry.createDevice(plan.tenant, {
        id: d.id,
        profileId: d.profileId,
        name: d.name,
        location: d.location,
      }));
      devicesCreated++;
    } catch (err) {
      if (!conflict(err)) throw err;
      ({ secret } = await registry.rotateSecret(plan.tenant, d.id));
      devicesReused++;
    }
    opts.onDevice?.(++done, plan.devices.length);
    return { tenant: plan.tenant, id: d.id, secret, kind: d.kind, location: d.location };
  });

  return { devices, profilesCreated, devicesCreated, devicesReused };
}

// ---- Over HTTP ------------------------------------------------------------------------------------

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export interface HttpRegistryOptions {
  /** Base URL of a dosi, e.g. http://localhost:3000 */
  url: string;
  /** Bearer token (a user token or an API key with device management rights); none with auth=none. */
  token?: string;
  tenant: string;
  http?: FetchLike;
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    what: string,
  ) {
    super(`${what}: HTTP ${status} ${body.slice(0, 300)}`);
    this.name = 'HttpError';
  }
}

/** The provisioning port over dosi's device API (POST /api/v1/device-profiles, /api/v1/devices…). */
export function httpRegistry(o: HttpRegistryOptions): ProvisioningPort {
  const http = o.http ?? ((url, init) => fetch(url, init));
  const base = o.url.replace(/\/+$/, '');
  const headers = {
    'content-type': 'application/json',
    accept: 'application/json',
    'NGSILD-Tenant': o.tenant,
    ...(o.token ? { authorization: `Bearer ${o.token}` } : {}),
  };

  async function post(path: string, body: unknown, what: string): Promise<unknown> {
    const res = await http(base + path, { method: 'POST', headers, body: JSON.stringify(body) });
    const text = await res.text();
    if (!res.ok) throw new HttpError(res.status, text, what);
    return text ? (JSON.parse(text) as unknown) : undefined;
  }

  const secretOf = (body: unknown, what: string): { secret: string } => {
    const secret = (body as { secret?: unknown } | undefined)?.secret;
    if (typeof secret !== 'string') throw new Error(`${what}: the response carries no secret`);
    return { secret };
  };

  return {
    async createProfile(profile) {
      // The tenant is the request's (token / NGSILD-Tenant), not part of the body.
      const { tenant: _tenant, ...body } = profile;
      return post('/api/v1/device-profiles', body, `create profile ${profile.id}`);
    },
    async createDevice(_tenant, device) {
      return secretOf(await post('/api/v1/devices', device, `create device ${device.id}`), device.id);
    },
    async rotateSecret(_tenant, id) {
      return secretOf(
        await post(`/api/v1/devices/${encodeURIComponent(id)}/secret`, {}, `rotate secret of ${id}`),
        id,
      );
    },
    isConflict: (err) => err instanceof HttpError && err.status === 409,
  };
}
