// Use cases of the device registry: profiles, devices and their credentials, CSV import, the
// mosquitto export, and the lookups of the ingestion hot path (resolve/authenticate, cached).
import { createHash, timingSafeEqual } from 'node:crypto';
import { DosiError, E, isDosiError, type Clock, type Logger } from '../kernel/index.ts';
import type { Db, Queryable } from '../storage/index.ts';
import type { TermMapper } from '../context/index.ts';
import { createContextResolver } from '../context/jsonld/index.ts';
import { BoundedMap, TtlCache } from './cache.ts';
import { CsvSyntaxError, parseCsv } from './csv.ts';
import {
  checkLocation,
  checkName,
  checkNewDevice,
  checkProfileRef,
  defaultEntityId,
  normalizeDevEui,
  type DevicePatch,
  type NewDevice,
} from './device-input.ts';
import { deviceErrors } from './errors.ts';
import { mosquittoAclFile, mosquittoPasswordFile } from './mosquitto.ts';
import { validateProfile } from './profile.ts';
import {
  countDevicesOfEntity,
  deleteDeviceRow,
  deleteProfileRow,
  insertDevice,
  insertProfile,
  markSeenRows,
  profileUsage,
  publicDevice,
  selectCredentials,
  selectDevice,
  selectDeviceIdByEui,
  selectDevices,
  selectProfile,
  selectProfiles,
  selectResolved,
  setSecretHash,
  updateDeviceRow,
  updateProfileRow,
  type DeviceRecord,
  type SeenTransition,
} from './repository.ts';
import { DUMMY_HASH, hashDeviceSecret, newDeviceSecret, verifyDeviceSecret } from './secrets.ts';
import { DEVICE_ID_RE, type Device, type DeviceProfile } from './types.ts';

/** What the registry needs of the context broker (ContextService satisfies it). */
export interface DeviceContextPort {
  createEntity(tenant: string, body: unknown, terms: TermMapper): Promise<unknown>;
  deleteEntity(tenant: string, id: string): Promise<void>;
  exists(tenant: string, ids: readonly string[]): Promise<Set<string>>;
  /** When present, name/location changes of a device are written to its entity too. */
  appendAttrs?(
    tenant: string,
    id: string,
    body: unknown,
    terms: TermMapper,
    noOverwrite: boolean,
  ): Promise<unknown>;
}

export interface DeviceServiceDeps {
  db: Db;
  clock: Clock;
  log: Logger;
  context: DeviceContextPort;
  /** Terms for the entities the registry writes; default: the NGSI-LD core context alone. */
  terms?: TermMapper;
  /** How long a lookup is trusted (default 5000 ms): the delay before other processes' changes show. */
  cacheTtlMs?: number;
  /** Entries kept by each cache (default 100 000). */
  cacheMaxEntries?: number;
}

export interface ResolvedDevice {
  device: Device;
  profile: DeviceProfile;
}

export interface DeviceListOptions {
  profileId?: string;
  online?: boolean;
  limit?: number;
  offset?: number;
}

export interface CsvImportResult {
  created: { id: string; secret: string }[];
  errors: { line: number; message: string }[];
}

export type ImportProgress = (done: number, total: number) => void;

export const DEFAULT_PAGE = 100;
export const MAX_PAGE = 1000;
export const MAX_IMPORT_ROWS = 10_000;
const CSV_COLUMNS = ['id', 'profile', 'name', 'lon', 'lat', 'deveui'] as const;
type CsvColumn = (typeof CSV_COLUMNS)[number];

interface CachedDevice {
  pub: ResolvedDevice;
  secretHash: string;
}

const deviceKey = (tenant: string, id: string) => `d\u0000${tenant}\u0000${id}`;
const euiKey = (tenant: string, eui: string) => `e\u0000${tenant}\u0000${eui}`;
const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest();

function deepFreeze<T>(o: T): T {
  if (typeof o === 'object' && o !== null && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}

/** The NGSI-LD entity of a new device (normalised form; terms of the core context). */
function entityBody(id: string, type: string, deviceId: string, d: NewDevice): Record<string, unknown> {
  return {
    id,
    type,
    deviceId: { type: 'Property', value: deviceId },
    ...(d.name !== undefined ? { name: { type: 'Property', value: d.name } } : {}),
    ...(d.location !== undefined
      ? { location: { type: 'GeoProperty', value: { type: 'Point', coordinates: d.location } } }
      : {}),
  };
}

/** Shared by the service and the heartbeat monitor (which has no service). */
export function markSeen(
  q: Queryable,
  seen: readonly { tenant: string; id: string; at: string }[],
): Promise<SeenTransition[]> {
  return markSeenRows(q, seen);
}

export function createDeviceService(deps: DeviceServiceDeps) {
  const log = deps.log.child({ module: 'devices' });
  const db = deps.db;
  const now = () => deps.clock.now().toISOString();
  let terms = deps.terms;
  const termsOf = (): TermMapper => (terms ??= createContextResolver().core);
  const cacheOpts = {
    ttlMs: deps.cacheTtlMs ?? 5000,
    maxEntries: deps.cacheMaxEntries ?? 100_000,
    now: () => deps.clock.now().getTime(),
  };
  const lookups = new TtlCache<CachedDevice | undefined>(cacheOpts);
  /** device + current hash → SHA-256 of the secret that verified against it. */
  const verified = new BoundedMap<Buffer>(cacheOpts.maxEntries);

  const profileNotFound = (tenant: string, id: string) =>
    new DosiError(deviceErrors.PROFILE_NOT_FOUND, { tenant, id });
  const deviceNotFound = (tenant: string, id: string) =>
    new DosiError(deviceErrors.DEVICE_NOT_FOUND, { tenant, id });

  function forget(d: { tenant: string; id: string; devEui?: string }, ...euis: (string | undefined)[]) {
    const keys = [deviceKey(d.tenant, d.id)];
    for (const e of [d.devEui, ...euis]) if (e !== undefined) keys.push(euiKey(d.tenant, e));
    lookups.delete(...keys);
  }

  async function load(tenant: string, by: { id: string } | { devEui: string }) {
    const r = await selectResolved(db, tenant, by);
    if (!r) return undefined;
    const cached: CachedDevice = {
      pub: deepFreeze({ device: publicDevice(r.record), profile: r.profile }),
      secretHash: r.record.secretHash,
    };
    return cached;
  }

  const lookup = (tenant: string, id: string) =>
    DEVICE_ID_RE.test(id)
      ? lookups.get(deviceKey(tenant, id), () => load(tenant, { id }))
      : Promise.resolve(undefined);

  async function mustGetRecord(
    q: Queryable,
    tenant: string,
    id: string,
    lock = false,
  ): Promise<DeviceRecord> {
    const d = DEVICE_ID_RE.test(id) ? await selectDevice(q, tenant, id, lock) : undefined;
    if (!d) throw deviceNotFound(tenant, id);
    return d;
  }

  async function writeEntityAttrs(d: Device, attrs: Record<string, unknown>): Promise<void> {
    if (!deps.context.appendAttrs || Object.keys(attrs).length === 0) return;
    try {
      await deps.context.appendAttrs(d.tenant, d.entityId, attrs, termsOf(), false);
    } catch (err) {
      // The entity may have been deleted on purpose through the NGSI-LD API; the registry still works.
      if (isDosiError(err) && err.def === E.NGSI_NOT_FOUND) return;
      throw err;
    }
  }

  async function createDevice(
    tenant: string,
    input: NewDevice,
    profiles?: Map<string, DeviceProfile | undefined>,
  ): Promise<{ device: Device; secret: string }> {
    const v = checkNewDevice(input);
    let profile = profiles?.get(v.profileId);
    if (!profiles?.has(v.profileId)) {
      profile = await selectProfile(db, tenant, v.profileId);
      profiles?.set(v.profileId, profile);
    }
    if (!profile) throw profileNotFound(tenant, v.profileId);
    if (await selectDevice(db, tenant, v.id))
      throw new DosiError(deviceErrors.DEVICE_EXISTS, { tenant, id: v.id });
    if (v.devEui !== undefined) {
      const other = await selectDeviceIdByEui(db, tenant, v.devEui);
      if (other !== undefined)
        throw new DosiError(deviceErrors.DEVEUI_TAKEN, { tenant, devEui: v.devEui, other });
    }
    const entityId = v.entityId ?? defaultEntityId(profile.entityType, tenant, v.id);
    // The entity first: a device row never points at an entity that was never made. An existing
    // entity (installed assets imported earlier, or a device replaced in the field) is reused as is.
    let createdEntity = false;
    if (!(await deps.context.exists(tenant, [entityId])).has(entityId)) {
      try {
        await deps.context.createEntity(tenant, entityBody(entityId, profile.entityType, v.id, v), termsOf());
        createdEntity = true;
      } catch (err) {
        if (!(isDosiError(err) && err.def === E.NGSI_EXISTS)) throw err;
      }
    }
    const secret = newDeviceSecret();
    const rec: DeviceRecord = {
      tenant,
      id: v.id,
      profileId: profile.id,
      entityId,
      entityType: profile.entityType,
      ...(v.name !== undefined ? { name: v.name } : {}),
      ...(v.location !== undefined ? { location: v.location } : {}),
      ...(v.devEui !== undefined ? { devEui: v.devEui } : {}),
      online: false,
      disabled: false,
      createdAt: now(),
      secretHash: hashDeviceSecret(secret),
    };
    let outcome: Awaited<ReturnType<typeof insertDevice>>;
    try {
      outcome = await insertDevice(db, rec);
    } catch (err) {
      if (createdEntity) await deps.context.deleteEntity(tenant, entityId).catch(() => undefined);
      throw err;
    }
    if (outcome !== 'ok') {
      // Lost a race with another creation: undo our entity, report the conflict.
      if (createdEntity) await deps.context.deleteEntity(tenant, entityId).catch(() => undefined);
      if (outcome === 'exists') throw new DosiError(deviceErrors.DEVICE_EXISTS, { tenant, id: v.id });
      if (outcome === 'no_profile') throw profileNotFound(tenant, v.profileId);
      const other = (await selectDeviceIdByEui(db, tenant, v.devEui ?? '')) ?? '?';
      throw new DosiError(deviceErrors.DEVEUI_TAKEN, { tenant, devEui: v.devEui, other });
    }
    forget(rec);
    log.info({ tenant, device: rec.id, profile: rec.profileId, entity: entityId }, 'device created');
    return { device: publicDevice(rec), secret };
  }

  return {
    // ---- profiles ----

    async createProfile(tenant: string, input: unknown): Promise<DeviceProfile> {
      const p: DeviceProfile = { tenant, ...validateProfile(input), createdAt: now() };
      const r = await insertProfile(db, p);
      if (r === 'no_tenant') throw new DosiError(E.TENANT_UNKNOWN, { tenant });
      if (r === 'exists') throw new DosiError(deviceErrors.PROFILE_EXISTS, { tenant, id: p.id });
      log.info({ tenant, profile: p.id, entityType: p.entityType }, 'device profile created');
      return p;
    },

    async getProfile(tenant: string, id: string): Promise<DeviceProfile> {
      const p = await selectProfile(db, tenant, id);
      if (!p) throw profileNotFound(tenant, id);
      return p;
    },

    listProfiles(tenant: string): Promise<DeviceProfile[]> {
      return selectProfiles(db, tenant);
    },

    /** Replaces the profile. Its entity type is fixed once devices use it (their entities have it). */
    async updateProfile(tenant: string, id: string, input: unknown): Promise<DeviceProfile> {
      const body = typeof input === 'object' && input !== null && !Array.isArray(input) ? input : {};
      const given = (body as { id?: unknown }).id;
      if (given !== undefined && given !== id)
        throw new DosiError(deviceErrors.PROFILE_INVALID, {
          detail: `the body's id ${JSON.stringify(given)} differs from the profile id ${id} in the URL`,
        });
      const valid = validateProfile({ ...body, id });
      const updated = await db.tx(async (q) => {
        const before = await selectProfile(q, tenant, id, true);
        if (!before) throw profileNotFound(tenant, id);
        if (before.entityType !== valid.entityType) {
          const use = await profileUsage(q, tenant, id);
          if (use.count > 0)
            throw new DosiError(deviceErrors.PROFILE_IN_USE, {
              id,
              count: use.count,
              detail: `its devices' entities are of type ${before.entityType} (${use.sample.join(', ')}); create a new profile for type ${valid.entityType}`,
            });
        }
        const p: DeviceProfile = { tenant, ...valid, createdAt: before.createdAt };
        await updateProfileRow(q, p);
        return p;
      });
      lookups.clear(); // every device of the profile carries it
      log.info({ tenant, profile: id }, 'device profile updated');
      return updated;
    },

    async deleteProfile(tenant: string, id: string): Promise<void> {
      await db.tx(async (q) => {
        if (!(await selectProfile(q, tenant, id, true))) throw profileNotFound(tenant, id);
        const use = await profileUsage(q, tenant, id);
        if (use.count > 0)
          throw new DosiError(deviceErrors.PROFILE_IN_USE, {
            id,
            count: use.count,
            detail: `delete or move them first (${use.sample.join(', ')}${use.count > use.sample.length ? ', …' : ''})`,
          });
        // The profile row is locked: no device can be added to it before this commits.
        await deleteProfileRow(q, tenant, id);
      });
      lookups.clear();
      log.info({ tenant, profile: id }, 'device profile deleted');
    },

    // ---- devices ----

    /** The secret is returned here only; dosi keeps its PBKDF2 hash. */
    createDevice: (tenant: string, input: NewDevice) => createDevice(tenant, input),

    async getDevice(tenant: string, id: string): Promise<Device> {
      return publicDevice(await mustGetRecord(db, tenant, id));
    },

    async listDevices(
      tenant: string,
      opts: DeviceListOptions = {},
    ): Promise<{ devices: Device[]; total: number; limit: number; offset: number }> {
      const int = (v: number | undefined, d: number) =>
        v !== undefined && Number.isFinite(v) ? Math.trunc(v) : d;
      const limit = Math.min(Math.max(int(opts.limit, DEFAULT_PAGE), 0), MAX_PAGE);
      const offset = Math.max(int(opts.offset, 0), 0);
      const { devices, total } = await selectDevices(
        db,
        tenant,
        {
          ...(opts.profileId !== undefined ? { profileId: opts.profileId } : {}),
          ...(opts.online !== undefined ? { online: opts.online } : {}),
        },
        { limit, offset },
      );
      return { devices: devices.map(publicDevice), total, limit, offset };
    },

    async updateDevice(tenant: string, id: string, patch: DevicePatch): Promise<Device> {
      const { before, after } = await db.tx(async (q) => {
        const before = await mustGetRecord(q, tenant, id, true);
        const { name: _n, location: _l, devEui: _e, ...rest } = before;
        const after: DeviceRecord = { ...rest };
        const name =
          patch.name === undefined ? before.name : patch.name === null ? undefined : checkName(patch.name);
        if (name !== undefined) after.name = name;
        const loc =
          patch.location === undefined
            ? before.location
            : patch.location === null
              ? undefined
              : checkLocation(patch.location);
        if (loc !== undefined) after.location = loc;
        const eui =
          patch.devEui === undefined
            ? before.devEui
            : patch.devEui === null
              ? undefined
              : normalizeDevEui(patch.devEui);
        if (eui !== undefined) after.devEui = eui;
        if (patch.disabled !== undefined) {
          if (typeof patch.disabled !== 'boolean')
            throw new DosiError(deviceErrors.DEVICE_INVALID, { detail: 'disabled must be true or false' });
          after.disabled = patch.disabled;
        }
        if (patch.profileId !== undefined && patch.profileId !== before.profileId) {
          const p = await selectProfile(q, tenant, checkProfileRef(patch.profileId));
          if (!p) throw profileNotFound(tenant, patch.profileId);
          if (p.entityType !== before.entityType)
            throw new DosiError(deviceErrors.DEVICE_INVALID, {
              detail: `profile ${p.id} makes entities of type ${p.entityType}, but this device's entity ${before.entityId} is of type ${before.entityType}`,
            });
          after.profileId = p.id;
        }
        const r = await updateDeviceRow(q, after);
        if (r === 'gone') throw deviceNotFound(tenant, id);
        if (r === 'dev_eui')
          throw new DosiError(deviceErrors.DEVEUI_TAKEN, {
            tenant,
            devEui: after.devEui,
            other: (await selectDeviceIdByEui(q, tenant, after.devEui ?? '')) ?? '?',
          });
        return { before, after };
      });
      forget(after, before.devEui);
      const attrs: Record<string, unknown> = {};
      if (after.name !== undefined && after.name !== before.name)
        attrs.name = { type: 'Property', value: after.name };
      if (after.location !== undefined && String(after.location) !== String(before.location))
        attrs.location = { type: 'GeoProperty', value: { type: 'Point', coordinates: after.location } };
      await writeEntityAttrs(after, attrs);
      log.info({ tenant, device: id, changed: Object.keys(patch) }, 'device updated');
      return publicDevice(after);
    },

    /** Deletes the device and, unless kept or still used by another device, its entity. */
    async deleteDevice(tenant: string, id: string, opts: { keepEntity?: boolean } = {}): Promise<void> {
      const gone = DEVICE_ID_RE.test(id) ? await deleteDeviceRow(db, tenant, id) : undefined;
      if (!gone) throw deviceNotFound(tenant, id);
      forget(gone);
      if (!opts.keepEntity && (await countDevicesOfEntity(db, tenant, gone.entityId)) === 0) {
        try {
          await deps.context.deleteEntity(tenant, gone.entityId);
        } catch (err) {
          if (!(isDosiError(err) && err.def === E.NGSI_NOT_FOUND)) throw err;
        }
      }
      log.info({ tenant, device: id, keepEntity: opts.keepEntity === true }, 'device deleted');
    },

    /** A new secret; the old one stops working at once in this process, within the TTL elsewhere. */
    async rotateSecret(tenant: string, id: string): Promise<{ secret: string }> {
      const secret = newDeviceSecret();
      const d = await setSecretHash(db, tenant, id, hashDeviceSecret(secret));
      if (!d) throw deviceNotFound(tenant, id);
      forget(d);
      log.info({ tenant, device: id }, 'device secret rotated');
      return { secret };
    },

    /**
     * CSV with header `id,profile[,name,lon,lat,devEui]` (any order). Each row is created on its own:
     * a bad row is reported with its line number and the others go on.
     */
    async importCsv(tenant: string, csvText: string, onProgress?: ImportProgress): Promise<CsvImportResult> {
      let records;
      try {
        records = parseCsv(csvText);
      } catch (err) {
        if (err instanceof CsvSyntaxError)
          throw new DosiError(deviceErrors.CSV_INVALID, { detail: err.message });
        throw err;
      }
      const [header, ...rows] = records;
      if (!header) throw new DosiError(deviceErrors.CSV_INVALID, { detail: 'the file is empty' });
      const cols = csvColumns(header.fields);
      if (rows.length > MAX_IMPORT_ROWS)
        throw new DosiError(deviceErrors.CSV_INVALID, {
          detail: `${rows.length} rows; import at most ${MAX_IMPORT_ROWS} per file`,
        });
      const out: CsvImportResult = { created: [], errors: [] };
      const profiles = new Map<string, DeviceProfile | undefined>();
      let done = 0;
      onProgress?.(0, rows.length);
      for (const r of rows) {
        try {
          if (r.error !== undefined) throw new DosiError(deviceErrors.CSV_INVALID, { detail: r.error });
          if (r.fields.length > header.fields.length)
            throw new DosiError(deviceErrors.CSV_INVALID, {
              detail: `${r.fields.length} fields, but the header has ${header.fields.length}`,
            });
          const { device, secret } = await createDevice(tenant, csvRow(r.fields, cols), profiles);
          out.created.push({ id: device.id, secret });
        } catch (err) {
          if (!isDosiError(err) || err.status >= 500) throw err;
          out.errors.push({ line: r.line, message: err.message });
        }
        onProgress?.(++done, rows.length);
      }
      log.info(
        { tenant, created: out.created.length, failed: out.errors.length },
        'devices imported from CSV',
      );
      return out;
    },

    // ---- ingestion hot path ----

    /**
     * The device and its profile, from memory when looked up in the last few seconds. Disabled devices
     * are returned (with disabled: true); callers refuse their messages. The objects are frozen.
     * lastSeenAt/online may lag by the cache TTL.
     */
    async resolve(tenant: string, deviceId: string): Promise<ResolvedDevice | undefined> {
      return (await lookup(tenant, deviceId))?.pub;
    },

    async resolveByDevEui(tenant: string, devEui: string): Promise<ResolvedDevice | undefined> {
      let eui: string;
      try {
        eui = normalizeDevEui(devEui);
      } catch {
        return undefined;
      }
      const hit = await lookups.get(euiKey(tenant, eui), () => load(tenant, { devEui: eui }));
      return hit?.pub;
    },

    /**
     * Checks a device's secret. A successful check is remembered for the device's current hash, so
     * repeated connections cost one SHA-256 instead of PBKDF2; a rotated secret changes the hash and
     * with it the key. Unknown and disabled devices cost a PBKDF2 like known ones.
     */
    async authenticate(
      tenant: string,
      deviceId: string,
      secret: string,
    ): Promise<ResolvedDevice | 'unknown_device' | 'bad_credentials'> {
      const hit = await lookup(tenant, deviceId);
      if (!hit || hit.pub.device.disabled) {
        verifyDeviceSecret(secret, DUMMY_HASH);
        return 'unknown_device';
      }
      const key = `${tenant}\u0000${deviceId}\u0000${hit.secretHash}`;
      const digest = sha256(secret);
      const known = verified.get(key);
      if (known && timingSafeEqual(known, digest)) return hit.pub;
      if (!verifyDeviceSecret(secret, hit.secretHash)) return 'bad_credentials';
      verified.set(key, digest);
      return hit.pub;
    },

    /** See markSeen in this module: liveness for a batch, inside the caller's transaction. */
    markSeen,

    /** password_file and acl_file for an external Mosquitto: every enabled device of every tenant. */
    async exportMosquitto(
      ingestUser: string,
      ingestHash: string,
    ): Promise<{ passwd: string; acl: string; devices: number }> {
      const creds = await selectCredentials(db);
      return {
        passwd: mosquittoPasswordFile(creds, { username: ingestUser, hash: ingestHash }),
        acl: mosquittoAclFile(creds, ingestUser),
        devices: creds.length,
      };
    },

    /** Drops every cached lookup (tests, or after bulk SQL done by hand). */
    clearCache(): void {
      lookups.clear();
      verified.clear();
    },
  };
}

export type DeviceService = ReturnType<typeof createDeviceService>;

function csvColumns(header: string[]): Map<CsvColumn, number> {
  const cols = new Map<CsvColumn, number>();
  header.forEach((raw, i) => {
    const name = raw.trim().toLowerCase().replace(/[\s_]/g, '');
    const col = (name === 'profileid' ? 'profile' : name) as CsvColumn;
    if (!(CSV_COLUMNS as readonly string[]).includes(col))
      throw new DosiError(deviceErrors.CSV_INVALID, {
        detail: `unknown column ${JSON.stringify(raw)} in the header; columns: id,profile,name,lon,lat,devEui`,
      });
    if (cols.has(col))
      throw new DosiError(deviceErrors.CSV_INVALID, { detail: `column ${raw} appears twice in the header` });
    cols.set(col, i);
  });
  for (const need of ['id', 'profile'] as const)
    if (!cols.has(need))
      throw new DosiError(deviceErrors.CSV_INVALID, {
        detail: `the header lacks the column ${need} (header: id,profile,name,lon,lat,devEui)`,
      });
  if (cols.has('lon') !== cols.has('lat'))
    throw new DosiError(deviceErrors.CSV_INVALID, { detail: 'give both lon and lat columns, or neither' });
  return cols;
}

function csvRow(fields: string[], cols: Map<CsvColumn, number>): NewDevice {
  const get = (c: CsvColumn) => {
    const i = cols.get(c);
    return i === undefined ? '' : (fields[i] ?? '').trim();
  };
  const input: NewDevice = { id: get('id'), profileId: get('profile') };
  if (get('name') !== '') input.name = get('name');
  if (get('deveui') !== '') input.devEui = get('deveui');
  const [lon, lat] = [get('lon'), get('lat')];
  if (lon !== '' || lat !== '') {
    if (lon === '' || lat === '')
      throw new DosiError(deviceErrors.DEVICE_INVALID, { detail: 'give both lon and lat, or neither' });
    const num = (s: string, what: string) => {
      const n = Number(s);
      if (!Number.isFinite(n))
        throw new DosiError(deviceErrors.DEVICE_INVALID, {
          detail: `${what} ${JSON.stringify(s)} is not a number`,
        });
      return n;
    };
    input.location = [num(lon, 'lon'), num(lat, 'lat')];
  }
  if (input.id === '') throw new DosiError(deviceErrors.DEVICE_INVALID, { detail: 'the id is empty' });
  if (input.profileId === '')
    throw new DosiError(deviceErrors.DEVICE_INVALID, { detail: 'the profile is empty' });
  return input;
}
