// Validation of device profiles: how a device's payload keys become NGSI-LD attributes and, for
// LoRaWAN, how binary payloads are cut into fields. Pure; every message names the offending member so
// that a profile written by hand (CLI --file) can be fixed without guessing.
import { DosiError } from '../kernel/index.ts';
import { deviceErrors } from './errors.ts';
import { CODEC_FIELD_SIZES } from './types.ts';
import type {
  AttributeMapping,
  Codec,
  CodecField,
  CodecFieldType,
  DataClass,
  DeviceProfile,
} from './types.ts';

/** What a client sends to create or replace a profile. */
export interface DeviceProfileInput {
  id: string;
  name?: string;
  entityType: string;
  attributes: AttributeMapping[];
  reportingIntervalSec: number;
  codec?: Codec;
  dataClass?: DataClass;
}

/** A checked profile without the fields the registry sets (tenant, createdAt). */
export type ValidProfile = Omit<DeviceProfile, 'tenant' | 'createdAt'>;

export const PROFILE_ID_RE = /^[A-Za-z0-9_-]{1,64}$/;
/** NGSI-LD short names (§4.6.2): compacted through the core context, so URL-safe word characters. */
export const SHORT_NAME_RE = /^[A-Za-z][A-Za-z0-9_]{0,127}$/;
export const UNIT_CODE_RE = /^[A-Z0-9]{2,3}$/;
export const ATTRIBUTE_TYPES = ['number', 'integer', 'boolean', 'string', 'point'] as const;
export const DATA_CLASSES: readonly DataClass[] = ['default', 'personal'];
export const MAX_ATTRIBUTES = 100;
export const MAX_CODEC_FIELDS = 100;
/** The largest LoRaWAN application payload is 242 bytes; an offset past it can never be read. */
export const MAX_CODEC_OFFSET = 242;

export const CODEC_FIELD_TYPES = [
  'u8',
  'i8',
  'u16be',
  'u16le',
  'i16be',
  'i16le',
  'u32be',
  'u32le',
  'i32be',
  'i32le',
  'f32be',
  'f32le',
  'bool',
] as const satisfies readonly CodecFieldType[];

/**
 * Member names of an NGSI-LD entity or attribute (§4.6.3, §5.2.4): an attribute of that name would be
 * read as entity structure. `deviceId` is written by the registry itself at provisioning.
 */
export const RESERVED_ATTRS = new Set([
  'id',
  'type',
  'scope',
  'createdAt',
  'modifiedAt',
  'deletedAt',
  'observedAt',
  'datasetId',
  'instanceId',
  'unitCode',
  'value',
  'object',
  'languageMap',
  'vocab',
  'json',
  'deviceId',
]);

const ATTR_MEMBERS = new Set([
  'key',
  'attr',
  'type',
  'unitCode',
  'scale',
  'offset',
  'min',
  'max',
  'enum',
  'required',
]);
const FIELD_MEMBERS = new Set(['name', 'offset', 'type', 'bit', 'scale', 'fPort']);
const PROFILE_MEMBERS = new Set([
  'id',
  'name',
  'entityType',
  'attributes',
  'reportingIntervalSec',
  'codec',
  'dataClass',
]);

const invalid = (detail: string) => new DosiError(deviceErrors.PROFILE_INVALID, { detail });

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const show = (v: unknown): string => {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
};

function noExtraMembers(o: Record<string, unknown>, allowed: Set<string>, where: string): void {
  const extra = Object.keys(o).filter((k) => !allowed.has(k));
  if (extra.length > 0)
    throw invalid(`${where} has unknown member(s) ${extra.join(', ')}; allowed: ${[...allowed].join(', ')}`);
}

function finiteOpt(o: Record<string, unknown>, k: string, where: string): number | undefined {
  const v = o[k];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v))
    throw invalid(`${where}: ${k} must be a finite number, got ${show(v)}`);
  return v;
}

function checkAttribute(raw: unknown, i: number): AttributeMapping {
  const at = `attributes[${i}]`;
  if (!isObject(raw)) throw invalid(`${at} must be an object, got ${show(raw)}`);
  noExtraMembers(raw, ATTR_MEMBERS, at);
  const { key, attr, type } = raw;
  if (typeof key !== 'string' || key.length === 0 || key.length > 128)
    throw invalid(`${at}: key must be a string of 1–128 characters, got ${show(key)}`);
  const where = `${at} (key ${JSON.stringify(key)})`;
  if (typeof attr !== 'string' || !SHORT_NAME_RE.test(attr))
    throw invalid(
      `${where}: attr ${show(attr)} is not a valid NGSI-LD attribute name (a letter, then letters, digits or _; at most 128)`,
    );
  if (RESERVED_ATTRS.has(attr))
    throw invalid(`${where}: attr ${JSON.stringify(attr)} is reserved by NGSI-LD or the device registry`);
  if (typeof type !== 'string' || !(ATTRIBUTE_TYPES as readonly string[]).includes(type))
    throw invalid(`${where}: type must be one of ${ATTRIBUTE_TYPES.join(', ')}, got ${show(type)}`);
  const t = type as AttributeMapping['type'];
  const numeric = t === 'number' || t === 'integer';
  const m: AttributeMapping = { key, attr, type: t };

  if (raw.unitCode !== undefined) {
    if (typeof raw.unitCode !== 'string' || !UNIT_CODE_RE.test(raw.unitCode))
      throw invalid(
        `${where}: unitCode ${show(raw.unitCode)} must be a UN/CEFACT code of 2–3 upper-case letters or digits (e.g. CEL, P1, MTQ)`,
      );
    if (!numeric) throw invalid(`${where}: unitCode applies to number and integer attributes only`);
    m.unitCode = raw.unitCode;
  }
  for (const k of ['scale', 'offset', 'min', 'max'] as const) {
    const v = finiteOpt(raw, k, where);
    if (v === undefined) continue;
    if (!numeric) throw invalid(`${where}: ${k} applies to number and integer attributes only`);
    if (k === 'scale' && v === 0) throw invalid(`${where}: scale 0 would store 0 for every reading`);
    m[k] = v;
  }
  if (m.min !== undefined && m.max !== undefined && m.min > m.max)
    throw invalid(`${where}: min ${m.min} is greater than max ${m.max}`);
  if (raw.enum !== undefined) {
    if (t !== 'string') throw invalid(`${where}: enum applies to string attributes only`);
    const e = raw.enum;
    if (!Array.isArray(e) || e.length === 0 || !e.every((s) => typeof s === 'string' && s.length > 0))
      throw invalid(`${where}: enum must be a non-empty list of non-empty strings`);
    const strings = e as string[];
    if (new Set(strings).size !== strings.length) throw invalid(`${where}: enum lists a value twice`);
    m.enum = strings;
  }
  if (raw.required !== undefined) {
    if (typeof raw.required !== 'boolean')
      throw invalid(`${where}: required must be true or false, got ${show(raw.required)}`);
    m.required = raw.required;
  }
  return m;
}

function checkField(raw: unknown, i: number): CodecField {
  const at = `codec.fields[${i}]`;
  if (!isObject(raw)) throw invalid(`${at} must be an object, got ${show(raw)}`);
  noExtraMembers(raw, FIELD_MEMBERS, at);
  const { name, offset, type } = raw;
  if (typeof name !== 'string' || name.length === 0 || name.length > 128)
    throw invalid(`${at}: name must be a string of 1–128 characters, got ${show(name)}`);
  const where = `${at} (${JSON.stringify(name)})`;
  if (typeof type !== 'string' || !(type in CODEC_FIELD_SIZES))
    throw invalid(
      `${where}: type ${show(type)} is unknown; use one of ${Object.keys(CODEC_FIELD_SIZES).join(', ')}`,
    );
  if (typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0 || offset > MAX_CODEC_OFFSET)
    throw invalid(
      `${where}: offset must be an integer byte offset 0–${MAX_CODEC_OFFSET}, got ${show(offset)}`,
    );
  const f: CodecField = { name, offset, type: type as CodecFieldType };
  if (raw.bit !== undefined) {
    if (type !== 'bool') throw invalid(`${where}: bit is only allowed with type bool (got type ${type})`);
    if (typeof raw.bit !== 'number' || !Number.isInteger(raw.bit) || raw.bit < 0 || raw.bit > 7)
      throw invalid(`${where}: bit must be an integer 0–7, got ${show(raw.bit)}`);
    f.bit = raw.bit;
  }
  const scale = finiteOpt(raw, 'scale', where);
  if (scale !== undefined) {
    if (type === 'bool') throw invalid(`${where}: scale does not apply to bool fields`);
    if (scale === 0) throw invalid(`${where}: scale 0 would decode 0 for every payload`);
    f.scale = scale;
  }
  if (raw.fPort !== undefined) {
    const p = raw.fPort;
    if (typeof p !== 'number' || !Number.isInteger(p) || p < 1 || p > 223)
      throw invalid(`${where}: fPort must be an application port 1–223, got ${show(p)}`);
    f.fPort = p;
  }
  return f;
}

function checkCodec(raw: unknown, attributes: AttributeMapping[]): Codec {
  if (!isObject(raw)) throw invalid(`codec must be an object with fields, got ${show(raw)}`);
  noExtraMembers(raw, new Set(['fields']), 'codec');
  if (!Array.isArray(raw.fields) || raw.fields.length === 0)
    throw invalid('codec.fields must be a non-empty list');
  if (raw.fields.length > MAX_CODEC_FIELDS)
    throw invalid(`codec.fields has ${raw.fields.length} fields; at most ${MAX_CODEC_FIELDS}`);
  const fields = (raw.fields as unknown[]).map(checkField);
  const byName = new Map<string, CodecField>();
  for (const f of fields) {
    if (byName.has(f.name)) throw invalid(`codec field name ${JSON.stringify(f.name)} is used twice`);
    byName.set(f.name, f);
  }
  // Decoded fields become payload keys: each must map to an attribute (else every reading would be
  // refused as unknown_key), and each attribute must be fed by a field of a compatible type.
  const byKey = new Map(attributes.map((a) => [a.key, a]));
  for (const f of fields) {
    const a = byKey.get(f.name);
    if (!a)
      throw invalid(
        `codec field ${JSON.stringify(f.name)} is not mapped: add an attribute with key ${JSON.stringify(f.name)}`,
      );
    const ok = f.type === 'bool' ? a.type === 'boolean' : a.type === 'number' || a.type === 'integer';
    if (!ok)
      throw invalid(
        `codec field ${JSON.stringify(f.name)} (${f.type}) cannot feed attribute ${a.attr} of type ${a.type}; ${f.type === 'bool' ? 'use type boolean' : 'use type number or integer'}`,
      );
  }
  for (const a of attributes)
    if (!byName.has(a.key))
      throw invalid(`attribute ${a.attr} reads key ${JSON.stringify(a.key)}, which no codec field produces`);
  return { fields };
}

/** Checks and normalises a profile; throws DOSI_ERR_DEVICE_PROFILE_INVALID naming the first problem. */
export function validateProfile(input: unknown): ValidProfile {
  if (!isObject(input)) throw invalid(`a profile must be a JSON object, got ${show(input)}`);
  noExtraMembers(input, PROFILE_MEMBERS, 'the profile');
  const { id, entityType, attributes, reportingIntervalSec } = input;
  if (typeof id !== 'string' || !PROFILE_ID_RE.test(id))
    throw invalid(`id ${show(id)} must be 1–64 letters, digits, _ or -`);
  let name = id;
  if (input.name !== undefined) {
    if (typeof input.name !== 'string' || input.name.trim().length === 0 || input.name.length > 200)
      throw invalid(`name must be a string of 1–200 characters, got ${show(input.name)}`);
    name = input.name.trim();
  }
  if (typeof entityType !== 'string' || !SHORT_NAME_RE.test(entityType))
    throw invalid(
      `entityType ${show(entityType)} is not a valid NGSI-LD type name (a letter, then letters, digits or _), e.g. WasteContainer`,
    );
  if (
    typeof reportingIntervalSec !== 'number' ||
    !Number.isInteger(reportingIntervalSec) ||
    reportingIntervalSec < 1 ||
    reportingIntervalSec > 86400
  )
    throw invalid(
      `reportingIntervalSec must be a whole number of seconds 1–86400, got ${show(reportingIntervalSec)}`,
    );
  if (!Array.isArray(attributes) || attributes.length === 0)
    throw invalid('attributes must be a non-empty list of attribute mappings');
  if (attributes.length > MAX_ATTRIBUTES)
    throw invalid(`attributes has ${attributes.length} entries; at most ${MAX_ATTRIBUTES}`);
  const attrs = (attributes as unknown[]).map(checkAttribute);
  const keys = new Set<string>();
  const names = new Set<string>();
  for (const a of attrs) {
    if (keys.has(a.key)) throw invalid(`attribute key ${JSON.stringify(a.key)} is mapped twice`);
    if (names.has(a.attr)) throw invalid(`attribute ${a.attr} is the target of two keys`);
    keys.add(a.key);
    names.add(a.attr);
  }
  let dataClass: DataClass = 'default';
  if (input.dataClass !== undefined) {
    if (!DATA_CLASSES.includes(input.dataClass as DataClass))
      throw invalid(`dataClass must be default or personal, got ${show(input.dataClass)}`);
    dataClass = input.dataClass as DataClass;
  }
  const out: ValidProfile = { id, name, entityType, attributes: attrs, reportingIntervalSec, dataClass };
  if (input.codec !== undefined && input.codec !== null) out.codec = checkCodec(input.codec, attrs);
  return out;
}
