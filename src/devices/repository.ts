// SQL of the device registry: profiles, devices, liveness. Rows become the types of types.ts here and
// nowhere else; the secret hash leaves this file only inside DeviceRecord (never in a Device).
import type { Queryable } from '../storage/index.ts';
import type { AttributeMapping, Codec, Device, DeviceProfile } from './types.ts';

/** A device with what only the registry may see. */
export interface DeviceRecord extends Device {
  secretHash: string;
}

interface ProfileRow {
  tenant: string;
  id: string;
  name: string;
  entity_type: string;
  attributes: AttributeMapping[];
  reporting_interval_sec: number;
  codec: Codec | null;
  data_class: string;
  created_at: string;
}

interface DeviceRow {
  tenant: string;
  id: string;
  profile_id: string;
  entity_id: string;
  entity_type: string;
  name: string | null;
  lon: number | null;
  lat: number | null;
  dev_eui: string | null;
  secret_hash: string;
  last_seen_at: string | null;
  online: boolean;
  disabled: boolean;
  created_at: string;
}

const PROFILE_COLS =
  'tenant, id, name, entity_type, attributes, reporting_interval_sec, codec, data_class, created_at';
const DEVICE_COLS =
  'tenant, id, profile_id, entity_id, entity_type, name, lon, lat, dev_eui, secret_hash, last_seen_at, online, disabled, created_at';

export function toProfile(r: ProfileRow): DeviceProfile {
  return {
    tenant: r.tenant,
    id: r.id,
    name: r.name,
    entityType: r.entity_type,
    attributes: r.attributes,
    reportingIntervalSec: r.reporting_interval_sec,
    ...(r.codec ? { codec: r.codec } : {}),
    dataClass: r.data_class === 'personal' ? 'personal' : 'default',
    createdAt: r.created_at,
  };
}

export function toRecord(r: DeviceRow): DeviceRecord {
  return {
    tenant: r.tenant,
    id: r.id,
    profileId: r.profile_id,
    entityId: r.entity_id,
    entityType: r.entity_type,
    ...(r.name !== null ? { name: r.name } : {}),
    ...(r.lon !== null && r.lat !== null ? { location: [r.lon, r.lat] as [number, number] } : {}),
    ...(r.dev_eui !== null ? { devEui: r.dev_eui } : {}),
    ...(r.last_seen_at !== null ? { lastSeenAt: r.last_seen_at } : {}),
    online: r.online,
    disabled: r.disabled,
    createdAt: r.created_at,
    secretHash: r.secret_hash,
  };
}

export function publicDevice(d: DeviceRecord): Device {
  const { secretHash: _omit, ...device } = d;
  return device;
}

// ---- profiles ----

/**
 * 'exists' when the id is taken, 'no_tenant' when the tenant does not exist. Written so that no
 * constraint error is raised: on embedded PGlite a failed parameterised statement ends the connection.
 */
export async function insertProfile(q: Queryable, p: DeviceProfile): Promise<'ok' | 'exists' | 'no_tenant'> {
  const res = await q.query(
    `INSERT INTO device_profiles (${PROFILE_COLS})
     SELECT $1, $2, $3, $4, $5::jsonb, $6, $7::jsonb, $8, $9
     WHERE EXISTS (SELECT 1 FROM tenants WHERE code = $1)
     ON CONFLICT (tenant, id) DO NOTHING`,
    [
      p.tenant,
      p.id,
      p.name,
      p.entityType,
      JSON.stringify(p.attributes),
      p.reportingIntervalSec,
      p.codec ? JSON.stringify(p.codec) : null,
      p.dataClass,
      p.createdAt,
    ],
  );
  if (res.rowCount > 0) return 'ok';
  return (await selectProfile(q, p.tenant, p.id)) ? 'exists' : 'no_tenant';
}

export async function selectProfile(
  q: Queryable,
  tenant: string,
  id: string,
  lock = false,
): Promise<DeviceProfile | undefined> {
  const row = (
    await q.query<ProfileRow>(
      `SELECT ${PROFILE_COLS} FROM device_profiles WHERE tenant = $1 AND id = $2${lock ? ' FOR UPDATE' : ''}`,
      [tenant, id],
    )
  ).rows[0];
  return row ? toProfile(row) : undefined;
}

export async function selectProfiles(q: Queryable, tenant: string): Promise<DeviceProfile[]> {
  return (
    await q.query<ProfileRow>(`SELECT ${PROFILE_COLS} FROM device_profiles WHERE tenant = $1 ORDER BY id`, [
      tenant,
    ])
  ).rows.map(toProfile);
}

export async function updateProfileRow(q: Queryable, p: DeviceProfile): Promise<boolean> {
  const res = await q.query(
    `UPDATE device_profiles SET name = $3, entity_type = $4, attributes = $5::jsonb,
       reporting_interval_sec = $6, codec = $7::jsonb, data_class = $8
     WHERE tenant = $1 AND id = $2`,
    [
      p.tenant,
      p.id,
      p.name,
      p.entityType,
      JSON.stringify(p.attributes),
      p.reportingIntervalSec,
      p.codec ? JSON.stringify(p.codec) : null,
      p.dataClass,
    ],
  );
  return res.rowCount > 0;
}

export async function deleteProfileRow(q: Queryable, tenant: string, id: string): Promise<boolean> {
  return (
    (await q.query('DELETE FROM device_profiles WHERE tenant = $1 AND id = $2', [tenant, id])).rowCount > 0
  );
}

/** How many devices use the profile, and a few of their ids for the error message. */
export async function profileUsage(
  q: Queryable,
  tenant: string,
  profileId: string,
): Promise<{ count: number; sample: string[] }> {
  const res = await q.query<{ id: string; total: number }>(
    `SELECT id, count(*) OVER ()::int AS total FROM devices WHERE tenant = $1 AND profile_id = $2 ORDER BY id LIMIT 5`,
    [tenant, profileId],
  );
  return { count: res.rows[0]?.total ?? 0, sample: res.rows.map((r) => r.id) };
}

// ---- devices ----

/**
 * 'exists' when the id is taken, 'dev_eui' when the DevEUI is (both are unique per tenant),
 * 'no_profile' when the profile vanished meanwhile. Raises no constraint error (see insertProfile).
 */
export async function insertDevice(
  q: Queryable,
  d: DeviceRecord,
): Promise<'ok' | 'exists' | 'dev_eui' | 'no_profile'> {
  const res = await q.query(
    `INSERT INTO devices (${DEVICE_COLS})
     SELECT $1, $2, $3, $4, $5, $6, $7::float8, $8::float8, $9, $10, $11::timestamptz, $12, $13, $14::timestamptz
     WHERE EXISTS (SELECT 1 FROM device_profiles WHERE tenant = $1 AND id = $3)
     ON CONFLICT DO NOTHING`,
    [
      d.tenant,
      d.id,
      d.profileId,
      d.entityId,
      d.entityType,
      d.name ?? null,
      d.location?.[0] ?? null,
      d.location?.[1] ?? null,
      d.devEui ?? null,
      d.secretHash,
      d.lastSeenAt ?? null,
      d.online,
      d.disabled,
      d.createdAt,
    ],
  );
  if (res.rowCount > 0) return 'ok';
  if (await selectDevice(q, d.tenant, d.id)) return 'exists';
  if (!(await selectProfile(q, d.tenant, d.profileId))) return 'no_profile';
  return 'dev_eui';
}

export async function selectDevice(
  q: Queryable,
  tenant: string,
  id: string,
  lock = false,
): Promise<DeviceRecord | undefined> {
  const row = (
    await q.query<DeviceRow>(
      `SELECT ${DEVICE_COLS} FROM devices WHERE tenant = $1 AND id = $2${lock ? ' FOR UPDATE' : ''}`,
      [tenant, id],
    )
  ).rows[0];
  return row ? toRecord(row) : undefined;
}

export async function selectDeviceIdByEui(
  q: Queryable,
  tenant: string,
  devEui: string,
): Promise<string | undefined> {
  return (
    await q.query<{ id: string }>('SELECT id FROM devices WHERE tenant = $1 AND dev_eui = $2', [
      tenant,
      devEui,
    ])
  ).rows[0]?.id;
}

const RESOLVE_SQL = `SELECT ${DEVICE_COLS.split(', ')
  .map((c) => `d.${c}`)
  .join(', ')}, ${PROFILE_COLS.split(', ')
  .map((c) => `p.${c} AS p_${c}`)
  .join(', ')}
  FROM devices d JOIN device_profiles p ON p.tenant = d.tenant AND p.id = d.profile_id
  WHERE d.tenant = $1 AND`;

type JoinedRow = DeviceRow & { [K in keyof ProfileRow as `p_${K}`]: ProfileRow[K] };

/** A device and its profile in one round trip (the ingestion hot path). */
export async function selectResolved(
  q: Queryable,
  tenant: string,
  by: { id: string } | { devEui: string },
): Promise<{ record: DeviceRecord; profile: DeviceProfile } | undefined> {
  const [cond, value] = 'id' in by ? ['d.id = $2', by.id] : ['d.dev_eui = $2', by.devEui];
  const row = (await q.query<JoinedRow>(`${RESOLVE_SQL} ${cond}`, [tenant, value])).rows[0];
  if (!row) return undefined;
  return {
    record: toRecord(row),
    profile: toProfile({
      tenant: row.p_tenant,
      id: row.p_id,
      name: row.p_name,
      entity_type: row.p_entity_type,
      attributes: row.p_attributes,
      reporting_interval_sec: row.p_reporting_interval_sec,
      codec: row.p_codec,
      data_class: row.p_data_class,
      created_at: row.p_created_at,
    }),
  };
}

export interface DeviceFilter {
  profileId?: string;
  online?: boolean;
  disabled?: boolean;
}

export async function selectDevices(
  q: Queryable,
  tenant: string,
  filter: DeviceFilter,
  page: { limit: number; offset: number },
): Promise<{ devices: DeviceRecord[]; total: number }> {
  const where = ['tenant = $1'];
  const params: unknown[] = [tenant];
  if (filter.profileId !== undefined) {
    params.push(filter.profileId);
    where.push(`profile_id = $${params.length}`);
  }
  if (filter.online !== undefined) {
    params.push(filter.online);
    where.push(`online = $${params.length}`);
  }
  if (filter.disabled !== undefined) {
    params.push(filter.disabled);
    where.push(`disabled = $${params.length}`);
  }
  const cond = where.join(' AND ');
  const total =
    (await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM devices WHERE ${cond}`, params)).rows[0]
      ?.n ?? 0;
  const rows = (
    await q.query<DeviceRow>(
      `SELECT ${DEVICE_COLS} FROM devices WHERE ${cond} ORDER BY id LIMIT ${page.limit} OFFSET ${page.offset}`,
      params,
    )
  ).rows;
  return { devices: rows.map(toRecord), total };
}

/** Writes the registry-owned fields of `d` (not liveness, which markSeen and the monitor own). */
export async function updateDeviceRow(q: Queryable, d: DeviceRecord): Promise<'ok' | 'gone' | 'dev_eui'> {
  if (d.devEui !== undefined) {
    const other = await selectDeviceIdByEui(q, d.tenant, d.devEui);
    if (other !== undefined && other !== d.id) return 'dev_eui';
  }
  const res = await q.query(
    `UPDATE devices SET profile_id = $3, name = $4, lon = $5, lat = $6, dev_eui = $7, disabled = $8
     WHERE tenant = $1 AND id = $2`,
    [
      d.tenant,
      d.id,
      d.profileId,
      d.name ?? null,
      d.location?.[0] ?? null,
      d.location?.[1] ?? null,
      d.devEui ?? null,
      d.disabled,
    ],
  );
  return res.rowCount > 0 ? 'ok' : 'gone';
}

/** Returns the device (with the new hash), or undefined when there is none. */
export async function setSecretHash(
  q: Queryable,
  tenant: string,
  id: string,
  hash: string,
): Promise<DeviceRecord | undefined> {
  const row = (
    await q.query<DeviceRow>(
      `UPDATE devices SET secret_hash = $3 WHERE tenant = $1 AND id = $2 RETURNING ${DEVICE_COLS}`,
      [tenant, id, hash],
    )
  ).rows[0];
  return row ? toRecord(row) : undefined;
}

export async function deleteDeviceRow(
  q: Queryable,
  tenant: string,
  id: string,
): Promise<DeviceRecord | undefined> {
  const row = (
    await q.query<DeviceRow>(`DELETE FROM devices WHERE tenant = $1 AND id = $2 RETURNING ${DEVICE_COLS}`, [
      tenant,
      id,
    ])
  ).rows[0];
  return row ? toRecord(row) : undefined;
}

export async function countDevicesOfEntity(q: Queryable, tenant: string, entityId: string): Promise<number> {
  return (
    (
      await q.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM devices WHERE tenant = $1 AND entity_id = $2',
        [tenant, entityId],
      )
    ).rows[0]?.n ?? 0
  );
}

/** Enabled devices of every tenant with their hashes, for the mosquitto export. */
export async function selectCredentials(
  q: Queryable,
): Promise<{ tenant: string; id: string; secretHash: string }[]> {
  return (
    await q.query<{ tenant: string; id: string; secret_hash: string }>(
      'SELECT tenant, id, secret_hash FROM devices WHERE NOT disabled ORDER BY tenant, id',
    )
  ).rows.map((r) => ({ tenant: r.tenant, id: r.id, secretHash: r.secret_hash }));
}

// ---- liveness ----

export interface SeenTransition {
  tenant: string;
  id: string;
  entityId: string;
  lastSeenAt: string;
}

/**
 * One statement for a whole batch: last_seen_at moves forward only, online becomes true, and the
 * devices that were offline before are returned. The CTE locks the rows first (FOR UPDATE), so under
 * concurrent batches `was_online` is the latest committed value and a transition is reported once.
 * Disabled devices are left alone (their messages are refused anyway).
 */
export async function markSeenRows(
  q: Queryable,
  seen: readonly { tenant: string; id: string; at: string }[],
): Promise<SeenTransition[]> {
  if (seen.length === 0) return [];
  const res = await q.query<{ tenant: string; id: string; entity_id: string; last_seen_at: string }>(
    `WITH s AS (
       SELECT tenant, id, max(at) AS at
       FROM unnest($1::text[], $2::text[], $3::timestamptz[]) AS t (tenant, id, at)
       GROUP BY tenant, id
     ), prev AS (
       SELECT d.tenant, d.id, d.online AS was_online
       FROM devices d JOIN s ON s.tenant = d.tenant AND s.id = d.id
       WHERE NOT d.disabled
       ORDER BY d.tenant, d.id
       FOR UPDATE OF d
     ), upd AS (
       UPDATE devices d
       SET last_seen_at = GREATEST(d.last_seen_at, s.at), online = true
       FROM s JOIN prev ON prev.tenant = s.tenant AND prev.id = s.id
       WHERE d.tenant = s.tenant AND d.id = s.id
       RETURNING d.tenant, d.id, d.entity_id, d.last_seen_at, prev.was_online
     )
     SELECT tenant, id, entity_id, last_seen_at FROM upd WHERE NOT was_online ORDER BY tenant, id`,
    [seen.map((s) => s.tenant), seen.map((s) => s.id), seen.map((s) => s.at)],
  );
  return res.rows.map((r) => ({
    tenant: r.tenant,
    id: r.id,
    entityId: r.entity_id,
    lastSeenAt: r.last_seen_at,
  }));
}

/** Online devices silent for more than 3 × their profile's interval become offline; returns them. */
export async function markSilentOffline(
  q: Queryable,
  now: string,
): Promise<{ tenant: string; id: string; entityId: string; lastSeenAt: string | null }[]> {
  const res = await q.query<{ tenant: string; id: string; entity_id: string; last_seen_at: string | null }>(
    `UPDATE devices d SET online = false
     FROM device_profiles p
     WHERE p.tenant = d.tenant AND p.id = d.profile_id AND d.online
       AND (d.last_seen_at IS NULL
            OR d.last_seen_at < $1::timestamptz - (3 * p.reporting_interval_sec) * interval '1 second')
     RETURNING d.tenant, d.id, d.entity_id, d.last_seen_at`,
    [now],
  );
  return res.rows
    .map((r) => ({ tenant: r.tenant, id: r.id, entityId: r.entity_id, lastSeenAt: r.last_seen_at }))
    .sort((a, b) => a.tenant.localeCompare(b.tenant) || a.id.localeCompare(b.id));
}
