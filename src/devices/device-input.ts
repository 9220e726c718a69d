// Checks of device input (HTTP, CLI, CSV rows). Pure; messages name the field and the rule.
import { DosiError } from '../kernel/index.ts';
import { isUri } from '../context/ngsi/validate.ts';
import { deviceErrors } from './errors.ts';
import { PROFILE_ID_RE } from './profile.ts';
import { DEVICE_ID_RE } from './types.ts';

export interface NewDevice {
  id: string;
  profileId: string;
  name?: string;
  /** [lon, lat] WGS 84. */
  location?: [number, number];
  /** 16 hex digits; `-`, `:` and blanks between them are tolerated. */
  devEui?: string;
  /** The NGSI-LD entity to update; default urn:ngsi-ld:{entityType}:{tenant}:{id}. */
  entityId?: string;
}

/** Fields a device update may change; null clears an optional field. */
export interface DevicePatch {
  name?: string | null;
  location?: [number, number] | null;
  disabled?: boolean;
  profileId?: string;
  devEui?: string | null;
}

const invalid = (detail: string) => new DosiError(deviceErrors.DEVICE_INVALID, { detail });
const show = (v: unknown) => JSON.stringify(v) ?? String(v);

export function checkDeviceId(id: unknown): string {
  if (typeof id !== 'string' || !DEVICE_ID_RE.test(id))
    throw invalid(`id ${show(id)} must be 1–64 letters, digits, _ or -`);
  return id;
}

export function checkProfileRef(id: unknown): string {
  if (typeof id !== 'string' || !PROFILE_ID_RE.test(id))
    throw invalid(`profile ${show(id)} must be 1–64 letters, digits, _ or -`);
  return id;
}

export function checkName(name: unknown): string | undefined {
  if (typeof name !== 'string' || name.length > 200)
    throw invalid(`name must be a string of at most 200 characters, got ${show(name)}`);
  const t = name.trim();
  return t === '' ? undefined : t;
}

export function checkLocation(loc: unknown): [number, number] {
  if (!Array.isArray(loc) || loc.length !== 2)
    throw invalid(`location must be [lon, lat] in WGS 84 degrees, got ${show(loc)}`);
  const [lon, lat] = loc as unknown[];
  if (typeof lon !== 'number' || !Number.isFinite(lon) || lon < -180 || lon > 180)
    throw invalid(`longitude ${show(lon)} must be a number between -180 and 180`);
  if (typeof lat !== 'number' || !Number.isFinite(lat) || lat < -90 || lat > 90)
    throw invalid(`latitude ${show(lat)} must be a number between -90 and 90`);
  return [lon, lat];
}

/** LoRaWAN DevEUI as stored: 16 lower-case hex digits. */
export function normalizeDevEui(v: unknown): string {
  const s = typeof v === 'string' ? v.replace(/[\s:-]/g, '').toLowerCase() : '';
  if (!/^[0-9a-f]{16}$/.test(s)) throw invalid(`devEui ${show(v)} must be 16 hexadecimal digits`);
  return s;
}

export function checkNewDevice(input: NewDevice): NewDevice {
  const out: NewDevice = { id: checkDeviceId(input.id), profileId: checkProfileRef(input.profileId) };
  if (input.name !== undefined) {
    const name = checkName(input.name);
    if (name !== undefined) out.name = name;
  }
  if (input.location !== undefined) out.location = checkLocation(input.location);
  if (input.devEui !== undefined) out.devEui = normalizeDevEui(input.devEui);
  if (input.entityId !== undefined) {
    if (!isUri(input.entityId))
      throw invalid(`entityId ${show(input.entityId)} must be a URI, e.g. urn:ngsi-ld:WasteContainer:1`);
    out.entityId = input.entityId;
  }
  return out;
}

/** The entity a device gets when none is named: urn:ngsi-ld:{entityType}:{tenant}:{deviceId}. */
export const defaultEntityId = (entityType: string, tenant: string, deviceId: string): string =>
  `urn:ngsi-ld:${entityType}:${tenant}:${deviceId}`;
