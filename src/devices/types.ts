// The device registry's vocabulary: a device, the profile that says how to read its payloads, and
// the declarative binary codec for LoRaWAN payloads (byte offsets, types, scale — never code).

/** UN/CEFACT common codes for the units devices report (NGSI-LD unitCode). */
export type UnitCode = string;

/** How a value of the payload becomes an NGSI-LD attribute. */
export interface AttributeMapping {
  /** Key in the decoded payload object (JSON payloads, or a codec field name). */
  key: string;
  /** NGSI-LD attribute short name (expanded with the core context: https://uri.etsi.org/ngsi-ld/default-context/{attr}). */
  attr: string;
  type: 'number' | 'integer' | 'boolean' | 'string' | 'point';
  /** UN/CEFACT code, e.g. 'P1' percent, 'CEL' °C, 'MTQ' m³, 'A53' … */
  unitCode?: UnitCode;
  /** stored = raw × scale + offset (numbers only). */
  scale?: number;
  offset?: number;
  /** Valid range of the stored value (after scaling); outside → rejected as out_of_range. */
  min?: number;
  max?: number;
  /** Strings: the allowed values. */
  enum?: string[];
  /** A reading must carry this key (default false: partial readings are fine). */
  required?: boolean;
}

export type CodecFieldType =
  | 'u8'
  | 'i8'
  | 'u16be'
  | 'u16le'
  | 'i16be'
  | 'i16le'
  | 'u32be'
  | 'u32le'
  | 'i32be'
  | 'i32le'
  | 'f32be'
  | 'f32le'
  | 'bool';

/** Bytes each codec field type reads. */
export const CODEC_FIELD_SIZES: Record<CodecFieldType, number> = {
  u8: 1,
  i8: 1,
  bool: 1,
  u16be: 2,
  u16le: 2,
  i16be: 2,
  i16le: 2,
  u32be: 4,
  u32le: 4,
  i32be: 4,
  i32le: 4,
  f32be: 4,
  f32le: 4,
};

/** One field of a binary payload. `bit` (0–7) reads one bit of a u8 for 'bool'. */
export interface CodecField {
  name: string;
  offset: number;
  type: CodecFieldType;
  bit?: number;
  /** decoded = raw × scale (default 1); applied before the attribute mapping. */
  scale?: number;
  /** Only decode this field when the LoRaWAN fPort equals this. */
  fPort?: number;
}

export interface Codec {
  fields: CodecField[];
}

/** Attribute class, for retention: personal data (residents' locations, care signals) is kept shorter. */
export type DataClass = 'default' | 'personal';

export interface DeviceProfile {
  tenant: string;
  id: string;
  name: string;
  /** NGSI-LD type of the entities of this profile's devices, e.g. 'WasteContainer'. */
  entityType: string;
  attributes: AttributeMapping[];
  /** Expected seconds between readings; offline after 3 × this without one. */
  reportingIntervalSec: number;
  /** LoRaWAN binary payload codec (absent: the network server must send decoded JSON). */
  codec?: Codec;
  dataClass: DataClass;
  createdAt: string;
}

export interface Device {
  tenant: string;
  /** [A-Za-z0-9_-]{1,64}, unique per tenant. */
  id: string;
  profileId: string;
  /** The NGSI-LD entity the device updates (created at provisioning), e.g. urn:ngsi-ld:WasteContainer:hanam:bin-001. */
  entityId: string;
  entityType: string;
  name?: string;
  /** [lon, lat] WGS84 of an installed device (written as the entity's location). */
  location?: [number, number];
  /** LoRaWAN DevEUI (16 hex digits, lower case) when the device is a LoRaWAN end device. */
  devEui?: string;
  lastSeenAt?: string;
  online: boolean;
  disabled: boolean;
  createdAt: string;
}

/** MQTT user name of a device: `{deviceId}@{tenant}`. */
export const mqttUsername = (tenant: string, deviceId: string): string => `${deviceId}@${tenant}`;

export function parseMqttUsername(u: string): { tenant: string; deviceId: string } | undefined {
  const at = u.lastIndexOf('@');
  if (at <= 0 || at === u.length - 1) return undefined;
  return { deviceId: u.slice(0, at), tenant: u.slice(at + 1) };
}

export const DEVICE_ID_RE = /^[A-Za-z0-9_-]{1,64}$/;
